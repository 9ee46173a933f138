/**
 * A conversion model stored as JSON (Train Model's output, kept in a Data Table) scores exactly as
 * the model it was made from; anything that is not one fails with an error naming the field; and a
 * lead scored in learned mode is logged with its rules score, so the next model learns from the
 * rules score and not from its predecessor's output.
 */
import { historyFor, simulateLeads } from '../../../bench/score/simulateHistory';
import { parseHistory } from '../../../engine/history';
import { buildOutcomeRecord } from '../../../engine/outcome/record';
import { isNoStoredModel, readStoredConversionModel, scoreLead, storeConversionModel, trainConversionModel } from '../../../engine/score';
import { factsFromSnapshot } from '../../../engine/score/features';
import type { ConversionModel } from '../../../engine/score';
import { InputError, type LeadSnapshot } from '../../../engine/types';

const asOf = new Date('2026-06-01T00:00:00Z');

function trained(count: number, seed: number, tierShares?: { A: number; B: number; C: number }): ConversionModel {
	const training = trainConversionModel(parseHistory(historyFor(simulateLeads(count, seed), true)).records, { tierShares });
	if (!training.model) throw new Error('expected a model');
	return training.model;
}

function inputError(read: () => unknown): InputError {
	try {
		read();
	} catch (error) {
		if (error instanceof InputError) return error;
		throw error;
	}
	throw new Error('expected an InputError');
}

describe('stored Lead Score model', () => {
	it('scores held-out leads exactly as the model it was stored from, after a trip through JSON text', () => {
		const model = trained(800, 5);
		const restored = readStoredConversionModel(JSON.stringify(storeConversionModel(model)));
		expect(restored.outcomes).toBe(800);
		const leads = simulateLeads(200, 6).map((entry) => entry.lead);
		const fresh = leads.map((lead) => scoreLead(lead, { asOf, mode: 'learned', training: { model, outcomes: model.outcomes } }));
		const stored = leads.map((lead) => scoreLead(lead, { asOf, mode: 'learned', training: { model: restored, outcomes: restored.outcomes } }));
		expect(stored).toEqual(fresh);
		expect(new Set(stored.map((score) => score.tier)).size).toBeGreaterThan(2);
		expect(stored.every((score) => score.mode === 'learned')).toBe(true);
	});

	it('keeps a tier nobody reaches (share 0) as null in JSON and unreachable when read back', () => {
		const model = trained(400, 7, { A: 0, B: 30, C: 30 });
		const stored = storeConversionModel(model);
		expect(stored.tierCutoffs.A).toBeNull();
		const restored = readStoredConversionModel(JSON.parse(JSON.stringify(stored)));
		expect(restored.tierCutoffs.A).toBe(Infinity);
		const tiers = simulateLeads(100, 8).map((entry) => scoreLead(entry.lead, { asOf, mode: 'learned', training: { model: restored, outcomes: 400 } }).tier);
		expect(tiers).not.toContain('A');
		expect(tiers).toContain('B');
	});

	it('treats nothing stored yet as no model, and everything else as a model to read', () => {
		for (const empty of [undefined, null, '', '  ', 'null']) expect(isNoStoredModel(empty)).toBe(true);
		for (const value of ['{}', {}, 0, 'x']) expect(isNoStoredModel(value)).toBe(false);
	});

	it('refuses what is not a Lead Score model, naming the field', () => {
		const good = storeConversionModel(trained(300, 9));
		const cases: Array<[unknown, string, string]> = [
			['{not json', 'model', 'notJson'],
			[{ kind: 'leadMatchModel', version: 2, tables: {} }, 'model', 'notAModel'],
			[{ ...good, version: 2 }, 'model.version', 'notAModel'],
			[{ ...good, intercept: 'high' }, 'model.intercept', 'notAModel'],
			[{ ...good, weights: { 'product=auto': 'x' } }, 'model.weights.product=auto', 'notAModel'],
			[{ ...good, tierCutoffs: { A: 2, B: 0.2, C: 0.1 } }, 'model.tierCutoffs.A', 'notAModel'],
			[{ ...good, tierCutoffs: undefined }, 'model.tierCutoffs', 'notAModel'],
		];
		for (const [value, field, code] of cases) {
			const error = inputError(() => readStoredConversionModel(value));
			expect([error.field, error.code]).toEqual([field, code]);
		}
	});
});

describe('the rules score a learned score was made from', () => {
	it('is logged in the snapshot beside the learned score, and is what the next model reads', () => {
		const model = trained(600, 11);
		const [entry] = simulateLeads(1, 12);
		const score = scoreLead(entry.lead, { asOf, mode: 'learned', training: { model, outcomes: 600 } });
		expect(score.rulesValue).toBe(entry.rulesScore);
		const item = { ...entry.lead, score, assignment: { agentId: 'a1', agentName: 'Ana', strategy: 'learned', decidedAt: '2026-06-01T00:00:00Z', propensity: 1, attempt: 1 } };
		const record = buildOutcomeRecord(item as unknown as Record<string, unknown>, {}, asOf);
		expect(record.lead).toMatchObject({ score: score.value, rulesScore: entry.rulesScore });
		expect(factsFromSnapshot(record.lead as LeadSnapshot).rulesScore).toBe(entry.rulesScore);
	});

	it('trains the same model from history logged under learned scoring as under rules scoring', () => {
		const simulated = simulateLeads(600, 13);
		const rulesEra = historyFor(simulated);
		// The same leads, logged while a model scored them: `score` is that model's output.
		const learnedEra = rulesEra.map((record) => {
			const lead = record.lead as Record<string, unknown> | null;
			return lead ? { ...record, lead: { ...lead, score: 3, rulesScore: lead.score } } : record;
		});
		const fromRules = trainConversionModel(parseHistory(rulesEra).records).model!;
		const fromLearned = trainConversionModel(parseHistory(learnedEra).records).model!;
		expect(storeConversionModel(fromLearned)).toEqual(storeConversionModel(fromRules));
	});
});
