/**
 * The learned strategy's score feature stays on the rules' scale when Lead Score runs in learned
 * mode (its value is then a win probability x 100): leads logged before and after a team switches
 * modes, and the live lead, must put the same number in the same feature.
 */
import { learningExamples } from '../../../engine/match/learned/outcomes';
import { rulesScoreOf } from '../../../engine/score/features';
import type { LeadSnapshot, OutcomeRecord } from '../../../engine/types';

function outcome(leadId: string, lead: Partial<LeadSnapshot>): OutcomeRecord {
	return {
		leadId,
		agentId: 'ava',
		event: 'won',
		at: '2026-02-01T10:00:00Z',
		value: null,
		responseSeconds: null,
		slaMet: null,
		strategy: 'learned',
		propensity: null,
		lead: { leadId, product: 'auto', state: 'FL', source: { channel: 'referral' }, score: null, dedupeKey: null, ...lead } as LeadSnapshot,
	};
}

describe('the score the learned strategy learns from', () => {
	it('reads the rules score a learned score was made from, and the score itself otherwise', () => {
		const examples = learningExamples([
			outcome('rules-era', { score: 80 }),
			outcome('learned-era', { score: 23, rulesScore: 80 }),
			outcome('unscored', {}),
		]);
		expect(Object.fromEntries(examples.map((example) => [example.leadId, example.score]))).toEqual({ 'rules-era': 80, 'learned-era': 80, unscored: null });
	});

	it('gives a live lead scored in learned mode the rules score it carries', () => {
		expect(rulesScoreOf({ value: 23, rulesValue: 80, mode: 'learned' })).toBe(80);
		expect(rulesScoreOf({ value: 80, mode: 'rules' })).toBe(80);
		expect(rulesScoreOf(80)).toBe(80);
		expect(rulesScoreOf(undefined)).toBeNull();
		expect(rulesScoreOf({ value: 'high' })).toBeNull();
	});
});
