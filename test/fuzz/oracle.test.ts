/**
 * The fuzz suite's own checks must be able to fail: each is shown a violation it has to catch.
 * (A fuzz run that passes proves little if its oracle would pass anything.)
 */
import { InputError } from '../../engine/types';
import { generatePayloads, payloadAt } from './generate';
import { issueProblems, prototypeChanges, snapshotPrototypes, unexpectedThrow, unsafeParts } from './oracle';
import { illegalAssignment } from './roster';

describe('fuzz oracle', () => {
	it('flags unlicensed assignments from the roster truth', () => {
		expect(illegalAssignment('ana', { state: 'FL', product: 'auto' })).toBeNull();
		expect(illegalAssignment('ana', { state: 'TX', product: 'auto' })).toMatch(/no usable/); // only the stale duplicate row says TX
		expect(illegalAssignment('dee', { state: 'FL', product: 'auto' })).toMatch(/no usable/); // home-state license expired
		expect(illegalAssignment('ivy', { state: 'FL', product: 'auto' })).toMatch(/no usable/); // expired
		expect(illegalAssignment('eli', { state: 'CA', product: 'home' })).toMatch(/no usable/); // suspended
		expect(illegalAssignment('fay', { state: 'NY', product: 'home' })).toMatch(/inactive/);
		expect(illegalAssignment('ana', { state: 'FL', product: 'life' })).toMatch(/no usable/);
		expect(illegalAssignment('zed', { state: 'FL', product: 'auto' })).toMatch(/not a readable/);
		expect(illegalAssignment('cy', { state: 'FL', product: 'constructor' })).toMatch(/no known lines/);
		expect(illegalAssignment('cy', { state: 'FL', product: 'medicare', consent: { namedRecipients: ['Other Agency'] } })).toMatch(/not named/);
		expect(illegalAssignment('cy', { state: 'FL', product: 'medicare', consent: { namedRecipients: ['Sunshine Senior Agency, LLC'] } })).toBeNull();
	});

	it('sees prototype pollution, and nothing when there is none', () => {
		const before = snapshotPrototypes();
		expect(prototypeChanges(before)).toEqual([]);
		(Object.prototype as Record<string, unknown>).fuzzPolluted = 'yes';
		try {
			expect(prototypeChanges(before).join(' ')).toMatch(/fuzzPolluted/);
		} finally {
			delete (Object.prototype as Record<string, unknown>).fuzzPolluted;
		}
		expect(prototypeChanges(before)).toEqual([]);
	});

	it('accepts only the documented InputError, for non-object payloads', () => {
		const notAnObject = new InputError('payload', 'notAnObject', 'is a list');
		expect(unexpectedThrow(notAnObject, [1])).toBeNull();
		expect(unexpectedThrow(notAnObject, { email: 'a@b.co' })).toMatch(/object payload/);
		expect(unexpectedThrow(new RangeError('Maximum call stack size exceeded'), [1])).toMatch(/RangeError/);
		expect(unexpectedThrow(new InputError('body', 'notAnObject', 'text'), { headers: {}, query: {}, body: 'text' })).toBeNull();
	});

	it('requires a field and a code on every error, and finds unsafe keys at any depth', () => {
		expect(issueProblems([{ field: 'email', code: 'emailMissing', message: '' }])).toEqual([]);
		expect(issueProblems([])).not.toEqual([]);
		expect(issueProblems([{ code: 'x' }])).not.toEqual([]);
		const nested = JSON.parse('{"a": {"b": [{"__proto__": {"x": 1}}]}}') as unknown;
		expect(unsafeParts(nested)).toEqual(['$.a.b.0.__proto__']);
		expect(unsafeParts({ a: { b: [1, 2] } })).toEqual([]);
	});

	it('generates the same payloads for the same seed, each replayable alone', () => {
		const first = generatePayloads(7, 40);
		expect(JSON.stringify(generatePayloads(7, 40).map((p) => p.note))).toBe(JSON.stringify(first.map((p) => p.note)));
		expect(payloadAt(7, 33).note).toBe(first[33].note);
		expect(new Set(generatePayloads(7, 400).map((p) => p.kind)).size).toBeGreaterThanOrEqual(9);
	});
});
