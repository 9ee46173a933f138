/** Rules mode: default rules, custom rules, clamping, tiers, SLA, expected value. */
import { normalizeLead } from '../../../engine/normalize';
import { DEFAULT_SCORE_RULES, readLeadValue, scoreByRules, scoreLead, validateThresholds } from '../../../engine/score';
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

describe('policyExpiringSoon reads the expiry date', () => {
	const expiring = (fields: Lead['fields'], state: string | null, at: string, options = {}) =>
		fired(lead({ fields, state }), { asOf: new Date(at), ...options }).includes('policyExpiringSoon');

	it('as a calendar date in the lead\'s state: "expires today" counts until midnight there', () => {
		const today = { current_policy_expiration_date: '2026-03-15' };
		expect(expiring(today, 'NY', '2026-03-15T20:30:00-04:00')).toBe(true);
		expect(expiring(today, 'CA', '2026-03-15T23:30:00-07:00')).toBe(true);
		// Florida's panhandle runs on Central time: still the 15th there at 00:30 in Miami.
		expect(expiring(today, 'FL', '2026-03-16T00:30:00-04:00')).toBe(true);
		expect(expiring(today, 'NY', '2026-03-16T00:30:00-04:00')).toBe(false);
		// The window's far edge is a calendar day too, whatever the hour.
		const in31Days = { x_date: '2026-04-15' };
		expect(expiring(in31Days, 'NY', '2026-03-15T09:00:00-04:00')).toBe(false);
		expect(expiring(in31Days, 'NY', '2026-03-15T21:00:00-04:00')).toBe(false);
		expect(expiring({ x_date: '2026-04-14' }, 'NY', '2026-03-15T21:00:00-04:00')).toBe(true);
		// No known state: UTC's calendar.
		expect(expiring(today, null, '2026-03-15T23:59:00Z')).toBe(true);
		expect(expiring(today, 'ZZ', '2026-03-16T00:01:00Z')).toBe(false);
	});

	it('from dotted keys, Jotform date parts and timestamp-like formats', () => {
		const at = '2026-11-25T15:00:00Z';
		expect(expiring({ 'Lead.current_policy_expiration_date': '2026-12-10' }, 'TX', at)).toBe(true);
		expect(expiring({ 'policy-renewal': '2026-12-10' }, 'TX', at)).toBe(true);
		expect(expiring({ 'when_does_your_current_policy_expire?': '2026-12-10' }, 'OH', at)).toBe(true);
		for (const value of ['2026-12-10 00:00:00', '12/10/2026 0:00:00', '12/10/2026 00:00:00', '12-10-2026', 'Dec 10, 2026', '2026-12-10T00:00:00-05:00']) {
			expect([value, expiring({ x_date: value }, 'TX', at)]).toEqual([value, true]);
		}
		expect(expiring({ x_date: '12/10/2027 00:00:00' }, 'TX', at)).toBe(false);
		// A Jotform date question, exactly as Lead Normalize passes it on.
		const jotform = { formID: '1', submissionID: '9', rawRequest: JSON.stringify({ q4_email: 'a@example.com', q6_state: 'VA', q7_policyExpirationDate: { month: '12', day: '10', year: '2026' } }) };
		const normalized = normalizeLead(jotform).lead;
		expect(normalized.fields).toMatchObject({ 'policyExpirationDate.month': '12', 'policyExpirationDate.day': '10', 'policyExpirationDate.year': '2026' });
		expect(scoreByRules(normalized, { asOf: new Date(at) }).reasons.map((reason) => reason.rule)).toContain('policyExpiringSoon');
		expect(expiring({ 'policyExpirationDate.month': '12', 'policyExpirationDate.day': '10' }, 'VA', at)).toBe(false);
		// A whole key wins over another key's last part, wherever it comes in the object.
		expect(expiring({ 'Old.x_date': '2026-12-10', x_date: '2027-06-01' }, 'VA', at)).toBe(false);
		expect(expiring({ 'Old.x_date': '2027-06-01', x_date: '2026-12-10' }, 'VA', at)).toBe(true);
		expect(expiring({ 'policyExpirationDate.month': '2', 'policyExpirationDate.day': '30', 'policyExpirationDate.year': '2027' }, 'VA', at)).toBe(false);
	});
});

describe('duplicate', () => {
	it('does not fire for a re-delivery of the same lead (duplicateOf is its own leadId)', () => {
		expect(fired(lead({ duplicateOf: 'l1' }))).not.toContain('duplicate');
		expect(fired(lead({ duplicateOf: 'l0' }))).toContain('duplicate');
	});
});

describe('Value Field', () => {
	it('reaches Lead Normalize\'s dotted keys in fields, longest key first', () => {
		const nested = lead({ fields: { 'CurrentPolicy.Carrier': 'GEICO', 'CurrentPolicy.Premium': '$1,850' } });
		expect(readLeadValue(nested, 'fields.CurrentPolicy.Premium')).toBe(1850);
		expect(readLeadValue(nested, 'fields["CurrentPolicy.Premium"]')).toBe(1850);
		expect(readLeadValue(nested, "fields['CurrentPolicy.Premium']")).toBe(1850);
		expect(readLeadValue(lead({ fields: { a: { b: 7 }, 'a.b': 9 } }), 'fields.a.b')).toBe(9);
		expect(readLeadValue(lead({ fields: { a: { b: 7 } } }), 'fields.a.b')).toBe(7);
		expect(readLeadValue(nested, 'fields.CurrentPolicy.Deductible')).toBeNull();
		expect(scoreLead(nested, { asOf, expectedValue: true, valueField: 'fields.CurrentPolicy.Premium' }).expectedValue).toBe(740);
	});

	it.each([[true], [{ amount: 1200 }], [[1200]], [NaN], [Infinity]])('fails with invalidValue for a value of %p', (value) => {
		expect(() => scoreLead({ ...lead(), value } as unknown as Partial<Lead>, { asOf, expectedValue: true })).toThrow(
			expect.objectContaining({ field: 'value', code: 'invalidValue' }),
		);
	});

	it('treats null and empty text as no value', () => {
		for (const value of [null, '', '  ']) {
			expect(scoreLead({ ...lead(), value } as unknown as Partial<Lead>, { asOf, expectedValue: true }).reasons.at(-1)?.rule).toBe('expectedValueMissing');
		}
	});
});
