/**
 * Whether an agent can take a lead right now, and if not, why and from when. Availability is
 * checked in the agent's own time zone: "Mon-Fri 09:00-17:00" for an agent in Denver means Denver
 * hours, whatever zone the server runs in.
 */
import { DateTime } from 'luxon';

import type { AgentWorkload } from './history';
import type { Agent, Reason, WorkingWindow } from './types';

export interface AvailabilityOptions {
	/** Skip the working-hours check (e.g. after-hours leads go to whoever is on call). */
	ignoreWorkingHours?: boolean;
	/** Skip the per-day and open-lead caps. */
	ignoreCaps?: boolean;
}

export interface Availability {
	available: boolean;
	reasons: Reason[];
	/** When the agent is next expected to be available, if that can be known. */
	nextAvailableAt?: string;
}

function minuteOfDay(time: DateTime): number {
	return time.hour * 60 + time.minute;
}

/** Whether a local time falls inside a window; windows may cross midnight ("22:00-06:00"). */
function insideWindow(window: WorkingWindow, local: DateTime): boolean {
	const day = local.weekday % 7; // luxon: Monday = 1 ... Sunday = 7
	const minute = minuteOfDay(local);
	if (window.endMinute > window.startMinute) {
		return window.days.includes(day) && minute >= window.startMinute && minute < window.endMinute;
	}
	const yesterday = (day + 6) % 7;
	return (window.days.includes(day) && minute >= window.startMinute) || (window.days.includes(yesterday) && minute < window.endMinute);
}

export function isWithinWorkingHours(agent: Agent, at: Date): boolean {
	if (agent.workingHours.length === 0) return true;
	const local = DateTime.fromJSDate(at, { zone: agent.timezone });
	return agent.workingHours.some((window) => insideWindow(window, local));
}

/** The next moment working hours open, searching a week ahead; undefined when they never do. */
export function nextWorkingStart(agent: Agent, from: Date): Date | undefined {
	if (isWithinWorkingHours(agent, from)) return from;
	const local = DateTime.fromJSDate(from, { zone: agent.timezone });
	let best: DateTime | undefined;
	for (let offset = 0; offset <= 7; offset++) {
		const day = local.plus({ days: offset }).startOf('day');
		for (const window of agent.workingHours) {
			if (!window.days.includes(day.weekday % 7)) continue;
			// The wall-clock time, not midnight plus elapsed minutes: on a daylight-saving day the two
			// differ by an hour ("09:00" would be 10:00 in spring and 08:00 in autumn).
			const start = day.set({ hour: Math.floor(window.startMinute / 60), minute: window.startMinute % 60 });
			if (start > local && (!best || start < best)) best = start;
		}
		if (best) break;
	}
	return best?.toJSDate();
}

/** How many times nextOpening steps past an absence or to the next shift before giving up. */
const MAX_OPENING_STEPS = 60;

/**
 * The first moment from `from` at which the agent is neither out of office nor (unless ignored)
 * outside working hours: an absence can cover the next shift, and a shift can start inside the
 * next absence, so each is stepped past until neither applies. Undefined when no such moment
 * comes (hours that never open, or absences back to back beyond the search).
 */
export function nextOpening(agent: Agent, from: Date, ignoreWorkingHours = false, dayIsFull: (day: string) => boolean = () => false): Date | undefined {
	let at = from;
	for (let step = 0; step < MAX_OPENING_STEPS; step++) {
		const away = outOfOfficeAt(agent, at);
		if (away) {
			at = new Date(away.to.getTime() + 1000);
			continue;
		}
		if (!ignoreWorkingHours && agent.workingHours.length > 0) {
			const start = nextWorkingStart(agent, at);
			if (!start) return undefined;
			if (start.getTime() !== at.getTime()) {
				at = start;
				continue;
			}
		}
		const local = DateTime.fromJSDate(at, { zone: agent.timezone });
		if (!dayIsFull(local.toISODate() ?? '')) return at;
		at = local.plus({ days: 1 }).startOf('day').toJSDate();
	}
	return undefined;
}

