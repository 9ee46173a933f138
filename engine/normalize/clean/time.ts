/**
 * Timestamps to ISO 8601 UTC. Sources send ISO strings (with or without an offset; SQL databases
 * put a space where the T goes), epoch seconds or milliseconds (as numbers or digit strings), and
 * US-style local times ("11/25/2026 3:04 PM", Google Sheets "11/25/2026 15:04:05"), which are
 * read in the configured source time zone.
 * The common forms are parsed by hand and only the zone offset comes from luxon (cached per zone
 * and hour): trying luxon's format parsers one by one cost more than the rest of a lead.
 */
import { DateTime } from 'luxon';

// Epoch values before 2000 or after 2100 are more likely ids or amounts than timestamps.
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

// SQL databases write a space for the T and may shorten the offset to hours ("-05").
const ISO_WITH_OFFSET = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?) ?(Z|[+-]\d\d(?::?\d\d)?)$/i;
const ISO_LOCAL = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,3})\d*)?)?)?$/;
const US_LOCAL = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:,? (\d{1,2}):(\d\d)(?::(\d\d))?(?: ?([ap])\.?m\.?)?)?$/i;
const NAMED_MONTH = /^[a-z]{3,9}\.? \d{1,2},? \d{4}/i;

interface LocalTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	millisecond: number;
}

const offsetCache = new Map<string, number>();

/** Minutes east of UTC in `zone` at a local wall-clock time (cached per zone and local hour). */
function zoneOffset(local: LocalTime, zone: string): number | null {
	const key = `${zone}|${local.year}-${local.month}-${local.day}-${local.hour}`;
	const cached = offsetCache.get(key);
	if (cached !== undefined) return cached;
	const probe = DateTime.fromObject({ year: local.year, month: local.month, day: local.day, hour: local.hour }, { zone });
	if (!probe.isValid) return null;
	if (offsetCache.size > 50_000) offsetCache.clear();
	offsetCache.set(key, probe.offset);
	return probe.offset;
}

function isRealDate(local: LocalTime): boolean {
	const date = new Date(Date.UTC(local.year, local.month - 1, local.day));
	return (
		date.getUTCFullYear() === local.year &&
		date.getUTCMonth() === local.month - 1 &&
		date.getUTCDate() === local.day &&
		local.hour < 24 &&
		local.minute < 60 &&
		local.second < 60
	);
}

function localToIso(local: LocalTime, zone: string): string | null {
	if (!isRealDate(local)) return null;
	const offset = zoneOffset(local, zone);
	if (offset === null) return null;
	const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
	return inRange(wall - offset * 60_000);
}

function inRange(ms: number): string | null {
	return Number.isFinite(ms) && ms >= MIN_MS && ms < MAX_MS ? new Date(ms).toISOString() : null;
}

function fromEpoch(value: number): string | null {
	return inRange(value < 1e11 ? value * 1000 : value);
}

function parseText(text: string, zone: string): string | null {
	if (/^\d{9,13}(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
	const withOffset = ISO_WITH_OFFSET.exec(text);
	if (withOffset) {
		// Date.parse wants "T" and "+00:00": Facebook writes "+0000", Postgres "-05".
		const [, date, time, offset] = withOffset;
		const zoneText = /^z$/i.test(offset) ? 'Z' : offset.replace(/^([+-]\d\d):?(\d\d)?$/, (_m, hours: string, minutes?: string) => `${hours}:${minutes ?? '00'}`);
		return inRange(Date.parse(`${date}T${time}${zoneText}`));
	}
	const iso = ISO_LOCAL.exec(text);
	if (iso) {
		const [, y, mo, d, h, mi, s, ms] = iso;
		return localToIso(
			{ year: +y, month: +mo, day: +d, hour: +(h ?? 0), minute: +(mi ?? 0), second: +(s ?? 0), millisecond: +(ms ?? 0) },
			zone,
		);
	}
	const us = US_LOCAL.exec(text);
	if (us) {
		const [, mo, d, y, h, mi, s, meridiem] = us;
		let hour = +(h ?? 0);
		if (meridiem) {
			if (hour < 1 || hour > 12) return null;
			hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
		}
		const year = y.length === 2 ? 2000 + +y : +y;
		return localToIso({ year, month: +mo, day: +d, hour, minute: +(mi ?? 0), second: +(s ?? 0), millisecond: 0 }, zone);
	}
	// Rarer spellings: "November 25, 2026 3:04 PM", RFC 2822 and HTTP dates.
	const candidates = [
		NAMED_MONTH.test(text) ? DateTime.fromFormat(text.replace(/\b(am|pm)\b/i, (m) => m.toUpperCase()), 'MMMM d, yyyy h:mm a', { zone }) : null,
		NAMED_MONTH.test(text) ? DateTime.fromFormat(text, 'MMMM d, yyyy', { zone }) : null,
		NAMED_MONTH.test(text) ? DateTime.fromFormat(text, 'MMM d, yyyy', { zone }) : null,
		/^[a-z]{3}, /i.test(text) ? DateTime.fromRFC2822(text, { zone }) : null,
	];
	const found = candidates.find((candidate) => candidate?.isValid);
	return found ? inRange(found.toMillis()) : null;
}

/** ISO UTC string for a source timestamp, or null when it cannot be read as one. */
export function parseTimestamp(value: unknown, sourceTimeZone: string): string | null {
	if (typeof value === 'number') return Number.isFinite(value) ? fromEpoch(value) : null;
	if (value instanceof Date) return inRange(value.getTime());
	if (typeof value !== 'string') return null;
	const text = value.trim().replace(/\s+/g, ' ');
	if (text === '' || text.length > 64) return null;
	return parseText(text, sourceTimeZone);
}
