/**
 * Finds when the lead's current policy expires (the insurance "X-date"), from whatever the source
 * called it: insurance ping/post vendors send `current_policy_expiration_date`, forms say "When does
 * your current policy renew?". A renewal inside a few weeks is the strongest urgency signal there is.
 */
import { DateTime } from 'luxon';

import type { JsonObject } from '../types';

/** Keys we read, in order; matched after lowercasing and dropping non-letters. */
const EXPIRY_KEYS = [
	'currentpolicyexpirationdate',
	'currentpolicyexpiration',
	'currentpolicyexpires',
	'currentpolicyexpireson',
	'policyexpirationdate',
	'policyexpiration',
	'policyexpireson',
	'policyrenewaldate',
	'renewaldate',
	'xdate',
];

const FORMATS = ['yyyy-MM-dd', 'M/d/yyyy', 'MM/dd/yyyy', 'M/d/yy', 'yyyy/MM/dd'];

/** Epoch ms of the expiry day's start (UTC), or null when absent or unreadable. */
export function readPolicyExpiry(fields: JsonObject | undefined | null): number | null {
	if (!fields || typeof fields !== 'object') return null;
	const byKey = new Map(Object.entries(fields).map(([key, value]) => [key.toLowerCase().replace(/[^a-z]/g, ''), value]));
	for (const key of EXPIRY_KEYS) {
		const value = byKey.get(key);
		if (typeof value !== 'string' || value.trim() === '') continue;
		const text = value.trim();
		for (const format of FORMATS) {
			const parsed = DateTime.fromFormat(text, format, { zone: 'utc' });
			if (parsed.isValid) return parsed.toMillis();
		}
		const iso = DateTime.fromISO(text, { zone: 'utc' });
		if (iso.isValid) return iso.toMillis();
	}
	return null;
}
