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
			const start = day.plus({ minutes: window.startMinute });
			if (start > local && (!best || start < best)) best = start;
		}
		if (best) break;
	}
	return best?.toJSDate();
}

/** The out-of-office window covering `at`, if any. Dates without a time cover the whole day. */
export function outOfOfficeAt(agent: Agent, at: Date): { from: Date; to: Date } | undefined {
	for (const window of agent.outOfOffice) {
		const from = DateTime.fromISO(window.from, { zone: agent.timezone });
		let to = DateTime.fromISO(window.to, { zone: agent.timezone });
		if (/^\d{4}-\d{2}-\d{2}$/.test(window.to.trim())) to = to.endOf('day');
		if (from.isValid && to.isValid && at >= from.toJSDate() && at <= to.toJSDate()) {
			return { from: from.toJSDate(), to: to.toJSDate() };
		}
	}
	return undefined;
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
	let nextAvailable = now;
	const away = outOfOfficeAt(agent, now);
	if (away) {
		reasons.push({ code: 'outOfOffice', message: `${agent.name} is out of office until ${away.to.toISOString()}` });
		nextAvailable = new Date(away.to.getTime() + 1000);
	}
	if (!options.ignoreWorkingHours && !isWithinWorkingHours(agent, now)) {
		reasons.push({ code: 'outsideWorkingHours', message: `${agent.name} is outside working hours (${agent.timezone})` });
	}
	if (!options.ignoreWorkingHours && agent.workingHours.length > 0) {
		nextAvailable = nextWorkingStart(agent, nextAvailable) ?? nextAvailable;
	}
	if (!options.ignoreCaps && workload) {
		const { perDay, open } = agent.capacity;
		if (perDay !== undefined && workload.assignedToday >= perDay) {
			reasons.push({ code: 'dailyCapReached', message: `${agent.name} already has ${workload.assignedToday} of ${perDay} leads today` });
			const tomorrow = DateTime.fromJSDate(now, { zone: agent.timezone }).plus({ days: 1 }).startOf('day').toJSDate();
			if (tomorrow > nextAvailable) nextAvailable = nextWorkingStart(agent, tomorrow) ?? tomorrow;
		}
		if (open !== undefined && workload.open >= open) {
			reasons.push({ code: 'openCapReached', message: `${agent.name} holds ${workload.open} open leads (cap ${open})` });
		}
	}
	if (reasons.length === 0) return { available: true, reasons };
	const knowable = !reasons.some((reason) => reason.code === 'openCapReached');
	return { available: false, reasons, ...(knowable ? { nextAvailableAt: nextAvailable.toISOString() } : {}) };
}
