/**
 * Log Outcome inside n8n's real WorkflowExecute: flat rows and records, expressions for the event,
 * execution custom data, bad rows, Continue On Fail, and the Report with its HTML dashboard.
 */
import type { IDataObject } from 'n8n-workflow';

import { toFlatRow } from '../../engine/outcome/record';
import { runNode } from '../harness/runWorkflow';
import { assignedLead } from '../engine/escalate/fixtures';
import { smallHistory } from '../engine/outcome/history';

const TYPE = 'n8n-nodes-lead-routing.logOutcome';
const lead = (leadId: string, agentId: string) => {
	const json = assignedLead() as unknown as IDataObject;
	json.leadId = leadId;
	(json.assignment as IDataObject).agentId = agentId;
	return json;
};

describe('Log Outcome: Log', () => {
	it('turns assigned leads into flat rows and tags the execution', async () => {
		const { nodeOutputs, error, run } = await runNode({ type: TYPE, inputs: [[lead('L1', 'a1'), lead('L2', 'a2')]] });
		expect(error).toBeUndefined();
		const rows = nodeOutputs[0];
		expect(rows.map((row) => row.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(rows[0].json).toMatchObject({ leadId: 'L1', agentId: 'a1', event: 'assigned', at: '2026-11-02T14:00:00.000Z', strategy: 'learned', propensity: 0.6, product: 'auto' });
		expect(JSON.parse(rows[0].json.lead as string)).toMatchObject({ leadId: 'L1', state: 'FL', score: 80 });
		expect(run.data.resultData.metadata).toEqual({ leadId: 'L1, L2', agentId: 'a1, a2', outcomeEvent: 'assigned' });
	});

	it('takes the event, time and value from expressions over a CRM payload, as a nested record', async () => {
		const crm = { ...lead('L3', 'a1'), crm: { stage: 'won', closedAt: '2026-11-04T10:00:00Z', premium: 1800 } };
		const { nodeOutputs } = await runNode({
			type: TYPE,
			parameters: {
				event: '={{ $json.crm.stage }}',
				eventTime: '={{ $json.crm.closedAt }}',
				value: '={{ $json.crm.premium }}',
				outputShape: 'record',
				tagExecution: false,
			},
			inputs: [[crm]],
		});
		expect(nodeOutputs[0][0].json).toMatchObject({ event: 'won', at: '2026-11-04T10:00:00.000Z', value: 1800, lead: { leadId: 'L3', product: 'auto' } });
	});

	it('computes response time and SLA for a contact event', async () => {
		const { nodeOutputs } = await runNode({
			type: TYPE,
			parameters: { event: 'contacted', eventTime: '2026-11-02T14:07:00Z' },
			inputs: [[lead('L4', 'a1')]],
		});
		expect(nodeOutputs[0][0].json).toMatchObject({ event: 'contacted', responseSeconds: 420, slaMet: false });
	});

	it('stops on a bad row naming item and field, or keeps every item with Continue On Fail', async () => {
		const inputs = [[lead('L1', 'a1'), { leadId: 'L9', event: 'won' }, { ...lead('L2', 'a2'), event: 'called' }]];
		const failed = await runNode({ type: TYPE, inputs });
		expect(failed.error?.message).toBe('Item 1: field "agentId" is missing: set Agent ID or send items with an assignment');

		const kept = await runNode({ type: TYPE, inputs, onError: 'continueRegularOutput' });
		expect(kept.error).toBeUndefined();
		const all = kept.nodeOutputs.flat();
		expect(all).toHaveLength(3);
		expect(all.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(all[2].json).toMatchObject({ details: { field: 'event', code: 'unknownEvent' } });
	});
});

describe('Log Outcome: Report', () => {
	const rows = smallHistory.map((record) => toFlatRow(record) as unknown as IDataObject);

	it('reports per agent and segment with a summary carrying the HTML dashboard', async () => {
		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { operation: 'report', agentWeights: 'a1=2, a2=1', reportOptions: { title: 'Week 45' } },
			inputs: [rows],
		});
		expect(error).toBeUndefined();
		const out = nodeOutputs[0];
		expect(out.map((item) => `${item.json.type}:${item.json.agentId ?? item.json.segment ?? ''}`)).toEqual([
			'summary:',
			'agent:a1',
			'agent:a2',
			'segment:auto',
			'segment:home',
			'segment:organic',
			'segment:paid_search',
		]);
		expect(out[0].json).toMatchObject({ leads: 5, won: 2, conversion: 0.4, fairness: { gini: 0.1667 }, lift: { learned: { leads: 3 }, holdout: { leads: 2 } } });
		expect(out[1].json).toMatchObject({ agentId: 'a1', leads: 3, responseP90Seconds: 504, weightedShare: 0.6667 });
		expect(out[0].pairedItem).toHaveLength(rows.length);
		// a1's row points at the input rows about a1.
		expect((out[1].pairedItem as Array<{ item: number }>).map((p) => p.item)).toEqual(
			smallHistory.flatMap((record, index) => (record.agentId === 'a1' ? [index] : [])),
		);
		const dashboard = out[0].binary?.dashboard;
		expect(dashboard).toMatchObject({ mimeType: 'text/html', fileName: 'lead-routing-report.html' });
		const html = Buffer.from(dashboard!.data, 'base64').toString('utf8');
		expect(html).toContain('<title>Week 45</title>');
		expect(html).not.toMatch(/<script/i);
	});

	it('reads nested records too, and can leave the dashboard out', async () => {
		const { nodeOutputs } = await runNode({
			type: TYPE,
			parameters: { operation: 'report', includeDashboard: false },
			inputs: [JSON.parse(JSON.stringify(smallHistory))],
		});
		expect(nodeOutputs[0][0].json).toMatchObject({ type: 'summary', leads: 5 });
		expect(nodeOutputs[0][0].binary).toBeUndefined();
	});

	it('names a bad history row, or reports on the rest with Continue On Fail', async () => {
		const bad = [...rows.slice(0, 3), { ...rows[3], at: 'last tuesday' }];
		const failed = await runNode({ type: TYPE, parameters: { operation: 'report' }, inputs: [bad] });
		expect(failed.error?.message).toMatch(/^Item 3: field "at"/);
		const kept = await runNode({ type: TYPE, parameters: { operation: 'report' }, inputs: [bad], onError: 'continueRegularOutput' });
		const out = kept.nodeOutputs[0];
		expect(out[0].json).toMatchObject({ type: 'summary', records: 3 });
		expect(out[out.length - 1]).toMatchObject({ json: { details: { field: 'at' } }, pairedItem: { item: 3 } });
	});

	it('reports on an empty outcomes table (the empty item Always Output Data gives) instead of failing', async () => {
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: { operation: 'report' }, inputs: [[{}]] });
		expect(error).toBeUndefined();
		expect(nodeOutputs[0][0].json).toMatchObject({ type: 'summary', records: 0, leads: 0 });
	});

	it('points tier rows at their leads\' rows, and a lead\'s rows without a snapshot at its segments', async () => {
		// L1 and L2 tier A, the rest B; a CRM row closing L1 arrives with no snapshot.
		const tiered = smallHistory.map((record) => ({ ...record, lead: { ...record.lead!, tier: record.leadId < 'L3' ? 'A' : 'B' } }));
		const crmWon = { leadId: 'L1', agentId: 'a1', event: 'won', at: '2026-11-02T12:30:00.000Z', value: 200 };
		const input = [...tiered.map((record) => toFlatRow(record) as unknown as IDataObject), crmWon];
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: { operation: 'report', includeDashboard: false }, inputs: [input] });
		expect(error).toBeUndefined();
		const pairedOf = (dimension: string, segment: string) => {
			const row = nodeOutputs[0].find((item) => item.json.dimension === dimension && item.json.segment === segment);
			return (row?.pairedItem as Array<{ item: number }>).map((paired) => paired.item);
		};
		const rowsOf = (leadIds: string[]) => input.flatMap((row, index) => (leadIds.includes(String(row.leadId)) ? [index] : []));
		expect(pairedOf('tier', 'A')).toEqual(rowsOf(['L1', 'L2']));
		expect(pairedOf('tier', 'B')).toEqual(rowsOf(['L3', 'L4', 'L5']));
		expect(pairedOf('product', 'auto')).toEqual(rowsOf(['L1', 'L2', 'L5']));
		expect(pairedOf('channel', 'paid_search')).toEqual(rowsOf(['L1', 'L3', 'L5']));
		expect(nodeOutputs[0].some((item) => item.json.segment === '(unknown)')).toBe(false);
	});

	it('rejects unreadable agent weights naming the field', async () => {
		const { error } = await runNode({ type: TYPE, parameters: { operation: 'report', agentWeights: 'a1=lots' }, inputs: [rows] });
		expect(error?.message).toMatch(/field "agentWeights"/);
	});
});
