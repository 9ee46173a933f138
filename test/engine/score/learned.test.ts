/**
 * Learned mode on seeded simulated history with a known truth: it falls back to the rules below
 * the outcome threshold, and once it has enough outcomes it ranks held-out leads better than the
 * rules do, with calibrated probabilities and per-factor reasons.
 */
import { evaluateOnSimulation } from '../../../bench/score/evaluate';
import { historyFor, simulateLeads } from '../../../bench/score/simulateHistory';
import { parseHistory } from '../../../engine/history';
import { areaUnderCurve, brierScore, scoreLead, trainConversionModel } from '../../../engine/score';

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
