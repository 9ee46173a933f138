/**
 * Finds when the lead's current policy expires (the insurance "X-date"), from whatever the source
 * called it: insurance ping/post vendors send `current_policy_expiration_date`, forms say "When does
 * your current policy renew?". A renewal inside a few weeks is the strongest urgency signal there is.
 */
import { DateTime } from 'luxon';

import { isLicensingJurisdiction } from '../data/stateTimeZones';
import { localDatesIn } from '../license/expiry';
import type { JsonObject, JsonValue } from '../types';

/** Keys we read, in order; matched after lowercasing and dropping non-letters. */
const EXPIRY_KEYS = [
	'currentpolicyexpirationdate',
	'currentpolicyexpiration',
	'currentpolicyexpires',
	'currentpolicyexpireson',
	'currentpolicyexpire',
	'whendoesyourcurrentpolicyexpire',
	'whendoesyourcurrentpolicyrenew',
	'policyexpirationdate',
	'policyexpiration',
	'policyexpireson',
	'policyrenewaldate',
	'policyrenewal',
	'renewaldate',
	'xdate',
];

/**
 * Date formats sources actually send, US order first (a US form's "10/12/2026" is October 12).
 * The time-of-day variants come from CRMs and SQL exports that write a date as midnight
 * ("2026-12-10 00:00:00", "12/10/2026 0:00:00"); only the date part matters.
 */
const FORMATS = [
	'yyyy-MM-dd',
	'M/d/yyyy',
	'M/d/yy',
	'M-d-yyyy',
	'yyyy/MM/dd',
	'yyyy-MM-dd H:mm:ss',
	'yyyy-MM-dd H:mm',
	'M/d/yyyy H:mm:ss',
	'M/d/yyyy H:mm',
	'M/d/yyyy h:mm:ss a',
	'M/d/yyyy h:mm a',
	'M-d-yyyy H:mm:ss',
	'MMM d, yyyy',
	'MMMM d, yyyy',
];

/** Jotform's date question arrives as {month, day, year}; Lead Normalize flattens it to `name.month`... */
const DATE_PARTS = ['month', 'day', 'year'] as const;
type DateParts = Partial<Record<(typeof DATE_PARTS)[number], JsonValue>>;

const keyForm = (key: string) => key.toLowerCase().replace(/[^a-z]/g, '');

/** The part of a field key after its last '.', or '' when it has none. */
function lastPart(key: string): string {
	const dot = key.lastIndexOf('.');
	return dot > 0 ? key.slice(dot + 1) : '';
}

function parseText(text: string): string | null {
	for (const format of FORMATS) {
		const parsed = DateTime.fromFormat(text, format, { zone: 'utc', locale: 'en-US' });
		if (parsed.isValid) return parsed.toISODate();
	}
	// An ISO instant keeps the calendar date it was written in ("2026-12-10T00:00:00-05:00" is the 10th).
	const iso = DateTime.fromISO(text, { zone: 'utc', setZone: true });
	return iso.isValid ? iso.toISODate() : null;
}

function parseParts(parts: DateParts): string | null {
	const [month, day, year] = DATE_PARTS.map((part) => (typeof parts[part] === 'number' || typeof parts[part] === 'string' ? String(parts[part]).trim() : ''));
	if (!month || !day || !year) return null;
	for (const monthFormat of ['M', 'MMMM', 'MMM']) {
		const parsed = DateTime.fromFormat(`${year}-${month}-${day}`, `yyyy-${monthFormat}-d`, { zone: 'utc', locale: 'en-US' });
		if (parsed.isValid) return parsed.toISODate();
	}
	return null;
}

/** The expiry date as `YYYY-MM-DD` (a calendar date, no zone), or null when absent or unreadable. */
export function readPolicyExpiry(fields: JsonObject | undefined | null): string | null {
	if (!fields || typeof fields !== 'object') return null;
	// Lead Normalize keeps nested and dotted payload keys whole in `fields`
	// (`Lead.current_policy_expiration_date`), so a key also answers to its part after the last '.',
	// and Jotform's `name.month` / `name.day` / `name.year` answer together as `name`. A whole key
	// comes first, then last parts, then split dates: the first value found for a name keeps it.
	const byName = new Map<string, JsonValue | DateParts>();
	const remember = (key: string, value: JsonValue | DateParts) => {
		const name = keyForm(key);
		if (name !== '' && !byName.has(name)) byName.set(name, value);
	};
	const plain: Array<[string, JsonValue | DateParts]> = [];
	const dateParts = new Map<string, DateParts>();
	for (const [key, value] of Object.entries(fields)) {
		const part = lastPart(key).toLowerCase();
		if ((DATE_PARTS as readonly string[]).includes(part)) {
			const prefix = key.slice(0, key.lastIndexOf('.'));
			dateParts.set(prefix, { ...dateParts.get(prefix), [part]: value });
		} else plain.push([key, value]);
	}
	const split = [...dateParts];
	for (const [key, value] of plain) remember(key, value);
	for (const [key, value] of plain) remember(lastPart(key), value);
	for (const [prefix, parts] of split) remember(prefix, parts);
	for (const [prefix, parts] of split) remember(lastPart(prefix), parts);
	for (const key of EXPIRY_KEYS) {
		const value = byName.get(key);
		if (typeof value === 'string') {
			const date = value.trim() === '' ? null : parseText(value.trim());
			if (date) return date;
		} else if (value && typeof value === 'object' && !Array.isArray(value)) {
			const date = parseParts(value as DateParts);
			if (date) return date;
		}
	}
	return null;
}

/**
 * Today's date where the lead lives: the state's westernmost calendar (localDatesIn's `earliest`,
 * the one still on the earlier date), so a policy expiring "today" counts as today until midnight
 * everywhere in the state. An unknown state falls back to UTC.
 */
function todayInState(asOf: number, state: unknown): string {
	const code = typeof state === 'string' ? state.trim().toUpperCase() : '';
	return isLicensingJurisdiction(code) ? localDatesIn(code, asOf).earliest : DateTime.fromMillis(asOf, { zone: 'utc' }).toISODate()!;
}

/**
 * Whole calendar days from the lead's today to the policy's expiry date (0 = expires today,
 * negative = already expired), or null when the lead gives no readable expiry date. Calendar
 * dates, not instants: an expiry date has no time of day, and comparing it as UTC midnight made
 * "expires today" stop counting at 8 pm in New York.
 */
export function daysUntilPolicyExpiry(fields: JsonObject | undefined | null, state: unknown, asOf: number): number | null {
	const expiry = readPolicyExpiry(fields);
	if (expiry === null) return null;
	return Math.round((Date.parse(expiry) - Date.parse(todayInState(asOf, state))) / 86_400_000);
}
