/**
 * Timestamps to ISO 8601 UTC. Sources send ISO strings (with or without an offset), epoch seconds
 * or milliseconds (as numbers or digit strings), and US-style local times ("11/25/2026 3:04 PM",
 * Google Sheets "11/25/2026 15:04:05"), which are read in the configured source time zone.
 */
import { DateTime } from 'luxon';

const US_FORMATS = [
	'M/d/yyyy h:mm a',
	'M/d/yyyy h:mm:ss a',
	'M/d/yyyy H:mm',
	'M/d/yyyy H:mm:ss',
	'M/d/yyyy',
	'M/d/yy h:mm a',
	'M/d/yy H:mm',
	'M/d/yy',
	'yyyy-MM-dd HH:mm:ss',
	'yyyy-MM-dd HH:mm',
	'yyyy-MM-dd',
	'MMMM d, yyyy h:mm a',
	'MMM d, yyyy h:mm a',
	'MMMM d, yyyy',
	'MMM d, yyyy',
];

// Epoch values before 2000 or after 2100 are more likely ids or amounts than timestamps.
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

function fromEpoch(value: number): DateTime | null {
	const ms = value < 1e11 ? value * 1000 : value;
	return ms >= MIN_MS && ms < MAX_MS ? DateTime.fromMillis(ms, { zone: 'utc' }) : null;
}

/** ISO UTC string for a source timestamp, or null when it cannot be read as one. */
export function parseTimestamp(value: unknown, sourceTimeZone: string): string | null {
	let parsed: DateTime | null = null;
	if (typeof value === 'number' && Number.isFinite(value)) parsed = fromEpoch(value);
	else if (value instanceof Date && !isNaN(value.getTime())) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'string') {
		const text = value.trim().replace(/\s+/g, ' ');
		if (/^\d{9,13}(\.\d+)?$/.test(text)) parsed = fromEpoch(Number(text));
		else if (text.length <= 64) {
			// Facebook writes "+0000" offsets, which ISO parsing accepts.
			const iso = DateTime.fromISO(text.replace(' ', 'T'), { zone: sourceTimeZone, setZone: false });
			if (iso.isValid) parsed = iso;
			else {
				const upper = text.replace(/\b(am|pm)\b/i, (m) => m.toUpperCase());
				for (const format of US_FORMATS) {
					const local = DateTime.fromFormat(upper, format, { zone: sourceTimeZone });
					if (local.isValid) {
						parsed = local;
						break;
					}
				}
				if (!parsed) {
					const rfc = DateTime.fromRFC2822(text, { zone: sourceTimeZone });
					if (rfc.isValid) parsed = rfc;
					else {
						const http = DateTime.fromHTTP(text);
						if (http.isValid) parsed = http;
					}
				}
			}
		}
	}
	if (!parsed || !parsed.isValid) return null;
	return parsed.toUTC().toISO({ suppressMilliseconds: false });
}
