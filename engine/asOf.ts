/**
 * The "As Of" parameter: the moment a check or score is made for. Empty means the caller's `now`
 * (the node passes the execution's clock); a fixed value makes a past decision replayable.
 */
import { DateTime } from 'luxon';

import { InputError } from './types';

/** An ISO date and time that says its own offset ("...T14:00Z", "...T14:00-05:00"): read as written. */
const HAS_OFFSET = /T.*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Reads As Of. A date and time without an offset (what n8n's date picker gives), or a date alone,
 * is read in `zone`, the workflow's time zone: read by the server's clock instead, the same
 * workflow would judge a license expiring that night differently on a server set to UTC and one
 * set to Los Angeles, and "2026-04-01" would mean the evening of March 31st in New York.
 */
export function readAsOf(value: unknown, now: Date, field = 'asOf', zone = 'UTC'): Date {
	if (value === undefined || value === null || value === '') return now;
	if (value instanceof Date) return checked(value, value, field);
	const text = String(value).trim();
	if (/^\d{4}-\d{2}-\d{2}([T ]|$)/.test(text)) {
		const iso = text.replace(' ', 'T');
		const parsed = HAS_OFFSET.test(iso) ? DateTime.fromISO(iso, { setZone: true }) : DateTime.fromISO(iso, { zone });
		return checked(parsed.isValid ? parsed.toJSDate() : new Date(NaN), value, field);
	}
	return checked(new Date(text), value, field);
}

function checked(asOf: Date, value: unknown, field: string): Date {
	if (Number.isNaN(asOf.getTime())) throw new InputError(field, 'invalidDate', `is not a date and time: "${String(value)}"`);
	return asOf;
}
