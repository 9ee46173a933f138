/**
 * Fuzzing through a real n8n (issue 6, "Bad input and abuse"): seeded malformed payloads from
 * test/fuzz/generate.ts posted over HTTP to the intake and inbound routing webhooks. Every request
 * must be answered with a verdict (200 / 202 / 422, never a 5xx or a hang), no execution may fail
 * or stay running, and no assignment may go to an agent the roster does not allow (re-checked here
 * from the roster, independently of License Check).
 *
 * The in-process tier (test/fuzz) runs 10,000 payloads through the engine and hundreds through
 * n8n-core; this tier proves the same through the Webhook node, n8n's body parsing and the Data
 * Tables. FUZZ_E2E_COUNT raises the count (default 150 per webhook, to keep CI short).
 */
import type { RunningN8n } from '../../scripts/n8n/runtime.mjs';
import { tableRows } from '../../scripts/n8n/templates.mjs';
import { INSTALL_AND_START_TIMEOUT_MS, startRoutingN8n } from './support/routingN8n';
import { generatePayloads, type FuzzPayload } from '../fuzz/generate';
import { licensingProblem } from './support/roster';

const COUNT = Number(process.env.FUZZ_E2E_COUNT ?? 150);
const SEED = 20261125;
const IN_FLIGHT = 4;
const VERDICTS = [200, 202, 422];
const FALLBACK_OWNER = 'manager';

/** The HTTP body for a payload, or null when it cannot be sent as JSON (nesting too deep for V8). */
function bodyOf(fuzz: FuzzPayload): string | null {
	try {
		return JSON.stringify(fuzz.payload ?? null);
	} catch {
		return null;
	}
}

async function postAll(n8n: RunningN8n, path: string, payloads: FuzzPayload[]) {
	const results: Array<{ fuzz: FuzzPayload; status: number; text: string }> = [];
	let next = 0;
	const worker = async () => {
		while (next < payloads.length) {
			const fuzz = payloads[next++];
			const body = bodyOf(fuzz);
			if (body === null) continue;
			const res = await n8n.client.postWebhook(path, body, { contentType: 'application/json' });
			results.push({ fuzz, status: res.status, text: res.text });
		}
	};
	await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
	return results;
}

/**
 * Every execution of a workflow once none is still new or running (a webhook answers before n8n
 * saves its execution). Pages through the public API: one page holds at most 250.
 */
async function settledExecutions(n8n: RunningN8n, workflowId: string, expected: number) {
	const deadline = Date.now() + 180_000;
	for (;;) {
		const all: Array<{ id: string; status: string }> = await n8n.client.apiAll(`/executions?workflowId=${workflowId}&limit=250`);
		const settled = all.every((execution) => !['new', 'running'].includes(execution.status));
		if ((all.length >= expected && settled) || Date.now() > deadline) return all;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

describe(`fuzzing the webhooks of a real n8n (${COUNT} payloads each)`, () => {
	let n8n: RunningN8n;
	let intakeId: string;
	let inboundId: string;
	const payloads = generatePayloads(SEED, COUNT);

	beforeAll(async () => {
		const started = await startRoutingN8n(['workflows/lead-intake.json', 'workflows/inbound-lead-routing.json']);
		n8n = started.n8n;
		intakeId = started.ids['workflows/lead-intake.json'];
		inboundId = started.ids['workflows/inbound-lead-routing.json'];
	}, INSTALL_AND_START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	});

	it('intake answers every payload with a verdict, and no execution fails', async () => {
		const results = await postAll(n8n, 'lead-intake', payloads);
		expect(results.length).toBeGreaterThan(COUNT * 0.9);
		const unanswered = results.filter((r) => !VERDICTS.includes(r.status));
		expect(unanswered.map((r) => `#${r.fuzz.index} ${r.fuzz.kind} (${r.fuzz.note}): ${r.status} ${r.text.slice(0, 120)}`)).toEqual([]);
		const executions = await settledExecutions(n8n, intakeId, results.length);
		expect(executions.length).toBeGreaterThanOrEqual(results.length);
		const failed = executions.filter((execution) => execution.status !== 'success');
		expect(failed.map((execution) => `${execution.id}: ${execution.status}`)).toEqual([]);
	}, 15 * 60_000);

	it('inbound routing answers every payload, fails no execution and assigns only licensed agents', async () => {
		const results = await postAll(n8n, 'inbound-lead', payloads);
		const unanswered = results.filter((r) => !VERDICTS.includes(r.status));
		expect(unanswered.map((r) => `#${r.fuzz.index} ${r.fuzz.kind} (${r.fuzz.note}): ${r.status} ${r.text.slice(0, 120)}`)).toEqual([]);
		console.log(
			`inbound fuzz verdicts: ${VERDICTS.map((status) => `${status}: ${results.filter((r) => r.status === status).length}`).join(', ')}`,
		);

		// An assigned lead's execution waits for the agent's answer: waiting is expected, failing is not.
		const executions = await settledExecutions(n8n, inboundId, results.length);
		expect(executions.length).toBeGreaterThanOrEqual(results.length);
		const bad = executions.filter((execution) => !['success', 'waiting'].includes(execution.status));
		expect(bad.map((execution) => `${execution.id}: ${execution.status}`)).toEqual([]);

		const assignments = (await tableRows(n8n.client, 'outcomes')).filter((row) => row.event === 'assigned' && row.agentId !== FALLBACK_OWNER);
		const illegal = assignments
			.map((row) => ({ row, problem: licensingProblem(String(row.agentId), String(row.state), String(row.product)) }))
			.filter((entry) => entry.problem !== null);
		expect(illegal.map((entry) => `${entry.row.leadId}: ${entry.problem}`)).toEqual([]);
		// Exactly one assignment per routed lead: a malformed payload must never fork a lead.
		const perLead = new Map<string, number>();
		for (const row of assignments) perLead.set(String(row.leadId), (perLead.get(String(row.leadId)) ?? 0) + 1);
		expect([...perLead.entries()].filter(([, count]) => count > 1)).toEqual([]);
	}, 15 * 60_000);
});
