/** Lead Score through n8n-core's WorkflowExecute: filter rules, learned mode from the second input or a stored model, Train Model. */
import type { IDataObject } from 'n8n-workflow';

import { historyFor, simulateLeads } from '../../bench/score/simulateHistory';
import { runNode } from '../harness/runWorkflow';

const TYPE = 'n8n-nodes-lead-routing.leadScore';
const asOf = '2026-03-15T12:00:00Z';

const baseLead = {
	leadId: 'l1',
	fullName: 'Dana Diaz',
	email: 'dana@example.com',
	phone: '+13055550000',
	state: 'FL',
	product: 'home',
	source: { kind: 'typeform', channel: 'paid_social' },
	consent: { given: false, namedRecipients: [] },
	fields: {},
	warnings: [],
};

const floridaHomeRule = {
	name: 'Florida homes',
	points: 30,
	conditions: {
		options: { caseSensitive: false, leftValue: '', typeValidation: 'loose' },
		combinator: 'and',
		conditions: [
			{ leftValue: '={{ $json.state }}', rightValue: 'FL', operator: { type: 'string', operation: 'equals' } },
			{ leftValue: '={{ $json.product }}', rightValue: 'home', operator: { type: 'string', operation: 'equals' } },
		],
	},
};

type ScoreJson = { value: number; tier: string; priority: number; slaMinutes: number; mode: string; reasons: Array<{ rule: string; points: number }>; expectedValue?: number };

