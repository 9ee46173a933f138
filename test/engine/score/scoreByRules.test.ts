/** Rules mode: default rules, custom rules, clamping, tiers, SLA, expected value. */
import { DEFAULT_SCORE_RULES, scoreByRules, scoreLead, validateThresholds } from '../../../engine/score';
import type { Lead } from '../../../engine/types';

const asOf = new Date('2026-03-15T12:00:00Z');

function lead(overrides: Partial<Lead> = {}): Partial<Lead> {
	return {
		leadId: 'l1',
		fullName: 'Dana Diaz',
		email: 'dana@example.com',
		phone: '+13055550000',
		state: 'FL',
		product: 'auto',
		source: { kind: 'typeform', formId: null, channel: 'paid_social', utm: { source: null, medium: null, campaign: null, term: null, content: null }, clickIds: {} },
		consent: { given: false, text: null, timestamp: null, ip: null, pageUrl: null, trustedFormCertUrl: null, jornayaLeadId: null, namedRecipients: [] },
		fields: {},
		warnings: [],
		...overrides,
	};
}

const fired = (value: Partial<Lead>, options = {}) => scoreByRules(value, { asOf, ...options }).reasons.map((reason) => reason.rule);

describe('default rules', () => {
	it('have unique stable names', () => {
		const names = DEFAULT_SCORE_RULES.map((rule) => rule.name);
		expect(new Set(names).size).toBe(names.length);
	});

	it('reward complete, reachable contact data', () => {
		expect(fired(lead())).toEqual(['contactComplete', 'validPhone', 'validEmail']);
		expect(fired(lead({ phone: null }))).toEqual(['validEmail']);
	});

	it('reward high-intent channels and high-value products', () => {
		const source = { ...lead().source!, channel: 'referral' as const };
		expect(fired(lead({ source, product: 'bundle' }))).toEqual(expect.arrayContaining(['referralChannel', 'highValueProduct']));
		expect(fired(lead({ source: { ...source, channel: 'paid_search' } }))).toContain('directOrSearchChannel');
	});

	it('treat a current policy expiring within the urgency window as urgent', () => {
		const soon = lead({ fields: { current_policy_expiration_date: '2026-04-01' } });
		expect(fired(soon)).toContain('policyExpiringSoon');
		expect(fired(soon, { urgencyDays: 10 })).not.toContain('policyExpiringSoon');
		expect(fired(lead({ fields: { 'Current Policy Expiration Date': '4/10/2026' } }))).toContain('policyExpiringSoon');
		expect(fired(lead({ fields: { current_policy_expiration_date: '2026-09-01' } }))).not.toContain('policyExpiringSoon');
		expect(fired(lead({ fields: { current_policy_expiration_date: 'soon-ish' } }))).not.toContain('policyExpiringSoon');
	});

	it('penalise duplicates, fictional phones and disposable emails', () => {
		const bad = lead({
			duplicateOf: 'l0',
			phone: '+12025550142',
			emailDisposable: true,
			warnings: [{ field: 'email', code: 'emailDisposable', message: '' }],
		});
		const rules = fired(bad);
		expect(rules).toEqual(expect.arrayContaining(['duplicate', 'fictionalPhone', 'disposableEmail']));
		expect(rules).not.toContain('validPhone');
		expect(rules).not.toContain('validEmail');
		expect(scoreByRules(bad, { asOf }).value).toBe(0);
		expect(scoreByRules(bad, { asOf }).rawPoints).toBeLessThan(0);
	});
});

describe('scoreByRules', () => {
	it('adds custom rules that matched, and can leave the defaults out', () => {
		const custom = [
			{ name: 'Big Florida Home', points: 40, matched: true },
			{ name: 'Never', points: 99, matched: false },
		];
		const withDefaults = scoreByRules(lead(), { asOf, customRules: custom });
		expect(withDefaults.value).toBe(15 + 15 + 10 + 40);
		const onlyCustom = scoreByRules(lead(), { asOf, customRules: custom, useDefaultRules: false });
		expect(onlyCustom.reasons).toEqual([{ rule: 'Big Florida Home', points: 40 }]);
		expect(scoreByRules(lead(), { asOf, disabledDefaultRules: ['validEmail'] }).value).toBe(30);
	});

	it('clamps the score to 0-100', () => {
		expect(scoreByRules(lead(), { asOf, customRules: [{ name: 'x', points: 500, matched: true }] }).value).toBe(100);
	});
});

describe('scoreLead (rules mode)', () => {
	it('maps the score to tier, priority and SLA by the thresholds', () => {
		const score = scoreLead(lead(), { asOf });
		expect(score).toMatchObject({ value: 40, tier: 'C', priority: 3, slaMinutes: 15, mode: 'rules' });
		const tighter = scoreLead(lead(), { asOf, thresholds: { A: 40, B: 30, C: 20 }, slaMinutes: { A: 1, B: 2, C: 3, D: 4 } });
		expect(tighter).toMatchObject({ tier: 'A', priority: 1, slaMinutes: 1 });
		expect(scoreLead(lead({ phone: null, email: null }), { asOf })).toMatchObject({ tier: 'D', priority: 4, slaMinutes: 60 });
	});

	it('rejects thresholds out of order', () => {
		expect(() => validateThresholds({ A: 10, B: 50, C: 25 })).toThrow(/A >= B >= C/);
	});

	it('computes expected value from lead.value or a configured field', () => {
		expect(scoreLead(lead({ value: 1000 }), { asOf, expectedValue: true }).expectedValue).toBe(400);
		const fromField = scoreLead(lead({ fields: { premium: '$1,500' } }), { asOf, expectedValue: true, valueField: 'fields.premium' });
		expect(fromField.expectedValue).toBe(600);
		const missing = scoreLead(lead(), { asOf, expectedValue: true });
		expect(missing.expectedValue).toBeUndefined();
		expect(missing.reasons.map((reason) => reason.rule)).toContain('expectedValueMissing');
		expect(() => scoreLead(lead({ fields: { premium: 'lots' } }), { asOf, expectedValue: true, valueField: 'fields.premium' })).toThrow(
			expect.objectContaining({ field: 'fields.premium', code: 'invalidValue' }),
		);
	});
});