/**
 * The agent's out-of-office windows as instants: read in the agent's zone, and a date without a
 * time covers the whole day ("to: 2026-03-10" ends at that day's last moment). Availability and
 * round robin's calibration read them here alike: read once as UTC midnights, a one-day absence
 * was an empty span, and the agent came back owed nothing.
 */
export function outOfOfficeWindows(agent: Agent): Array<{ from: Date; to: Date }> {
	const windows: Array<{ from: Date; to: Date }> = [];
	for (const window of agent.outOfOffice) {
		const from = DateTime.fromISO(window.from, { zone: agent.timezone });
		let to = DateTime.fromISO(window.to, { zone: agent.timezone });
		if (/^\d{4}-\d{2}-\d{2}$/.test(window.to.trim())) to = to.endOf('day');
		if (from.isValid && to.isValid) windows.push({ from: from.toJSDate(), to: to.toJSDate() });
	}
	return windows;
}

/** The out-of-office window covering `at`, if any. */
export function outOfOfficeAt(agent: Agent, at: Date): { from: Date; to: Date } | undefined {
	return outOfOfficeWindows(agent).find((window) => at >= window.from && at <= window.to);
}

/**
 * Whether the daily cap leaves no room on a day (YYYY-MM-DD, the agent's zone): today's leads,
 * plus those already waiting for that day's opening. A lead that waits overnight is worked, and
 * counted, on the day the agent opens: counted on the evening it arrived instead, every lead of a
 * night could wait for the same agent and the cap would start afresh under them in the morning.
 */
function dayIsFullFor(agent: Agent, now: Date, workload: AgentWorkload | undefined): (day: string) => boolean {
	const perDay = agent.capacity.perDay;
	if (perDay === undefined || !workload) return () => false;
	const today = DateTime.fromJSDate(now, { zone: agent.timezone }).toISODate();
	return (day) => (workload.waitingByDay?.[day] ?? 0) + (day === today ? workload.assignedToday : 0) >= perDay;
}

/** Checks active, out of office, working hours and caps; returns every reason that applies. */
export function checkAvailability(
	agent: Agent,
	now: Date,
	workload?: AgentWorkload,
	options: AvailabilityOptions = {},
): Availability {
	const reasons: Reason[] = [];
	if (!agent.active) {
		return { available: false, reasons: [{ code: 'inactive', message: `${agent.name} is marked inactive` }] };
	}
	let from = now;
	const away = outOfOfficeAt(agent, now);
	if (away) {
		reasons.push({ code: 'outOfOffice', message: `${agent.name} is out of office until ${away.to.toISOString()}` });
	}
	if (!options.ignoreWorkingHours && !isWithinWorkingHours(agent, now)) {
		reasons.push({ code: 'outsideWorkingHours', message: `${agent.name} is outside working hours (${agent.timezone})` });
	}
	if (!options.ignoreCaps && workload) {
		const { perDay, open } = agent.capacity;
		if (perDay !== undefined && workload.assignedToday >= perDay) {
			reasons.push({ code: 'dailyCapReached', message: `${agent.name} already has ${workload.assignedToday} of ${perDay} leads today` });
			from = DateTime.fromJSDate(now, { zone: agent.timezone }).plus({ days: 1 }).startOf('day').toJSDate();
		}
		if (open !== undefined && workload.open >= open) {
			reasons.push({ code: 'openCapReached', message: `${agent.name} holds ${workload.open} open leads (cap ${open})` });
		}
	}
	if (reasons.length === 0) return { available: true, reasons };
	// An open-lead cap lifts when a lead closes, which nobody can foresee.
	const knowable = !reasons.some((reason) => reason.code === 'openCapReached');
	const next = knowable ? nextOpening(agent, from, options.ignoreWorkingHours, dayIsFullFor(agent, now, options.ignoreCaps ? undefined : workload)) : undefined;
	return { available: false, reasons, ...(next ? { nextAvailableAt: next.toISOString() } : {}) };
}
