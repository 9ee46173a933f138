import { normalizeLead, resolveOptions } from '../../../engine/normalize';
import { InputError } from '../../../engine/types';
import { NOW, payload } from './fixtures';

describe('options', () => {
	it('field map: a user key becomes a canonical field, and it beats the built-in aliases', () => {
		const body = { q12_best_contact: '(305) 555-0142', phone: 'none', which_line: 'HO3', q13: 'x@example.com' };
		const { lead } = normalizeLead(body, { now: NOW, fieldMap: { q12_best_contact: 'phone', Q13: 'email' } });
		expect(lead.phone).toBe('+13055550142');
		expect(lead.email).toBe('x@example.com');
		expect(lead.fields.phone).toBe('none');
	});

	it('field map to a non-canonical name renames the key in fields', () => {
		const { lead } = normalizeLead({ email: 'a@example.com', q7: 'State Farm' }, { now: NOW, fieldMap: { q7: 'currentCarrier' } });
		expect(lead.fields.currentCarrier).toBe('State Farm');
		expect(lead.fields.q7).toBeUndefined();
	});

	it('field map matches Typeform question titles and Jotform stripped keys', () => {
		const jot = normalizeLead(payload('jotform-webhook'), { now: NOW, fieldMap: { typeA: 'consentGiven' } }).lead;
		expect(jot.consent.given).toBe(true);
	});

	it('product synonyms', () => {
		const { lead } = normalizeLead({ email: 'a@example.com', product: 'Boat' }, { now: NOW, productSynonyms: { boat: 'watercraft' } });
		expect(lead.product).toBe('watercraft');
		expect(lead.productRaw).toBe('Boat');
	});

	it.each([
		['emailOrPhone', { phone: '3055550142' }, true],
		['emailOrPhone', { email: 'bad' }, false],
		['email', { phone: '3055550142' }, false],
		['email', { email: 'a@example.com' }, true],
		['phone', { email: 'a@example.com' }, false],
		['emailAndPhone', { email: 'a@example.com' }, false],
		['emailAndPhone', { email: 'a@example.com', phone: '3055550142' }, true],
	] as const)('required %s with %j -> valid %s', (required, body, valid) => {
		expect(normalizeLead(body, { now: NOW, required }).valid).toBe(valid);
	});

	it('an invalid email is named as invalid, not missing', () => {
		const result = normalizeLead({ email: 'jane@', phone: '12' }, { now: NOW });
		expect(result.valid).toBe(false);
		if (!result.valid) {
			expect(result.errors.map((e) => e.code)).toEqual(['emailInvalid', 'phoneInvalid']);
			expect(result.errors[0].message).toContain('jane@');
		}
	});

	it('require state: inferred from ZIP counts, none fails', () => {
		expect(normalizeLead({ email: 'a@example.com', zip: '33602' }, { now: NOW, requireState: true }).valid).toBe(true);
		const result = normalizeLead({ email: 'a@example.com' }, { now: NOW, requireState: true });
		expect(result.valid).toBe(false);
		if (!result.valid) expect(result.errors.map((e) => e.code)).toContain('stateMissing');
	});

	it('keepRaw false drops the original', () => {
		expect(normalizeLead({ email: 'a@example.com' }, { now: NOW }).lead.raw).toEqual({ email: 'a@example.com' });
		expect(normalizeLead({ email: 'a@example.com' }, { now: NOW, keepRaw: false }).lead.raw).toBeUndefined();
	});

	it('receivedAt falls back to now, with a warning', () => {
		const { lead } = normalizeLead({ email: 'a@example.com' }, { now: NOW });
		expect(lead.receivedAt).toBe(NOW.toISOString());
		expect(lead.warnings.map((w) => w.code)).toContain('receivedAtMissing');
		const unreadable = normalizeLead({ email: 'a@example.com', submitted_at: 'last tuesday' }, { now: NOW }).lead;
		expect(unreadable.warnings.map((w) => w.code)).toContain('receivedAtUnreadable');
	});

	it('leadId is stable for the same lead and differs for another', () => {
		const body = { email: 'a@example.com', submitted_at: '2026-11-25T10:00:00Z' };
		const first = normalizeLead(body, { now: NOW }).lead.leadId;
		expect(normalizeLead({ ...body }, { now: new Date() }).lead.leadId).toBe(first);
		expect(normalizeLead({ ...body, email: 'b@example.com' }, { now: NOW }).lead.leadId).not.toBe(first);
	});

	it('bad settings fail loudly', () => {
		expect(() => resolveOptions({ sourceTimeZone: 'Mars/Olympus' })).toThrow(InputError);
		expect(() => resolveOptions({ shape: 'fax' as never })).toThrow(InputError);
		expect(() => resolveOptions({ required: 'both' as never })).toThrow(InputError);
	});

	it('country: US spellings normalised, other ISO codes kept', () => {
		expect(normalizeLead({ email: 'a@example.com', country: 'United States' }, { now: NOW }).lead.country).toBe('US');
		expect(normalizeLead({ email: 'a@example.com', country: 'ca' }, { now: NOW }).lead.country).toBe('CA');
		expect(normalizeLead({ email: 'a@example.com' }, { now: NOW, defaultCountry: 'pr' }).lead.country).toBe('PR');
	});

	it('UTM and click ids from the query string of the webhook URL', () => {
		const { lead } = normalizeLead(
			{ headers: {}, params: {}, query: { utm_source: 'google', utm_medium: 'cpc', gclid: 'g1' }, body: { email: 'a@example.com' } },
			{ now: NOW },
		);
		expect(lead.source.channel).toBe('paid_search');
		expect(lead.source.clickIds).toEqual({ gclid: 'g1' });
	});

	it('state given and ZIP in another state: the stated state is kept, with a warning', () => {
		const { lead } = normalizeLead({ email: 'a@example.com', state: 'GA', zip: '33602' }, { now: NOW });
		expect(lead.state).toBe('GA');
		expect(lead.warnings.map((w) => w.code)).toContain('stateZipMismatch');
	});

	it('a bad phone among good ones does not leave a warning', () => {
		const { lead } = normalizeLead({ email: 'a@example.com', phone: '123', mobile: '3055550142' }, { now: NOW });
		expect(lead.phone).toBe('+13055550142');
		expect(lead.warnings.map((w) => w.code)).not.toContain('phoneInvalid');
		expect(lead.fields.phone).toBe('123');
	});
});
