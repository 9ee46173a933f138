/**
 * Lead Match inside the real n8n engine (WorkflowExecute): three inputs (leads, agents, history),
 * two outputs, pairedItem, Continue On Fail, items in = items out, rules evaluated as n8n filters.
 */
import { runNode } from '../harness/runWorkflow';

const TYPE = 'n8n-nodes-lead-routing.leadMatch';
const NOW = '2026-03-18T15:00:00.000Z';

const agents = [
	{ id: 'ava', name: 'Ava', active: true, timezone: 'America/New_York', weight: 2, licenseStates: 'FL', linesOfAuthority: 'personalLines', skills: 'commercial' },
	{ id: 'ben', name: 'Ben', active: 'true', timezone: 'America/New_York', weight: '1', licenseStates: 'FL', linesOfAuthority: 'personalLines' },
	{ id: 'cy', name: 'Cy', active: true, timezone: 'America/New_York', capacity: { perDay: 1 }, licenseStates: 'FL', linesOfAuthority: 'personalLines' },
];

const lead = (leadId: string, extra: Record<string, unknown> = {}) => ({ leadId, dedupeKey: `${leadId}@mail.test`, product: 'auto', state: 'FL', fields: {}, ...extra });

const history = [
	{ leadId: 'old-1', agentId: 'cy', event: 'assigned', at: '2026-03-18T13:00:00Z', lead: JSON.stringify({ leadId: 'old-1', dedupeKey: 'old@mail.test', product: 'auto', state: 'FL' }) },
];