describe('Lead Score node', () => {
	it('scores by default rules plus filter rules evaluated per item, with pairedItem', async () => {
		const leads = [baseLead, { ...baseLead, leadId: 'l2', state: 'GA' }, { ...baseLead, leadId: 'l3', phone: null, email: null }];
		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { rules: { values: [floridaHomeRule] }, options: { asOf } },
			inputs: [leads],
		});
		expect(error).toBeUndefined();
		const scores = nodeOutputs[0].map((item) => item.json.score as ScoreJson);
		expect(scores[0]).toMatchObject({ value: 70, tier: 'B', priority: 2, slaMinutes: 5, mode: 'rules' });
		expect(scores[0].reasons.map((reason) => reason.rule)).toEqual(['contactComplete', 'validPhone', 'validEmail', 'Florida homes']);
		expect(scores[1].reasons.map((reason) => reason.rule)).not.toContain('Florida homes');
		expect(scores[2]).toMatchObject({ value: 30, tier: 'C' });
		expect(nodeOutputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(nodeOutputs[0][0].json.leadId).toBe('l1');
	});

	it('applies options: no default rules, custom thresholds and SLA, expected value', async () => {
		const { nodeOutputs } = await runNode({
			type: TYPE,
			parameters: {
				useDefaultRules: false,
				rules: { values: [floridaHomeRule] },
				options: { asOf, tierA: 30, tierB: 20, tierC: 10, slaA: 1, expectedValue: true, valueField: 'fields.premium' },
			},
			inputs: [[{ ...baseLead, fields: { premium: '1200' } }]],
		});
		expect(nodeOutputs[0][0].json.score).toMatchObject({ value: 30, tier: 'A', slaMinutes: 1, expectedValue: 360 });
	});

	it('falls back to the rules in learned mode with too little history, and says so', async () => {
		const history = historyFor(simulateLeads(20, 1), true) as IDataObject[];
		const { nodeOutputs, run, error } = await runNode({
			type: TYPE,
			parameters: { mode: 'learned', minOutcomes: 50, options: { asOf } },
			inputs: [[baseLead], history],
		});
		expect(error).toBeUndefined();
		const score = nodeOutputs[0][0].json.score as ScoreJson;
		expect(score.mode).toBe('rules');
		expect(score.reasons.at(-1)).toMatchObject({ rule: 'learnedFallback' });
		expect(JSON.stringify(run.data.resultData.runData['Under Test'][0].hints)).toMatch(/20 outcome/);
	});

	it('scores by win probability once the Outcome History input has enough outcomes', async () => {
		const history = historyFor(simulateLeads(600, 2), true) as IDataObject[];
		const leads = simulateLeads(5, 3).map((entry) => entry.lead as unknown as IDataObject);
		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			parameters: { mode: 'learned', options: { asOf, expectedValue: true } },
			inputs: [leads, history],
		});
		expect(error).toBeUndefined();
		expect(nodeOutputs[0]).toHaveLength(5);
		for (const item of nodeOutputs[0]) {
			const score = item.json.score as ScoreJson & { probability: number };
			expect(score.mode).toBe('learned');
			expect(score.value).toBe(Math.round(score.probability * 100));
			expect(score.reasons[0].rule).toBe('learnedModel');
			expect(score.expectedValue).toBeGreaterThan(0);
		}
	});

	it('stops naming the item and field, or keeps every item with Continue On Fail / error output', async () => {
		const leads = [baseLead, { ...baseLead, leadId: 'bad', value: 'lots' }, baseLead];
		const parameters = { options: { asOf, expectedValue: true } };
		const stopped = await runNode({ type: TYPE, parameters, inputs: [leads] });
		expect(stopped.error?.message).toBe('Item 1: field "value" is not a number: "lots"');

		const regular = await runNode({ type: TYPE, parameters, inputs: [leads], onError: 'continueRegularOutput' });
		expect(regular.nodeOutputs.flat()).toHaveLength(3);
		expect(regular.nodeOutputs[0][1].json).toMatchObject({ details: { field: 'value', code: 'invalidValue' } });

		const errorOutput = await runNode({ type: TYPE, parameters, inputs: [leads], onError: 'continueErrorOutput' });
		expect(errorOutput.nodeOutputs[0]).toHaveLength(2);
		expect(errorOutput.nodeOutputs[1].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	});

	it('fails every item on learned tier shares above 100%, naming the field, and keeps them with Continue On Fail', async () => {
		const history = historyFor(simulateLeads(200, 4), true) as IDataObject[];
		const parameters = { mode: 'learned', options: { asOf, learnedShareA: 60, learnedShareB: 30, learnedShareC: 30 } };
		const regular = await runNode({ type: TYPE, parameters, inputs: [[baseLead, baseLead], history], onError: 'continueRegularOutput' });
		expect(regular.nodeOutputs[0].map((item) => item.json.details)).toEqual([
			{ field: 'learnedTierShares', code: 'invalidTierShares', itemIndex: 0 },
			{ field: 'learnedTierShares', code: 'invalidTierShares', itemIndex: 1 },
		]);
	});

	it('checks learned tier shares before the history, so a small history does not hide them', async () => {
		const small = historyFor(simulateLeads(20, 1), true) as IDataObject[];
		const parameters = { mode: 'learned', options: { asOf, learnedShareA: 60, learnedShareB: 30, learnedShareC: 30 } };
		const stopped = await runNode({ type: TYPE, parameters, inputs: [[baseLead], small] });
		expect(stopped.error?.message).toMatch(/^Item 0: field "learnedTierShares" must be percentages/);
		const regular = await runNode({ type: TYPE, parameters, inputs: [[baseLead], small], onError: 'continueRegularOutput' });
		expect(regular.nodeOutputs[0].map((item) => item.json.details)).toEqual([{ field: 'learnedTierShares', code: 'invalidTierShares', itemIndex: 0 }]);
	});

	describe('Train Model and Learn From: Stored Model', () => {
		const history = historyFor(simulateLeads(600, 2), true) as IDataObject[];
		const leads = simulateLeads(6, 3).map((entry) => entry.lead as unknown as IDataObject);

		async function trainedModel(): Promise<IDataObject> {
			const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: { operation: 'train' }, inputs: [[{ trigger: true }], history] });
			expect(error).toBeUndefined();
			return nodeOutputs[0][0].json;
		}

		it('outputs one item, the model, from the Outcome History input', async () => {
			const trained = await trainedModel();
			expect(trained).toMatchObject({ outcomes: 600, model: { kind: 'leadScoreModel', version: 1, outcomes: 600 } });
			expect(Object.keys((trained.model as IDataObject).weights as IDataObject).length).toBeGreaterThan(10);
		});

		it('outputs a null model and the reason while the history is too small', async () => {
			const small = historyFor(simulateLeads(20, 1), true) as IDataObject[];
			const { nodeOutputs } = await runNode({ type: TYPE, parameters: { operation: 'train' }, inputs: [[{ trigger: true }], small] });
			expect(nodeOutputs[0]).toHaveLength(1);
			expect(nodeOutputs[0][0].json).toMatchObject({ model: null, outcomes: 20 });
			expect(nodeOutputs[0][0].json.reason).toMatch(/20 outcome/);
		});

		it.each([
			['a history large enough to train', 300],
			['a history below Minimum Outcomes', 20],
		])('fails on learned tier shares above 100%% with %s, naming the field and reason code, or outputs the error with Continue On Fail', async (_, size) => {
			const shareHistory = historyFor(simulateLeads(size, 1), true) as IDataObject[];
			const parameters = { operation: 'train', trainingOptions: { learnedShareA: 60, learnedShareB: 30, learnedShareC: 30 } };
			const stopped = await runNode({ type: TYPE, parameters, inputs: [[{ trigger: true }], shareHistory] });
			expect(stopped.error?.message).toMatch(/^Item 0: field "learnedTierShares" must be percentages adding up to at most 100/);
			expect((stopped.error as { description?: string } | undefined)?.description).toBe('Reason code: invalidTierShares');

			const regular = await runNode({ type: TYPE, parameters, inputs: [[{ trigger: true }, { trigger: true }], shareHistory], onError: 'continueRegularOutput' });
			expect(regular.error).toBeUndefined();
			expect(regular.nodeOutputs[0]).toHaveLength(1);
			expect(regular.nodeOutputs[0][0].json).not.toHaveProperty('model');
			expect(regular.nodeOutputs[0][0].json).toMatchObject({ error: expect.stringMatching(/learnedTierShares/), details: { field: 'learnedTierShares', code: 'invalidTierShares' } });
			expect(regular.nodeOutputs[0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);

			const errorOutput = await runNode({ type: TYPE, parameters, inputs: [[{ trigger: true }], shareHistory], onError: 'continueErrorOutput' });
			expect(errorOutput.nodeOutputs[0]).toHaveLength(0);
			expect(errorOutput.nodeOutputs[1].map((item) => item.json.details)).toEqual([{ field: 'learnedTierShares', code: 'invalidTierShares', itemIndex: 0 }]);
		});

		it('scores with the stored model (as JSON text) exactly as when learning from the same history', async () => {
			const trained = await trainedModel();
			const stored = await runNode({
				type: TYPE,
				parameters: { mode: 'learned', learnFrom: 'storedModel', model: JSON.stringify(trained.model), options: { asOf } },
				inputs: [leads],
			});
			const fromHistory = await runNode({ type: TYPE, parameters: { mode: 'learned', options: { asOf } }, inputs: [leads, history] });
			expect(stored.error).toBeUndefined();
			const scores = stored.nodeOutputs[0].map((item) => item.json.score as ScoreJson);
			expect(scores.every((score) => score.mode === 'learned')).toBe(true);
			expect(scores).toEqual(fromHistory.nodeOutputs[0].map((item) => item.json.score));
		});

		it('scores by the rules and says so while no model is stored yet', async () => {
			const { nodeOutputs, run, error } = await runNode({
				type: TYPE,
				parameters: { mode: 'learned', learnFrom: 'storedModel', model: '', options: { asOf } },
				inputs: [[baseLead]],
			});
			expect(error).toBeUndefined();
			const score = nodeOutputs[0][0].json.score as ScoreJson;
			expect(score.mode).toBe('rules');
			expect(score.value).toBe(40);
			expect(score.reasons.at(-1)).toMatchObject({ rule: 'learnedFallback' });
			expect(JSON.stringify(run.data.resultData.runData['Under Test'][0].hints)).toMatch(/no model is stored yet/);
		});

		it('fails every item on a model it cannot read, naming the field, or keeps them all with Continue On Fail', async () => {
			const parameters = { mode: 'learned', learnFrom: 'storedModel', model: '{"kind":"leadMatchModel"}', options: { asOf } };
			const stopped = await runNode({ type: TYPE, parameters, inputs: [[baseLead, baseLead]] });
			expect(stopped.error?.message).toMatch(/^Item 0: field "model" is not a Lead Score model/);
			const errorOutput = await runNode({ type: TYPE, parameters, inputs: [[baseLead, baseLead]], onError: 'continueErrorOutput' });
			expect(errorOutput.nodeOutputs[0]).toHaveLength(0);
			expect(errorOutput.nodeOutputs[1].map((item) => item.json.details)).toEqual([
				{ field: 'model', code: 'notAModel', itemIndex: 0 },
				{ field: 'model', code: 'notAModel', itemIndex: 1 },
			]);
		});
	});
});
