/**
 * Learned mode on seeded simulated history with a known truth: it falls back to the rules below
 * the outcome threshold, and once it has enough outcomes it ranks held-out leads better than the
 * rules do, with calibrated probabilities and per-factor reasons.
 */
import { evaluateOnSimulation } from '../../../bench/score/evaluate';
import { historyFor, simulateLeads } from '../../../bench/score/simulateHistory';
import { parseHistory } from '../../../engine/history';
import { buildOutcomeRecord, toFlatRow } from '../../../engine/outcome/record';
import { areaUnderCurve, brierScore, scoreLead, trainConversionModel, type ScoringLead } from '../../../engine/score';
import { buildTrainingSet } from '../../../engine/score/trainingSet';
import type { OutcomeRecord } from '../../../engine/types';

const asOf = new Date('2026-06-01T00:00:00Z');

describe('learned scoring', () => {
	it('falls back to the rules below the outcome threshold, and says so', () => {
		const simulated = simulateLeads(40, 3);
		const history = parseHistory(historyFor(simulated, true)).records;
		const training = trainConversionModel(history, { minOutcomes: 50 });
		expect(training.model).toBeNull();
		expect(training.outcomes).toBe(40);
		const score = scoreLead(simulated[0].lead, { asOf, mode: 'learned', training });
		expect(score.mode).toBe('rules');
		expect(score.value).toBe(simulated[0].rulesScore);
		const fallback = score.reasons.find((reason) => reason.rule === 'learnedFallback');
		expect(fallback?.message).toMatch(/40 outcome\(s\).*50 needed/);
	});

	it('falls back when history has too few wins or losses to tell apart', () => {
		const simulated = simulateLeads(200, 4).map((entry) => ({ ...entry, won: false }));
		const training = trainConversionModel(parseHistory(historyFor(simulated)).records, { minOutcomes: 50 });
		expect(training.model).toBeNull();
		expect(training.fallback?.message).toMatch(/0 win/);
	});

	it('says so when no history was given at all', () => {
		const score = scoreLead(simulateLeads(1, 5)[0].lead, { asOf, mode: 'learned' });
		expect(score.reasons.at(-1)).toMatchObject({ rule: 'learnedFallback' });
	});

	it('uses the latest terminal event as the outcome, and ignores open leads', () => {
		const [one, two] = simulateLeads(2, 6);
		const rows = [
			...historyFor([{ ...one, won: false }]),
			{ leadId: one.lead.leadId, agentId: 'a', event: 'won', at: '2027-01-01T00:00:00Z' },
			historyFor([two])[0],
		];
		const training = trainConversionModel(parseHistory(rows).records, { minOutcomes: 1 });
		expect(training.outcomes).toBe(1);
	});

	it.each([11, 23, 37])('beats the rules AUC on held-out simulated leads once trained (seed %i)', (seed) => {
		const evaluation = evaluateOnSimulation(2000, 3000, seed);
		expect(evaluation.mode).toBe('learned');
		expect(evaluation.learnedAuc).toBeGreaterThan(evaluation.rulesAuc);
		// Calibrated: average gap between predicted and observed win rates within 5 points.
		expect(evaluation.calibrationError).toBeLessThan(0.05);
		expect(evaluation.learnedBrier).toBeLessThan(evaluation.oracleBrier + 0.02);
	});

	it('returns the win probability as the score, a tier among past leads and the top factors', () => {
		const simulated = simulateLeads(1500, 9);
		const training = trainConversionModel(parseHistory(historyFor(simulated)).records);
		const leads = simulateLeads(400, 10);
		const scores = leads.map((entry) => scoreLead(entry.lead, { asOf, mode: 'learned', training, expectedValue: true }));
		scores.forEach((score, index) => {
			expect(score.mode).toBe('learned');
			expect(score.value).toBe(Math.round((score.probability ?? -1) * 100));
			expect(score.reasons[0].rule).toBe('learnedModel');
			expect(score.reasons.slice(1).length).toBeLessThanOrEqual(3);
			expect(score.reasons.slice(1).every((reason) => reason.rule.startsWith('factor:'))).toBe(true);
			expect(score.expectedValue).toBeCloseTo((score.probability ?? 0) * (leads[index].lead.value ?? 0), 0);
		});
		const tierA = scores.filter((score) => score.tier === 'A');
		const tierD = scores.filter((score) => score.tier === 'D');
		expect(tierA.length).toBeGreaterThan(0);
		expect(Math.min(...tierA.map((score) => score.probability ?? 0))).toBeGreaterThan(Math.max(...tierD.map((score) => score.probability ?? 1)));
		// The probabilities rank the leads: better than chance on their true outcomes.
		expect(areaUnderCurve(scores.map((score) => score.probability ?? 0), leads.map((entry) => entry.won))).toBeGreaterThan(0.6);
		expect(brierScore(scores.map((score) => score.probability ?? 0), leads.map((entry) => entry.won))).toBeLessThan(0.25);
	});
});

