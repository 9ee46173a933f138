/**
 * When the lead may be called. Federal TCPA allows calls 8 am-9 pm in the called party's local
 * time; some states are stricter (e.g. Florida and Oklahoma 8 am-8 pm), so the window is
 * configurable per state. A state spanning several zones is treated conservatively: the window is
 * open only when it is open in every zone of the state, because we do not know which side of the
 * line the lead lives on.
 */
import { DateTime } from 'luxon';

import { STATE_TIME_ZONES } from '../data/stateTimeZones';
import { InputError, type Reason } from '../types';

/** Local minutes after midnight; the end is exclusive (a 9 pm end allows 8:59 pm). */
export interface ContactWindow {
	startMinute: number;
	endMinute: number;
}

export const TCPA_WINDOW: ContactWindow = { startMinute: 8 * 60, endMinute: 21 * 60 };

/** Every contiguous-US zone, east to west: the fail-safe when the lead's state is unknown. */
export const CONTIGUOUS_US_ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];

export interface ContactHoursOptions {
	/** The default window (TCPA 8-21). */
	window?: ContactWindow;
	/** Stricter (or other) windows by USPS state code. */
	stateWindows?: Record<string, ContactWindow>;
	/** State -> IANA zones; defaults to engine/data/stateTimeZones.ts. */
	zonesForState?: (state: string) => readonly string[] | undefined;
}

export interface NextContact {
	/** Now when the window is open, else the next moment it opens. */
	at: Date;
	withinWindow: boolean;
	zones: string[];
	window: ContactWindow;
	reasons: Reason[];
}

function readClock(text: string, field: string): number {
	const match = /^(\d{1,2})(?::(\d{2}))?$/.exec(text.trim());
	if (!match) throw new InputError(field, 'badContactHours', `has an unreadable time "${text}" (use 8 or 08:00)`);
	const hours = Number(match[1]);
	const minutes = match[2] === undefined ? 0 : Number(match[2]);
	if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) {
		throw new InputError(field, 'badContactHours', `has an impossible time "${text}"`);
	}
	return hours * 60 + minutes;
}

/** "8-21" or "08:00-20:30" -> a window. */
export function parseContactWindow(text: string, field = 'contactHours'): ContactWindow {
	const parts = text.split('-');
	if (parts.length !== 2) throw new InputError(field, 'badContactHours', `"${text}" is not a range like 8-20`);
	const window = { startMinute: readClock(parts[0], field), endMinute: readClock(parts[1], field) };
	if (window.endMinute <= window.startMinute) {
		throw new InputError(field, 'badContactHours', `"${text}" ends before it starts`);
	}
	return window;
}

/** "FL=8-20, OK=8-20" (also "FL: 08:00-20:00", one per line) -> windows by state. */
export function parseStateContactWindows(text: string, field = 'stateContactHours'): Record<string, ContactWindow> {
	const windows: Record<string, ContactWindow> = {};
	for (const entry of text.split(/[,;\n]/)) {
		if (!entry.trim()) continue;
		const match = /^\s*([A-Za-z]{2})\s*[=:]\s*(.+)$/.exec(entry);
		if (!match) throw new InputError(field, 'badContactHours', `"${entry.trim()}" is not like FL=8-20`);
		windows[match[1].toUpperCase()] = parseContactWindow(match[2], field);
	}
	return windows;
}

function openIn(zone: string, at: Date, window: ContactWindow): boolean {
	const local = DateTime.fromJSDate(at, { zone });
	const minute = local.hour * 60 + local.minute;
	return minute >= window.startMinute && minute < window.endMinute;
}

function openEverywhere(zones: string[], at: Date, window: ContactWindow): boolean {
	return zones.every((zone) => openIn(zone, at, window));
}

function formatClock(minute: number): string {
	return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/**
 * The next moment the lead may be contacted. The joint window of several zones always opens at
 * one zone's own opening time, so those openings (today and the next two days, per zone) are the
 * only candidates to test.
 */
export function nextContactTime(now: Date, state: string | null | undefined, options: ContactHoursOptions = {}): NextContact {
	const reasons: Reason[] = [];
	const code = state ? state.trim().toUpperCase() : '';
	const lookup = options.zonesForState ?? ((s: string) => STATE_TIME_ZONES[s]);
	let zones = code ? lookup(code)?.slice() : undefined;
	if (!zones || zones.length === 0) {
		zones = CONTIGUOUS_US_ZONES.slice();
		reasons.push({
			code: 'contactZoneUnknown',
			message: `no time zone known for state ${code || '(none)'}: using hours open in every contiguous US zone`,
		});
	}
	const stateWindow = code ? options.stateWindows?.[code] : undefined;
	const window = stateWindow ?? options.window ?? TCPA_WINDOW;
	const hours = `${formatClock(window.startMinute)}-${formatClock(window.endMinute)}`;
	if (stateWindow) {
		reasons.push({ code: 'stateContactHours', message: `${code} allows calls ${hours} local time` });
	}
	if (openEverywhere(zones, now, window)) {
		return { at: now, withinWindow: true, zones, window, reasons };
	}
	const candidates: Date[] = [];
	for (const zone of zones) {
		const local = DateTime.fromJSDate(now, { zone });
		for (let day = 0; day <= 2; day++) {
			const opening = local
				.plus({ days: day })
				.set({ hour: Math.floor(window.startMinute / 60), minute: window.startMinute % 60, second: 0, millisecond: 0 })
				.toJSDate();
			if (opening.getTime() > now.getTime()) candidates.push(opening);
		}
	}
	candidates.sort((a, b) => a.getTime() - b.getTime());
	const at = candidates.find((candidate) => openEverywhere(zones, candidate, window));
	if (!at) {
		throw new InputError('state', 'noContactWindow', `has no moment when calls are allowed (${hours} in ${zones.join(', ')})`);
	}
	reasons.push({
		code: 'outsideContactHours',
		message: `it is outside ${hours} for the lead (${zones.join(', ')}): next contact at ${at.toISOString()}`,
	});
	return { at, withinWindow: false, zones, window, reasons };
}
