/**
 * When a license stops being valid. A license "expiring 2026-03-31" is valid through that whole
 * day in the issuing state's calendar, so it expires at the next local midnight. For a state that
 * spans several zones we take the zone whose midnight comes first (the easternmost): checking
 * against a later zone could call a license valid in the part of the state where it has lapsed.
 */
import { DateTime } from 'luxon';

import { STATE_TIME_ZONES } from '../data/stateTimeZones';

/** Where no zone is known (should not happen for a licensing state): the earliest US midnight. */
const FALLBACK_ZONES = ['Pacific/Guam'];

const cutoffCache = new Map<string, number>();

/**
 * The instant (epoch ms) from which a license with this expiry date is expired in `state`.
 * Memoised: a roster repeats the same few (state, date) pairs thousands of times.
 */
export function expiryCutoff(state: string, expiresOn: string): number {
	const key = `${state}|${expiresOn}`;
	const cached = cutoffCache.get(key);
	if (cached !== undefined) return cached;
	const zones = STATE_TIME_ZONES[state] ?? FALLBACK_ZONES;
	let cutoff = Infinity;
	for (const zone of zones) {
		const nextMidnight = DateTime.fromISO(expiresOn, { zone }).startOf('day').plus({ days: 1 });
		if (nextMidnight.isValid) cutoff = Math.min(cutoff, nextMidnight.toMillis());
	}
	if (!Number.isFinite(cutoff)) cutoff = -Infinity; // an unreadable date is treated as expired
	if (cutoffCache.size > 50_000) cutoffCache.clear();
	cutoffCache.set(key, cutoff);
	return cutoff;
}

/**
 * The calendar dates (YYYY-MM-DD) at `asOf` across the state: `latest` in its easternmost zone,
 * `earliest` in its westernmost (the same date except for an hour or so a day in states with two
 * zones). Failing closed takes whichever is stricter: something that ends on a date has ended once
 * `latest` reaches it, something that starts on a date has started only once `earliest` has.
 */
export interface LocalDates {
	earliest: string;
	latest: string;
}

export function localDatesIn(state: string, asOf: number): LocalDates {
	// Over every zone of the state, not by the table's order, so a state listing three zones is right too.
	const dates = (STATE_TIME_ZONES[state] ?? FALLBACK_ZONES).map((zone) => DateTime.fromMillis(asOf, { zone }).toISODate() ?? '').sort();
	return { earliest: dates[0], latest: dates[dates.length - 1] };
}

/** Whole days left before the cutoff, rounded up (0 on the last valid day's final hours). */
export function daysUntil(cutoff: number, asOf: number): number {
	return Math.max(0, Math.ceil((cutoff - asOf) / 86_400_000) - 1);
}
