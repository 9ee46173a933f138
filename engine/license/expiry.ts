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

/** The calendar date (YYYY-MM-DD) at `asOf` in the state's easternmost zone. */
export function localDateIn(state: string, asOf: number): string {
	const zone = (STATE_TIME_ZONES[state] ?? FALLBACK_ZONES)[0];
	return DateTime.fromMillis(asOf, { zone }).toISODate() ?? '';
}

/** Whole days left before the cutoff, rounded up (0 on the last valid day's final hours). */
export function daysUntil(cutoff: number, asOf: number): number {
	return Math.max(0, Math.ceil((cutoff - asOf) / 86_400_000) - 1);
}
