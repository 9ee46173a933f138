import { normalizeLead } from '../../../engine/normalize';
import { InputError } from '../../../engine/types';
import { NOW } from './fixtures';

const run = (body: unknown) => normalizeLead(body, { now: NOW });
const errorCodes = (result: ReturnType<typeof run>) => (result.valid ? [] : result.errors.map((e) => e.code));

describe('payloads that are not objects', () => {
	it.each([
		['a string', 'jane@example.com'],
		['a number', 42],
		['null', null],
		['undefined', undefined],
		['a list', [{ email: 'a@example.com' }]],
		['a boolean', true],
	])('%s throws InputError naming the payload', (_name, payload) => {
		expect(() => run(payload)).toThrow(InputError);
		try {
			run(payload);
		} catch (error) {
			expect((error as InputError).field).toBe('payload');
			expect((error as InputError).code).toBe('notAnObject');
		}
	});

	it('a webhook body that is plain text throws InputError naming the body', () => {
		expect(() => run({ headers: {}, query: {}, body: 'hello there' })).toThrow(/body/);
	});

	it('a webhook body that is a list throws and suggests splitting', () => {
		expect(() => run({ headers: {}, query: {}, body: [1, 2] })).toThrow(InputError);
	});
});

describe('hostile objects go to Invalid with a reason, never crash', () => {
	afterEach(() => {
		// Nothing may leak onto every object in the process.
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
	});

	it.each([
		['__proto__', '{"__proto__": {"polluted": "yes"}, "email": "a@example.com"}'],
		['nested __proto__', '{"contact": {"__proto__": {"polluted": "yes"}}, "email": "a@example.com"}'],
		['constructor.prototype', '{"constructor": {"prototype": {"polluted": "yes"}}, "email": "a@example.com"}'],
		['prototype', '{"prototype": {"polluted": "yes"}, "phone": "3055550142"}'],
		['in a Jotform rawRequest', JSON.stringify({ formID: '1', submissionID: '2', rawRequest: '{"__proto__": {"polluted": 1}, "q1_email": "a@example.com"}' })],
		['as a HubSpot field name', JSON.stringify({ fields: [{ name: '__proto__', value: 'x' }, { name: 'email', value: 'a@example.com' }] })],
		['in the field map target', '{"email": "a@example.com"}'],
	])('%s', (_name, json) => {
		const result = normalizeLead(JSON.parse(json), { now: NOW, fieldMap: { email: 'email', x: '__proto__' } });
		if (_name !== 'in the field map target') {
			expect(result.valid).toBe(false);
			expect(errorCodes(result)).toContain('unsafeKey');
		}
		expect(Object.keys(result.lead.fields)).not.toContain('__proto__');
		if (_name !== 'in the field map target') expect(result.lead.raw).toBeUndefined();
		expect(Object.getPrototypeOf(result.lead.fields)).toBe(Object.prototype);
	});

	it('10,000 levels of nesting: no stack overflow, reported, raw not carried', () => {
		let deep: Record<string, unknown> = { email: 'deep@example.com' };
		for (let i = 0; i < 10_000; i++) deep = { next: deep };
		const result = run({ email: 'top@example.com', nested: deep });
		expect(result.valid).toBe(false);
		expect(errorCodes(result)).toContain('tooDeep');
		expect(result.lead.email).toBe('top@example.com');
		expect(result.lead.raw).toBeUndefined();
		expect(() => JSON.stringify(result.lead)).not.toThrow();
	});

	it('10,000 levels of nested arrays', () => {
		let deep: unknown = ['x'];
		for (let i = 0; i < 10_000; i++) deep = [deep];
		const result = run({ phone: '3055550142', list: deep });
		expect(errorCodes(result)).toContain('tooDeep');
	});

	it('a 1 MB string is refused, not copied around', () => {
		const huge = 'a'.repeat(1_000_000);
		const result = run({ email: `${huge}@example.com`, phone: '3055550142', note: huge });
		expect(result.valid).toBe(false);
		expect(errorCodes(result)).toContain('valueTooLong');
		expect(JSON.stringify(result.lead.warnings).length).toBeLessThan(10_000);
		expect(result.lead.phone).toBe('+13055550142');
		expect(result.lead.fields.note).toBeUndefined();
		expect(result.lead.raw).toBeUndefined();
	});

	it('too many answers', () => {
		const wide: Record<string, string> = { email: 'a@example.com' };
		for (let i = 0; i < 5_000; i++) wide[`q${i}`] = 'x';
		const result = run(wide);
		expect(errorCodes(result)).toContain('tooManyFields');
	});

	it('zero-width and bidi characters are removed from an email, with a warning', () => {
		const result = run({ email: 'ja\u200Bne@exa\u202Emple.com\uFEFF', first_name: '\u200FSara' });
		expect(result.valid).toBe(true);
		expect(result.lead.email).toBe('jane@example.com');
		expect(result.lead.firstName).toBe('Sara');
		expect(result.lead.warnings.map((w) => w.code)).toContain('invisibleCharacters');
	});

	it('lone surrogates are replaced, emoji and RTL names survive', () => {
		const result = run({ email: 'a@example.com', first_name: 'Ana \uD83D', last_name: 'محمد', note: '🚗🏠' });
		expect(result.lead.firstName).toBe('Ana \uFFFD');
		expect(result.lead.lastName).toBe('محمد');
		expect(result.lead.fields.note).toBe('🚗🏠');
		expect(result.lead.warnings.map((w) => w.code)).toContain('brokenUnicode');
		expect(() => JSON.stringify(result.lead)).not.toThrow();
	});

	it.each([
		['empty object', {}],
		['only junk', { foo: 'bar', n: 3, nothing: null }],
		['numbers where text is expected', { email: 12345, phone: true, state: 99 }],
		['objects where text is expected', { email: { nested: 'a@example.com' }, phone: [[1]] }],
		['NaN and Infinity', { phone: Number.NaN, zip: Number.POSITIVE_INFINITY }],
	])('%s is Invalid with missing contact', (_name, body) => {
		const result = run(body);
		expect(result.valid).toBe(false);
		expect(errorCodes(result)).toEqual(expect.arrayContaining([expect.stringMatching(/^email(Missing|Invalid)$/)]));
		expect(result.lead.leadId).toMatch(/^lead_[0-9a-f]{20}$/);
	});

	it('a Date or class instance inside the payload does not crash', () => {
		const result = run({ email: 'a@example.com', when: new Date('2026-11-25T00:00:00Z'), map: new Map([[1, 2]]) });
		expect(result.lead.email).toBe('a@example.com');
	});
});
