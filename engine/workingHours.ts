/**
 * Working hours as people write them in a roster sheet ("Mon-Fri 09:00-17:00",
 * "Mon,Wed 8am-12pm; Sat 10-14", "24/7") or as objects ({mon: "09:00-17:00"} or
 * {days: ["Mon"], start: "09:00", end: "17:00"}), parsed into windows in the agent's own zone.
 */
import type { WorkingWindow } from './types';
import { CoerceError, isAbsent, isPlainObject, preview, readJsonIfString } from './coerce';

const DAY_INDEX: Record<string, number> = {
	sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
	thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

function dayOf(word: string): number {
	const day = DAY_INDEX[word.trim().toLowerCase()];
	if (day === undefined) throw new CoerceError(`has an unknown day "${word.trim()}"`);
	return day;
}

/**
 * A day given as a number: 0-6 from Sunday, and 7 for Sunday too (ISO counts Monday 1 to Sunday
 * 7, so a roster written that way lists Sunday as 7). Anything else is refused rather than
 * silently matching no day.
 */
function dayNumber(day: number): number {
	if (!Number.isInteger(day) || day < 0 || day > 7) throw new CoerceError(`has an impossible day number ${day} (0 or 7 = Sunday ... 6 = Saturday)`);
	return day % 7;
}

/** "Mon-Fri", "Mon,Wed,Fri", "Sat", "weekdays", "daily" -> day numbers (0 = Sunday). */
function parseDays(text: string): number[] {
	const words = text.trim().toLowerCase();
	if (words === 'daily' || words === 'everyday' || words === 'every day') return EVERY_DAY;
	if (words === 'weekdays') return [1, 2, 3, 4, 5];
	if (words === 'weekends') return [0, 6];
	const days = new Set<number>();
	for (const part of words.split(/[,/]/).map((p) => p.trim()).filter(Boolean)) {
		const range = part.split(/\s*(?:-|–|to)\s*/);
		if (range.length === 2) {
			// A range may wrap the week ("Sat-Mon").
			for (let day = dayOf(range[0]), end = dayOf(range[1]); ; day = (day + 1) % 7) {
				days.add(day);
				if (day === end) break;
			}
		} else {
			days.add(dayOf(part));
		}
	}
	return [...days].sort((a, b) => a - b);
}

/** Whether a time says am or pm. */
const hasMeridiem = (text: string) => /[ap]m?\s*$/i.test(text.trim());

/** "09:00", "9", "9am", "5:30 pm", "17", "0900" -> minutes after midnight. */
function parseTime(text: string): number {
	const match = /^(\d{1,2})(?::?(\d{2}))?\s*(am|pm|a|p)?$/i.exec(text.trim());
	if (!match) throw new CoerceError(`has an unreadable time "${text.trim()}"`);
	let hours = Number(match[1]);
	const minutes = Number(match[2] ?? 0);
	const meridiem = match[3]?.toLowerCase();
	if (meridiem?.startsWith('p') && hours < 12) hours += 12;
	if (meridiem?.startsWith('a') && hours === 12) hours = 0;
	if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) {
		throw new CoerceError(`has an impossible time "${text.trim()}"`);
	}
	return hours * 60 + minutes;
}

function parseSpan(text: string): { startMinute: number; endMinute: number } {
	const parts = text.split(/\s*(?:-|–|to)\s*/i);
	if (parts.length !== 2) throw new CoerceError(`has an unreadable time range "${text.trim()}"`);
	const startMinute = parseTime(parts[0]);
	let endMinute = parseTime(parts[1]);
	// "9-5" is office hours, 09:00-17:00, not an overnight shift: with no am/pm on either side, a
	// morning start and an earlier morning end mean the end is in the afternoon. Night shifts are
	// written from an evening start ("22-6", "10pm-6am") and stay overnight.
	if (!hasMeridiem(parts[0]) && !hasMeridiem(parts[1]) && startMinute < 12 * 60 && endMinute < startMinute && endMinute + 12 * 60 > startMinute) {
		endMinute += 12 * 60;
	}
	if (startMinute === endMinute) throw new CoerceError(`has an empty time range "${text.trim()}"`);
	return { startMinute, endMinute };
}

/** One "days times" segment of a working-hours string. */
function parseSegment(segment: string): WorkingWindow {
	const match = /^([a-z,/\s–-]+?)\s+(\d.*)$/i.exec(segment.trim());
	if (!match) {
		// Times alone mean every day.
		return { days: EVERY_DAY, ...parseSpan(segment) };
	}
	return { days: parseDays(match[1]), ...parseSpan(match[2]) };
}

function parseWindowObject(value: Record<string, unknown>): WorkingWindow[] {
	if ('start' in value || 'end' in value) {
		const days = Array.isArray(value.days)
			? value.days.map((d) => (typeof d === 'number' ? dayNumber(d) : dayOf(String(d))))
			: typeof value.days === 'string'
				? parseDays(value.days)
				: EVERY_DAY;
		return [{ days, ...parseSpan(`${String(value.start)}-${String(value.end)}`) }];
	}
	// {mon: "09:00-17:00", sat: "10-14", sun: null}
	const windows: WorkingWindow[] = [];
	for (const [day, span] of Object.entries(value)) {
		if (isAbsent(span) || span === false) continue;
		for (const part of String(span).split(/[,;]/)) windows.push({ days: [dayOf(day)], ...parseSpan(part) });
	}
	return windows;
}

/** Parses working hours; an empty result means "no restriction". Throws CoerceError when unreadable. */
export function parseWorkingHours(value: unknown): WorkingWindow[] {
	if (isAbsent(value)) return [];
	const parsed = readJsonIfString(value);
	if (Array.isArray(parsed)) return parsed.flatMap((entry) => parseWorkingHours(entry));
	if (isPlainObject(parsed)) return parseWindowObject(parsed);
	if (typeof parsed !== 'string') throw new CoerceError(`is not working hours: ${preview(value)}`);
	const text = parsed.trim().toLowerCase();
	if (text === '24/7' || text === 'always' || text === 'any') return [];
	return text
		.split(/[;\n]/)
		.map((segment) => segment.trim())
		.filter(Boolean)
		.map(parseSegment);
}
