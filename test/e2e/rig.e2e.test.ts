/**
 * Checks the real-n8n rig itself with built-in nodes only, so a failure here points at the rig or
 * the n8n runtime, never at our nodes: webhook round trip, Data Table node writes read back
 * through the public API, executions readable with their data.
 */
import { ensureRuntime, startN8n, type RunningN8n } from '../../scripts/n8n/runtime.mjs';

const ECHO = 'test/e2e/fixtures/rig-echo.json';

// Long enough for a cold n8n install plus a start on a loaded machine.
const INSTALL_AND_START_TIMEOUT_MS = 20 * 60_000;

describe('real n8n rig (built-in nodes only)', () => {
	let n8n: RunningN8n;

	beforeAll(async () => {
		// A cold install (fresh machine) takes ~4-6 minutes; its progress shows in the terminal.
		ensureRuntime();
		n8n = await startN8n({ workflows: [ECHO], installPackage: false });
		console.log(`n8n ready: import ${n8n.timings.importMs} ms, start ${n8n.timings.readyMs} ms, total ${n8n.timings.totalMs} ms`);
	}, INSTALL_AND_START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	});

	it('imports and activates the webhook workflow', () => {
		expect(n8n.workflows).toEqual([expect.objectContaining({ file: ECHO, id: 'rigEcho00000001', active: true })]);
	});

	it('creates the Data Table from the workflow (table create, if missing), inserts a row and answers through Respond to Webhook', async () => {
		const res = await n8n.client.postWebhook('rig-echo', { name: 'Ana Ruiz', score: 42 });
		expect(res.status).toBe(200);
		expect(res.body.echoed).toEqual({ name: 'Ana Ruiz', score: 42 });
		expect(res.body.row).toEqual(expect.objectContaining({ name: 'Ana Ruiz', score: 42 }));

		// A second request finds the table already there (createIfNotExists) and adds a row.
		expect((await n8n.client.postWebhook('rig-echo', { name: 'Cy', score: 3 })).status).toBe(200);
		const table = await n8n.client.dataTableByName('rig_check');
		expect(table).not.toBeNull();
		const rows = await n8n.client.dataTableRows(table!.id);
		expect(rows.map((row) => [row.name, row.score])).toEqual([
			['Ana Ruiz', 42],
			['Cy', 3],
		]);
	});

	it('inserts and reads rows directly through the public API', async () => {
		const table = await n8n.client.createDataTable('rig_direct', [
			{ name: 'agentId', type: 'string' },
			{ name: 'active', type: 'boolean' },
		]);
		await n8n.client.insertDataTableRows(table.id, [
			{ agentId: 'a1', active: true },
			{ agentId: 'a2', active: false },
		]);
		const rows = await n8n.client.dataTableRows(table.id);
		expect(rows.map((row) => [row.agentId, row.active])).toEqual([
			['a1', true],
			['a2', false],
		]);
	});

	it('records webhook executions with their node data', async () => {
		await n8n.client.postWebhook('rig-echo', { name: 'Bo', score: 1 });
		// Earlier tests in this file posted once; this is at least the third execution.
		const executions = await n8n.client.waitForExecutions({
			workflowId: 'rigEcho00000001',
			atLeast: 3,
			includeData: true,
		});
		const latest = executions[0];
		expect(latest).toEqual(expect.objectContaining({ mode: 'webhook', status: 'success' }));
		const runData = latest.data.resultData.runData;
		expect(runData['Insert row'][0].data.main[0][0].json).toEqual(expect.objectContaining({ name: 'Bo', score: 1 }));
	});

	it('answers 404 for a webhook path nobody registered', async () => {
		const res = await n8n.client.postWebhook('no-such-path', {});
		expect(res.status).toBe(404);
	});
});