describe('Lead Match node', () => {
	it('assigns a batch by weight, honours caps from History, keeps pairedItem and the count', async () => {
		const leads = Array.from({ length: 6 }, (_, i) => lead(`L${i}`));
		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { strategy: 'roundRobin', options: { now: NOW, distribution: 'exact' } },
			inputs: [leads, agents, history],
		});
		expect(error).toBeUndefined();
		const [assigned, unassigned] = nodeOutputs;
		expect(assigned.length + unassigned.length).toBe(leads.length);
		const counts: Record<string, number> = {};
		for (const item of assigned) {
			const id = (item.json.assignment as { agentId: string }).agentId;
			counts[id] = (counts[id] ?? 0) + 1;
		}
		// cy already hit the daily cap of 1 (History): ava and ben split 2:1.
		expect(counts).toEqual({ ava: 4, ben: 2 });
		expect(assigned.map((item) => item.pairedItem)).toEqual(leads.map((_, i) => ({ item: i })));
		expect(assigned[0].json.assignment).toMatchObject({ strategy: 'roundRobin', propensity: 1, attempt: 1, previousAgentIds: [], decidedAt: NOW });
	});

	it('fails each lead, naming the option, when Decision Time is not a date; Continue On Fail keeps every lead', async () => {
		const leads = [lead('T1'), lead('T2')];
		const stopped = await runNode({ type: TYPE, parameters: { strategy: 'roundRobin', options: { now: 'next tuesday' } }, inputs: [leads, agents, history] });
		expect(stopped.error?.message).toMatch(/options\.now.*not a date/);
		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { strategy: 'roundRobin', options: { now: 'next tuesday' } },
			inputs: [leads, agents, history],
			onError: 'continueErrorOutput',
		});
		expect(error).toBeUndefined();
		expect(nodeOutputs[2].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(nodeOutputs[0].length + nodeOutputs[1].length).toBe(0);
	});

	it('spreads leads by default, with each draw\'s chance logged as the propensity', async () => {
		const leads = Array.from({ length: 6 }, (_, i) => lead(`S${i}`));
		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { strategy: 'roundRobin', options: { now: NOW } },
			inputs: [leads, agents, history],
		});
		expect(error).toBeUndefined();
		const assignments = nodeOutputs[0].map((item) => item.json.assignment as { agentId: string; propensity: number });
		expect(assignments).toHaveLength(leads.length);
		// cy is capped; the draw only ever picks ava or ben, each with a real probability.
		for (const assignment of assignments) {
			expect(['ava', 'ben']).toContain(assignment.agentId);
			expect(assignment.propensity).toBeGreaterThan(0);
			expect(assignment.propensity).toBeLessThanOrEqual(1);
		}
	});

	it('sends leads nobody may take to Unassigned with the reasons per agent', async () => {
		const eligibility = { status: 'eligible', eligibleAgentIds: ['cy'], excluded: [], warnings: [], checkedAt: NOW };
		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { strategy: 'roundRobin', afterHours: 'leaveUnassigned', options: { now: NOW } },
			inputs: [[lead('A', { eligibility }), lead('B')], agents, history],
		});
		expect(error).toBeUndefined();
		expect(nodeOutputs[0].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(nodeOutputs[1]).toHaveLength(1);
		expect(nodeOutputs[1][0].pairedItem).toEqual({ item: 0 });
		const unassigned = nodeOutputs[1][0].json.unassigned as { agents: Array<{ agentId: string; reasons: Array<{ code: string }> }> };
		expect(unassigned.agents.find((a) => a.agentId === 'cy')?.reasons.map((r) => r.code)).toEqual(['dailyCapReached']);
	});

	it('routes by the first matching rule, evaluated as an n8n filter', async () => {
		const commercialRule = {
			name: 'Commercial',
			skill: 'commercial',
			conditions: {
				options: { caseSensitive: false, typeValidation: 'loose', version: 2 },
				combinator: 'and',
				conditions: [{ leftValue: '={{ $json.product }}', rightValue: 'commercialProperty', operator: { type: 'string', operation: 'equals' } }],
			},
		};
		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { strategy: 'rules', rules: { values: [commercialRule] }, fallbackAgentIds: 'ben', options: { now: NOW } },
			inputs: [[lead('A', { product: 'commercialProperty' }), lead('B'), lead('C')], agents, []],
		});
		expect(error).toBeUndefined();
		expect(nodeOutputs[0].map((item) => (item.json.assignment as { agentId: string }).agentId)).toEqual(['ava', 'ben', 'ben']);
		expect((nodeOutputs[0][0].json.assignment as { strategy: string }).strategy).toBe('rules:Commercial');
	});

	it('learned strategy records a propensity and a holdout flag', async () => {
		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { strategy: 'learned', holdoutPercent: 50, options: { now: NOW } },
			inputs: [Array.from({ length: 8 }, (_, i) => lead(`H${i}`)), agents, history],
		});
		expect(error).toBeUndefined();
		for (const item of nodeOutputs[0]) {
			const assignment = item.json.assignment as { propensity: number; holdout: boolean };
			expect(assignment.propensity).toBeGreaterThan(0);
			expect(assignment.propensity).toBeLessThanOrEqual(1);
			expect(typeof assignment.holdout).toBe('boolean');
		}
	});

	it('names the item and field of a bad lead, and continues on fail when asked', async () => {
		const leads = [lead('A'), { product: 'auto' }, lead('C')];
		const stopped = await runNode({ type: TYPE, parameters: { options: { now: NOW } }, inputs: [leads, agents, []] });
		expect(stopped.error?.message).toBe('Item 1: field "leadId" is missing: run Lead Normalize first or map a lead id');

		const kept = await runNode({ type: TYPE, parameters: { options: { now: NOW } }, inputs: [leads, agents, []], onError: 'continueRegularOutput' });
		expect(kept.error).toBeUndefined();
		expect(kept.nodeOutputs.flat()).toHaveLength(leads.length);
		// On Unassigned, never on Assigned: a lead that could not be matched must not flow on as assigned.
		expect(kept.nodeOutputs[0].some((item) => item.json.error)).toBe(false);
		const failed = kept.nodeOutputs[1].find((item) => item.json.error);
		expect(failed?.pairedItem).toEqual({ item: 1 });

		const routed = await runNode({ type: TYPE, parameters: { options: { now: NOW } }, inputs: [leads, agents, []], onError: 'continueErrorOutput' });
		expect(routed.nodeOutputs).toHaveLength(3);
		expect(routed.nodeOutputs[2].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(routed.nodeOutputs.flat()).toHaveLength(leads.length);
	});

	it('Train Model outputs a model that the learned strategy takes back through the Model option', async () => {
		const outcomes = Array.from({ length: 40 }, (_, i) => ({
			leadId: `T${i}`,
			agentId: i % 2 ? 'ava' : 'ben',
			event: i % 2 && i % 3 ? 'won' : 'lost',
			at: '2026-02-10T10:00:00Z',
			lead: { leadId: `T${i}`, product: 'auto', state: 'FL', source: { channel: 'referral' } },
		}));
		const trained = await runNode({ type: TYPE, parameters: { operation: 'train' }, inputs: [[{}], [], outcomes] });
		expect(trained.error).toBeUndefined();
		expect(trained.nodeOutputs[0]).toHaveLength(1);
		const output = trained.nodeOutputs[0][0].json as { model: unknown; outcomes: number };
		expect(output.outcomes).toBe(40);

		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { strategy: 'learned', holdoutPercent: 0, options: { now: NOW, model: JSON.stringify(output.model) } },
			inputs: [[lead('M1')], agents, []],
		});
		expect(error).toBeUndefined();
		const reasons = (nodeOutputs[0][0].json.assignment as { reasons: string[] }).reasons.join(' ');
		// The stored model's 40 outcomes drive the decision, though no History was connected.
		expect(reasons).toMatch(/40 outcomes|outcomes in this segment/);

		const bad = await runNode({
			type: TYPE,
			parameters: { strategy: 'learned', options: { now: NOW, model: '{"not":"a model"}' } },
			inputs: [[lead('M2')], agents, []],
		});
		expect(bad.error?.message).toBe('Item 0: field "options.model" is not a Lead Match model (expected the output of Train Model)');
		// A Lead Score model (an older routing template's Latest Model reads the newest row of any
		// kind) is a known mix-up: the lead is routed as without a model, with a hint saying how to fix it.
		const scoreModel = { kind: 'leadScoreModel', version: 1, outcomes: 80, wins: 20, baseRate: 0.25, intercept: -1, weights: {}, tierCutoffs: { A: 0.5, B: 0.3, C: 0.2 } };
		const mixedUp = await runNode({
			type: TYPE,
			parameters: { strategy: 'learned', options: { now: NOW, model: JSON.stringify(scoreModel) } },
			inputs: [[lead('M5')], agents, []],
		});
		expect(mixedUp.error).toBeUndefined();
		expect(mixedUp.nodeOutputs[0]).toHaveLength(1);
		expect(JSON.stringify(mixedUp.run.data.resultData.runData['Under Test'][0].hints)).toMatch(/holds a Lead Score model.*kind = leadMatch/);
		// With the error output, every lead comes out there, each naming the field.
		const routed = await runNode({
			type: TYPE,
			parameters: { strategy: 'learned', options: { now: NOW, model: '{"not":"a model"}' } },
			inputs: [[lead('M3'), lead('M4')], agents, []],
			onError: 'continueErrorOutput',
		});
		expect(routed.error).toBeUndefined();
		expect(routed.nodeOutputs.flat()).toHaveLength(2);
		expect(routed.nodeOutputs.at(-1)!.map((item) => [item.pairedItem, (item.json.details as { field: string }).field])).toEqual([
			[{ item: 0 }, 'options.model'],
			[{ item: 1 }, 'options.model'],
		]);
	});

	it('names unreadable roster and history rows in execution hints, even when every lead is assigned', async () => {
		const { run, nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { options: { now: NOW } },
			inputs: [[lead('A')], [...agents, { id: 'bad', licenses: '{not json' }], [...history, { leadId: 'x', agentId: 'ava', event: 'assignd', at: NOW }]],
		});
		expect(error).toBeUndefined();
		expect(nodeOutputs[0]).toHaveLength(1);
		const hints = (run.data.resultData.runData['Under Test'][0].hints ?? []).map((hint) => hint.message).join(' ');
		expect(hints).toMatch(/1 roster row\(s\) could not be read/);
		expect(hints).toMatch(/1 history row\(s\) could not be read/);
	});
});