describe('training examples', () => {
	const routed = { leadId: 'L1', product: 'bundle', state: 'FL', source: { kind: 'typeform', channel: 'referral' }, score: { value: 80, tier: 'A', rulesValue: 80 }, phone: '+13055551234', email: null,
		assignment: { agentId: 'a1', strategy: 'roundRobin', decidedAt: '2026-03-15T14:00:00.000Z' } };
	const now = new Date('2026-03-16T00:00:00Z');
	const featuresOf = (rows: Array<Record<string, unknown>>) => buildTrainingSet(parseHistory(rows).records);

	it.each([['a close date without a time', '2026-03-15'], ['a CRM clock a second behind', '2026-03-15T13:59:59Z']])(
		'learn from the lead as routed, not from an earlier CRM row\'s empty snapshot (%s)',
		(_, at) => {
			const assigned = toFlatRow(buildOutcomeRecord(routed, {}, now));
			const crmWon = toFlatRow(buildOutcomeRecord({ leadId: 'L1', agentId: 'a1', event: 'won', value: 1200, at }, {}, now));
			const set = featuresOf([assigned, crmWon]);
			expect(set.withoutSnapshot).toBe(0);
			expect(set.examples).toHaveLength(1);
			expect(set.examples[0].won).toBe(true);
			expect(set.examples[0].features.map((feature) => feature.name)).toEqual(
				expect.arrayContaining(['product=bundle', 'channel=referral', 'state=FL', 'rulesScore', 'hasPhone=true', 'hasEmail=false']),
			);
		},
	);

	it('prefer the assigned snapshot over a later event\'s copy, else any snapshot with something to learn from', () => {
		const row = (event: string, at: string, lead: Record<string, unknown> | null) => ({ leadId: 'L1', agentId: 'a1', event, at, lead: lead && JSON.stringify({ leadId: 'L1', ...lead }) });
		const later = featuresOf([
			row('contacted', '2026-03-15T13:00:00Z', { product: 'auto' }),
			row('assigned', '2026-03-15T14:00:00Z', { product: 'home' }),
			row('lost', '2026-03-16T00:00:00Z', { product: null, state: null, source: null, score: null }),
		]);
		expect(later.examples[0].features.map((feature) => feature.name)).toEqual(['product=home']);
		const noAssigned = featuresOf([
			row('won', '2026-03-15T00:00:00Z', { product: null, state: null, source: null, score: null }),
			row('contacted', '2026-03-15T13:00:00Z', { product: 'auto' }),
		]);
		expect(noAssigned.examples[0].features.map((feature) => feature.name)).toEqual(['product=auto']);
	});

	it('count a lead whose only snapshot is empty under withoutSnapshot, not as a featureless example', () => {
		const lone = toFlatRow(buildOutcomeRecord({ leadId: 'L2', agentId: 'a1', event: 'lost', at: '2026-03-15T10:00:00Z' }, {}, now));
		expect(featuresOf([lone])).toEqual({ examples: [], wins: 0, losses: 0, withoutSnapshot: 1 });
	});
});

