import { dedupeKeyFor, emailIdentity, markDuplicates, normalizeLead } from '../../../engine/normalize';
import type { Lead } from '../../../engine/types';
import { NOW } from './fixtures';

const lead = (body: Record<string, unknown>): Lead =>
	normalizeLead({ submitted_at: '2026-11-25T19:00:00Z', ...body }, { now: NOW }).lead;
const options = { lookbackDays: 30, now: NOW };

describe('dedupe key', () => {
	it('folds gmail dots and plus tags, and googlemail', () => {
		expect(emailIdentity('J.Doe+quotes@GMAIL.com')).toBe('jdoe@gmail.com');
		expect(emailIdentity('j.doe@googlemail.com')).toBe('jdoe@gmail.com');
		expect(emailIdentity('j.doe+x@example.com')).toBe('j.doe+x@example.com');
	});

	it('is the mailbox, else the phone, else empty', () => {
		expect(dedupeKeyFor('J.Doe@gmail.com', '+13055550142')).toBe('jdoe@gmail.com');
		expect(dedupeKeyFor(null, '+13055550142')).toBe('+13055550142');
		expect(dedupeKeyFor(null, null)).toBe('');
	});

	it('the normalised lead carries it', () => {
		expect(lead({ email: 'Jane.Doe+ins@gmail.com' }).dedupeKey).toBe('janedoe@gmail.com');
	});
});

describe('markDuplicates', () => {
	it('within a batch the first one wins, later ones point at it', () => {
		const a = lead({ email: 'jane.doe@gmail.com', lead_id: 'A' });
		const b = lead({ email: 'janedoe+2@gmail.com', lead_id: 'B' });
		const c = lead({ email: 'other@example.com', lead_id: 'C' });
		const marked = markDuplicates([a, b, c], [], options);
		expect(marked.map((l) => l.duplicateOf)).toEqual([undefined, 'A', undefined]);
		expect(marked[1].warnings.map((w) => w.code)).toContain('duplicate');
		expect(marked).toHaveLength(3);
		expect(a.duplicateOf).toBeUndefined();
	});

	it('matches on phone when emails differ or are missing', () => {
		const a = lead({ email: 'a@example.com', phone: '305-555-0142', lead_id: 'A' });
		const b = lead({ phone: '(305) 555-0142', lead_id: 'B' });
		expect(markDuplicates([a, b], [], options)[1].duplicateOf).toBe('A');
	});

	it('known leads inside the window mark, outside do not', () => {
		const known = [
			{ leadId: 'OLD', dedupeKey: 'old@example.com', receivedAt: '2026-09-01T00:00:00Z' },
			{ leadId: 'RECENT', dedupeKey: 'recent@example.com', receivedAt: '2026-11-20T00:00:00Z' },
		];
		const marked = markDuplicates([lead({ email: 'old@example.com' }), lead({ email: 'recent@example.com' })], known, options);
		expect(marked.map((l) => l.duplicateOf)).toEqual([undefined, 'RECENT']);
		expect(markDuplicates([lead({ email: 'old@example.com' })], known, { ...options, lookbackDays: 120 })[0].duplicateOf).toBe('OLD');
	});

	it('the earliest known lead is the one pointed at', () => {
		const known = [
			{ leadId: 'SECOND', email: 'x@example.com', receivedAt: '2026-11-22T00:00:00Z' },
			{ leadId: 'FIRST', email: 'X@example.com', receivedAt: '2026-11-21T00:00:00Z' },
		];
		expect(markDuplicates([lead({ email: 'x@example.com' })], known, options)[0].duplicateOf).toBe('FIRST');
	});

	it('reads outcome records with a lead snapshot (object or JSON string) and raw table rows', () => {
		const known = [
			{ leadId: 'E1', agentId: 'a1', event: 'won', at: '2026-11-24T00:00:00Z', lead: { leadId: 'L1', dedupeKey: 'snap@example.com' } },
			{ leadId: 'E2', at: '2026-11-24T00:00:00Z', lead: JSON.stringify({ leadId: 'L2', dedupeKey: '+13055550142' }) },
			{ id: 'ROW3', Email: 'ignored-case-key@example.com', email: 'row@example.com', phone: '305 555 0199' },
			'not an object',
			null,
			{ email: 'no-id@example.com' },
		];
		const marked = markDuplicates(
			[lead({ email: 'snap@example.com' }), lead({ phone: '3055550142' }), lead({ email: 'row@example.com' }), lead({ email: 'no-id@example.com' })],
			known,
			options,
		);
		expect(marked.map((l) => l.duplicateOf)).toEqual(['L1', 'L2', 'ROW3', undefined]);
	});

	it('the same submission delivered twice is marked as a redelivery', () => {
		const a = lead({ email: 'a@example.com', lead_id: 'SAME' });
		const marked = markDuplicates([a], [{ leadId: 'SAME', dedupeKey: 'a@example.com', receivedAt: '2026-11-25T19:00:00Z' }], options);
		expect(marked[0].duplicateOf).toBe('SAME');
		expect(marked[0].warnings.map((w) => w.code)).toContain('redelivered');
	});

	it('a lead that does not count as earlier (it went to Invalid) is never the one pointed at', () => {
		const rejected = lead({ email: 'pat@example.com', lead_id: 'REJECTED' });
		const corrected = lead({ email: 'pat@example.com', phone: '(305) 555-2222', lead_id: 'CORRECTED' });
		const again = lead({ email: 'pat@example.com', lead_id: 'AGAIN' });
		const marked = markDuplicates([rejected, corrected, again], [], { ...options, countsAsEarlier: (l) => l !== rejected });
		expect(marked.map((l) => l.duplicateOf)).toEqual([undefined, undefined, 'CORRECTED']);
		expect(markDuplicates([rejected, corrected], [], options)[1].duplicateOf).toBe('REJECTED');
	});

	it('a known record from the Invalid output (it carries errors) is not an earlier lead', () => {
		const errors = [{ field: 'phone', code: 'phoneMissing', message: 'The lead has no phone number' }];
		const known = (extra: Record<string, unknown>) => [{ leadId: 'K', dedupeKey: 'pat@example.com', receivedAt: '2026-11-25T18:00:00Z', ...extra }];
		const pat = lead({ email: 'pat@example.com' });
		expect(markDuplicates([pat], known({ errors }), options)[0].duplicateOf).toBeUndefined();
		expect(markDuplicates([pat], known({ errors: JSON.stringify(errors) }), options)[0].duplicateOf).toBeUndefined();
		for (const none of [[], '', '[]', null]) expect(markDuplicates([pat], known({ errors: none }), options)[0].duplicateOf).toBe('K');
	});

	it('leads without contact never match each other', () => {
		const marked = markDuplicates([lead({ foo: 1 }), lead({ foo: 2 })], [], options);
		expect(marked.map((l) => l.duplicateOf)).toEqual([undefined, undefined]);
	});
});
