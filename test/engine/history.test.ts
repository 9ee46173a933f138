/** Reading History rows: times in any accepted form, the fast path for Log Outcome's own form. */
import { DateTime } from 'luxon';

import { parseHistory, readInstant } from '../../engine/history';

describe('readInstant', () => {
	it('returns a canonical UTC instant as it is, and agrees with luxon on it', () => {
		for (const text of ['2026-03-18T15:00:00.000Z', '2024-02-29T23:59:59.999Z', '2000-02-29T12:00:00.000Z', '1999-12-31T00:00:00.000Z']) {
			expect(readInstant(text)).toBe(text);
			expect(readInstant(text)).toBe(DateTime.fromISO(text, { zone: 'utc' }).toUTC().toISO());
		}
	});

	it('rejects impossible dates in canonical form instead of rolling them over', () => {
		for (const text of ['2026-02-30T10:00:00.000Z', '2025-02-29T10:00:00.000Z', '1900-02-29T10:00:00.000Z', '2026-13-01T10:00:00.000Z', '2026-00-10T10:00:00.000Z', '2026-03-18T10:60:00.000Z', '2026-03-1aT10:00:00.000Z', '2026-04-31T10:00:00.000Z']) {
			expect(() => readInstant(text)).toThrow(/is not a date and time/);
		}
		// ISO 8601's end-of-day 24:00 is valid: luxon reads it as the next midnight, and so do we.
		expect(readInstant('2026-03-18T24:00:00.000Z')).toBe('2026-03-19T00:00:00.000Z');
	});

	it('still reads every other form through luxon: offsets, no fraction, epoch numbers', () => {
		expect(readInstant('2026-03-18T10:00:00-05:00')).toBe('2026-03-18T15:00:00.000Z');
		expect(readInstant('2026-03-18T15:00:00Z')).toBe('2026-03-18T15:00:00.000Z');
		expect(readInstant(' 2026-03-18T15:00:00.000Z ')).toBe('2026-03-18T15:00:00.000Z');
		expect(readInstant(1773846000)).toBe('2026-03-18T15:00:00.000Z');
		expect(readInstant(1773846000000)).toBe('2026-03-18T15:00:00.000Z');
	});

	it('refuses numbers that are not epoch times of this century instead of dating them 1970', () => {
		// A spreadsheet serial date (2026-03-18 15:00) and a compact date.
		for (const value of [46099.625, 20260318, -5, Number.NaN]) expect(() => readInstant(value)).toThrow(/is not a date and time/);
		const { records, invalid } = parseHistory([{ leadId: 'x', agentId: 'ava', event: 'assigned', at: 46099.625 }]);
		expect(records).toEqual([]);
		expect(invalid[0].reasons[0].code).toBe('historyInvalid');
	});
});

describe('parseHistory', () => {
	it('orders records by time whatever form their times came in', () => {
		const row = (leadId: string, at: unknown) => ({ leadId, agentId: 'ava', event: 'assigned', at });
		const { records } = parseHistory([row('c', '2026-03-18T15:00:02.000Z'), row('a', '2026-03-18T10:00:00-05:00'), row('b', 1773846001)]);
		expect(records.map((record) => record.leadId)).toEqual(['a', 'b', 'c']);
	});
});