describe('learned tiers', () => {
	/** Two kinds of lead, each with one prediction: 60 referral bundles (30 % won), 40 paid-social autos (10 %). */
	function tiedHistory() {
		const records: OutcomeRecord[] = [];
		const add = (index: number, product: string, channel: string, score: number, won: boolean) => {
			const leadId = `L${index}`;
			const lead = { leadId, product, state: 'FL', source: { kind: 'typeform', channel }, score, dedupeKey: null };
			const base = { leadId, agentId: 'a', value: null, responseSeconds: null, slaMet: null, strategy: null, propensity: null };
			records.push({ ...base, event: 'assigned', at: '2026-01-01T00:00:00.000Z', lead });
			records.push({ ...base, event: won ? 'won' : 'lost', at: '2026-01-02T00:00:00.000Z', lead: null });
		};
		for (let i = 0; i < 60; i++) add(i, 'bundle', 'referral', 70, i % 10 < 3);
		for (let i = 0; i < 40; i++) add(60 + i, 'auto', 'paid_social', 40, i % 10 < 1);
		return records;
	}

	function tierCounts(shares?: { A: number; B: number; C: number }) {
		const records = tiedHistory();
		const training = trainConversionModel(records, { minOutcomes: 50, tierShares: shares });
		const counts: Record<string, number> = {};
		for (const record of records.filter((entry) => entry.event === 'assigned')) {
			const { lead } = record;
			const score = scoreLead({ ...lead, phone: null, email: null } as unknown as ScoringLead, {
				asOf, mode: 'learned', training, useDefaultRules: false, customRules: [{ name: 'x', points: lead!.score as number, matched: true }],
			});
			counts[score.tier] = (counts[score.tier] ?? 0) + 1;
		}
		return { counts, cutoffs: training.model!.tierCutoffs };
	}

	it('put a tied block of predictions in the tier where most of it falls, not all of it in A', () => {
		// By rank the 60 bundles would be 10 A, 20 B and 30 C: most of them fall in C.
		const { counts, cutoffs } = tierCounts();
		expect(counts).toEqual({ C: 60, D: 40 });
		// A and B start just above the bundles: only a lead predicted better than them reaches them.
		expect(cutoffs.A).toBeGreaterThan(cutoffs.C);
		expect(cutoffs.A).toBeLessThan(1);
		expect(cutoffs.B).toBe(cutoffs.A);
		// 40 % in A: most of the 60 bundles fall in A, the autos in D.
		expect(tierCounts({ A: 40, B: 10, C: 10 }).counts).toEqual({ A: 60, D: 40 });
		// An even split goes to the better tier.
		expect(tierCounts({ A: 30, B: 30, C: 0 }).counts).toEqual({ A: 60, D: 40 });
		// A share of 0 is still never reached.
		expect(tierCounts({ A: 0, B: 60, C: 0 }).cutoffs.A).toBe(Infinity);
	});

	it('keep scoring by the rules when every lead in history looks the same (no way to rank them)', () => {
		const same = tiedHistory().map((record) => (record.lead ? { ...record, lead: { ...record.lead, product: 'bundle', source: { kind: 'typeform', channel: 'referral' }, score: 70 } } : record));
		const training = trainConversionModel(same, { minOutcomes: 50 });
		expect(training.model).toBeNull();
		expect(training.fallback?.message).toMatch(/do not tell leads apart/);
	});

	it('learn from a lead whose snapshot says only whether it had a phone and an email', () => {
		const records = tiedHistory().map((record) => (record.lead ? { ...record, lead: { leadId: record.leadId, product: null, state: null, source: null, score: null, dedupeKey: null, hasPhone: true, hasEmail: record.leadId < 'L5' } } : record));
		expect(trainConversionModel(records, { minOutcomes: 50 }).outcomes).toBe(100);
	});

	it('keep the plain quantile cut-offs when predictions are all different', () => {
		const training = trainConversionModel(parseHistory(historyFor(simulateLeads(1000, 12), true)).records, { minOutcomes: 50 });
		const { tierCutoffs } = training.model!;
		const predictions = simulateLeads(1000, 12).map((entry) => scoreLead(entry.lead, { asOf, mode: 'learned', training }).probability!);
		const share = (cutoff: number) => predictions.filter((probability) => probability >= cutoff).length / predictions.length;
		expect(share(tierCutoffs.A)).toBeCloseTo(0.1, 1);
		expect(share(tierCutoffs.B)).toBeCloseTo(0.3, 1);
		expect(share(tierCutoffs.C)).toBeCloseTo(0.6, 1);
	});
});
