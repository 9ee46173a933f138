/**
 * Reads outcome history (Log Outcome records, from a Data Table, Postgres or JSON) and derives what
 * routing needs from it: each agent's workload now. Rows that cannot be read are returned with a
 * reason instead of being dropped silently or guessed at.
 */
import { DateTime } from 'luxon';

import { CoerceError, isAbsent, isEmptyRow, isPlainObject, preview, readBoolean, readJsonIfString, readNumber, readString } from './coerce';
import type { Agent, LeadSnapshot, OutcomeEventType, OutcomeRecord, Reason } from './types';
import { nextOpening } from './availability';

export const OUTCOME_EVENTS: readonly OutcomeEventType[] = [
	'assigned', 'accepted', 'declined', 'expired', 'contacted', 'meetingBooked', 'noShow', 'won', 'lost',
];
const TERMINAL_EVENTS = new Set<OutcomeEventType>(['won', 'lost']);
/** Events after which the agent no longer holds the lead. */
const RELEASE_EVENTS = new Set<OutcomeEventType>(['declined', 'expired']);

export interface HistoryProblem {
	row: number;
	reasons: Reason[];
}

export interface History {
	records: OutcomeRecord[];
	invalid: HistoryProblem[];
	/**
	 * Rows that repeat another row's lead, agent, event and time (a retried Data Table insert, a
	 * workflow replayed): counted once, so a retry never caps an agent early or skews round robin.
	 */
	duplicates: HistoryProblem[];
}

/** The number written in `text` from `from` for `length` digits, or -1 if any is not a digit. */
function digitsAt(text: string, from: number, length: number): number {
	let value = 0;
	for (let i = from; i < from + length; i++) {
		const digit = text.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}
	return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A UTC instant exactly as Log Outcome writes it (`2026-03-18T15:00:00.000Z`) is its own answer
 * once its fields are a real date and time (2026-02-30 must stay an error, as luxon makes it).
 * Why by hand: History has tens of thousands of rows, each with a time, and luxon's parser was most
 * of what reading History cost. Anything else (offsets, no fraction, 24:00) goes through luxon.
 */
function readCanonicalUtc(text: string): string | undefined {
	if (text.length !== 24 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.' || text[23] !== 'Z') {
		return undefined;
	}
	const year = digitsAt(text, 0, 4);
	const month = digitsAt(text, 5, 2);
	const day = digitsAt(text, 8, 2);
	if (year < 0 || month < 1 || month > 12 || day < 1 || digitsAt(text, 20, 3) < 0) return undefined;
	const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	if (day > DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0)) return undefined;
	const hour = digitsAt(text, 11, 2);
	const minute = digitsAt(text, 14, 2);
	const second = digitsAt(text, 17, 2);
	return hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 ? text : undefined;
}

/** Whether a snapshot says anything about the lead: a CRM's won/lost row logged without the lead has only nulls. */
function describesLead(snapshot: LeadSnapshot): boolean {
	const channel = snapshot.source && typeof snapshot.source === 'object' ? snapshot.source.channel : null;
	return [snapshot.product, snapshot.state, channel, snapshot.score, snapshot.rulesScore, snapshot.tier, snapshot.hasPhone, snapshot.hasEmail].some(
		(value) => value !== null && value !== undefined && value !== '',
	);
}

/**
 * Each lead as it was routed, for learning: the earliest `assigned` record's snapshot, else the
 * earliest other one, among those that describe the lead at all. Not simply the earliest, nor the
 * won/lost record's: an outcome posted by a CRM is logged with an empty snapshot, often timed
 * before the assignment (a close date without a time, a clock behind), and learning from it would
 * put every closed lead in an "unknown" segment.
 */
export function routedSnapshots(records: readonly OutcomeRecord[]): Map<string, LeadSnapshot> {
	const best = new Map<string, { snapshot: LeadSnapshot; at: string; assigned: boolean }>();
	for (const record of records) {
		if (!record.lead || !describesLead(record.lead)) continue;
		const assigned = record.event === 'assigned';
		const known = best.get(record.leadId);
		if (known && (known.assigned > assigned || (known.assigned === assigned && known.at <= record.at))) continue;
		best.set(record.leadId, { snapshot: record.lead, at: record.at, assigned });
	}
	return new Map([...best].map(([leadId, entry]) => [leadId, entry.snapshot]));
}

/** 2000-01-01T00:00:00Z: no outcome in a routing log is older. */
const EARLIEST_INSTANT_MS = 946_684_800_000;

/** An ISO instant, epoch seconds or epoch milliseconds -> ISO UTC string. */
export function readInstant(value: unknown): string | undefined {
	if (isAbsent(value)) return undefined;
	if (typeof value === 'string') {
		const canonical = readCanonicalUtc(value.trim());
		if (canonical) return canonical;
	}
	let parsed: DateTime;
	if (typeof value === 'number') {
		// Epoch seconds or milliseconds of this century. Smaller numbers are something else (a
		// spreadsheet serial date such as 46099.6, a compact 20260318) and would land in 1970,
		// silently outside every count, so they are refused.
		const ms = value < 1e11 ? value * 1000 : value;
		if (!Number.isFinite(ms) || ms < EARLIEST_INSTANT_MS) throw new CoerceError(`is not a date and time (epoch seconds or milliseconds): ${preview(value)}`);
		parsed = DateTime.fromMillis(ms, { zone: 'utc' });
	}
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value, { zone: 'utc' });
	else parsed = DateTime.fromISO(String(value).trim(), { zone: 'utc' });
	if (!parsed.isValid) throw new CoerceError(`is not a date and time: ${preview(value)}`);
	return parsed.toUTC().toISO() ?? undefined;
}

function readSnapshot(value: unknown, leadId: string): LeadSnapshot | null {
	const parsed = readJsonIfString(value);
	if (isAbsent(parsed)) return null;
	if (!isPlainObject(parsed)) throw new CoerceError(`is not a lead snapshot: ${preview(value)}`);
	return { ...(parsed as LeadSnapshot), leadId: String(parsed.leadId ?? leadId) };
}

function readRecord(row: Record<string, unknown>): OutcomeRecord {
	// One try for the whole row, naming the field being read when it fails (a closure per field
	// cost more than the reading itself, on tens of thousands of rows per execution).
	let field = 'leadId';
	try {
		const leadId = readString(row.leadId);
		if (!leadId) throw new CoerceError('is missing');
		field = 'agentId';
		const agentId = readString(row.agentId);
		if (!agentId) throw new CoerceError('is missing');
		field = 'event';
		const event = readString(row.event) as OutcomeEventType | undefined;
		if (!event || !OUTCOME_EVENTS.includes(event)) throw new CoerceError(`is not one of ${OUTCOME_EVENTS.join(', ')}: ${preview(row.event)}`);
		field = 'at';
		const at = readInstant(row.at);
		if (!at) throw new CoerceError('is missing');
		field = 'value';
		const value = readNumber(row.value) ?? null;
		field = 'responseSeconds';
		const responseSeconds = readNumber(row.responseSeconds) ?? null;
		field = 'slaMet';
		const slaMet = readBoolean(row.slaMet) ?? null;
		field = 'strategy';
		const strategy = readString(row.strategy) ?? null;
		field = 'propensity';
		const propensity = readNumber(row.propensity) ?? null;
		field = 'lead';
		const lead = readSnapshot(row.lead, leadId);
		field = 'attempt';
		const attempt = readNumber(row.attempt) ?? null;
		field = 'holdout';
		const holdout = isAbsent(row.holdout) ? undefined : readBoolean(row.holdout);
		return { leadId, agentId, event, at, value, responseSeconds, slaMet, strategy, propensity, lead, attempt, ...(isAbsent(row.holdout) ? {} : { holdout }) };
	} catch (error) {
		if (error instanceof CoerceError) throw new CoerceError(`${field} ${error.message}`);
		throw error;
	}
}

/** Parses history rows, oldest first. Never throws: unreadable rows come back in `invalid`. */
export function parseHistory(rows: unknown[]): History {
	const records: OutcomeRecord[] = [];
	const invalid: HistoryProblem[] = [];
	const duplicates: HistoryProblem[] = [];
	const firstRowOf = new Map<string, number>();
	rows.forEach((row, index) => {
		if (isEmptyRow(row)) return;
		if (!isPlainObject(row)) {
			invalid.push({ row: index, reasons: [{ code: 'historyInvalid', message: `history row ${index} is not an object` }] });
			return;
		}
		try {
			const record = readRecord(row);
			const key = `${record.leadId}\u0000${record.agentId}\u0000${record.event}\u0000${record.at}`;
			const first = firstRowOf.get(key);
			if (first !== undefined) {
				duplicates.push({ row: index, reasons: [{ code: 'historyDuplicate', message: `history row ${index} repeats row ${first}; counted once` }] });
				return;
			}
			firstRowOf.set(key, index);
			records.push(record);
		} catch (error) {
			if (!(error instanceof CoerceError)) throw error;
			invalid.push({ row: index, reasons: [{ code: 'historyInvalid', message: `history row ${index}: ${error.message}` }] });
		}
	});
	// Every `at` is a canonical UTC ISO string, so code-unit order is time order; localeCompare
	// would give the same order at ~10x the cost (tens of thousands of rows on every execution).
	records.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
	return { records, invalid, duplicates };
}

export interface AgentWorkload {
	/**
	 * Leads the agent works today (local midnight in the agent's zone): assigned today, and leads
	 * assigned earlier to wait for today's opening (after-hours "wait" mode), but not those
	 * assigned today to wait for a later day.
	 */
	assignedToday: number;
	/** Leads waiting for a later day's opening, by that day (YYYY-MM-DD in the agent's zone). */
	waitingByDay: Record<string, number>;
	/** Leads the agent holds that have no final outcome yet. */
	open: number;
	/** Assignments since the round-robin interval started. */
	assignedInInterval: number;
	lastAssignedAt: string | null;
}

export interface WorkloadOptions {
	/** Agents, for their time zones ("today" is the agent's own day). */
	agents?: Agent[];
	/** Start of the round-robin reset interval; all history when absent. */
	intervalStart?: Date;
	/** A lead open longer than this stops counting as open (stale CRM data). Default 30 days. */
	openForDays?: number;
}

export function emptyWorkload(): AgentWorkload {
	return { assignedToday: 0, waitingByDay: {}, open: 0, assignedInInterval: 0, lastAssignedAt: null };
}

/** When a waiting lead's agent opens (canonical UTC), from its assigned row; null for any other row. */
function workedFromOf(record: OutcomeRecord): string | null {
	const value = record.lead?.availableAt;
	if (value === undefined || value === null) return null;
	let opens: string | undefined;
	try {
		opens = readInstant(value);
	} catch (error) {
		if (error instanceof CoerceError) return null;
		throw error;
	}
	return opens !== undefined && opens > record.at ? opens : null;
}

/**
 * Rows older than this cannot hold a place in today's cap or later ones: a lead waits at most for
 * its agent's next opening, about a week ahead (nextWorkingStart's search).
 */
const WAITING_LOOKBACK_MS = 8 * 86_400_000;

/**
 * When an agent opens after a waiting row logged before rows kept `availableAt` (strategy
 * `...:waiting`, no opening on it): worked out again from the roster, as Lead Match would have,
 * so a night's leads logged before the upgrade still hold their places in the next days' caps.
 * Only recent rows, and few: the rows Log Outcome writes now carry the opening.
 */
function legacyWorkedFrom(record: OutcomeRecord, agent: Agent | undefined, nowMs: number): string | null {
	if (!agent || typeof record.strategy !== 'string' || !record.strategy.endsWith(':waiting')) return null;
	const at = Date.parse(record.at);
	if (nowMs - at > WAITING_LOOKBACK_MS) return null;
	const opens = nextOpening(agent, new Date(at));
	return opens && opens.getTime() > at ? opens.toISOString() : null;
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function localDay(at: Date, zone: string): string {
	return DateTime.fromJSDate(at, { zone }).toISODate() ?? '';
}

/**
 * Each agent's workload at `now`, from history up to `now`. A lead is open for the agent who was
 * last assigned it, until a won/lost event, or until that agent declined or let it expire.
 */
export function workloadByAgent(records: OutcomeRecord[], now: Date, options: WorkloadOptions = {}): Map<string, AgentWorkload> {
	const agentById = new Map((options.agents ?? []).map((agent) => [agent.id, agent]));
	const nowIso = now.toISOString();
	const nowMs = now.getTime();
	const openSince = now.getTime() - (options.openForDays ?? 30) * 86_400_000;
	const intervalStart = options.intervalStart?.toISOString();
	const workloads = new Map<string, AgentWorkload>();
	const holderOf = new Map<string, { agentId: string; at: string }>();
	// Local midnight today and tomorrow per zone (canonical UTC, so rows' `at` compare as text).
	const daysByZone = new Map<string, { today: string; tomorrow: string }>();
	const dayStarts = (zone: string) => {
		let starts = daysByZone.get(zone);
		if (starts === undefined) {
			const midnight = DateTime.fromJSDate(now, { zone }).startOf('day');
			starts = { today: midnight.toUTC().toISO() ?? nowIso, tomorrow: midnight.plus({ days: 1 }).toUTC().toISO() ?? nowIso };
			daysByZone.set(zone, starts);
		}
		return starts;
	};
	const startOfToday = (zone: string) => dayStarts(zone).today;
	const startOfTomorrow = (zone: string) => dayStarts(zone).tomorrow;
	const workload = (agentId: string) => {
		let found = workloads.get(agentId);
		if (!found) workloads.set(agentId, (found = emptyWorkload()));
		return found;
	};
	for (const record of records) {
		if (record.at > nowIso) continue;
		if (record.event === 'assigned') {
			const entry = workload(record.agentId);
			const agent = agentById.get(record.agentId);
			const zone = agent?.timezone ?? 'UTC';
			// A lead that waited for the agent's hours counts on the day it is worked (its row keeps
			// when: LeadSnapshot.availableAt); any other on the day it was assigned.
			const workedFrom = workedFromOf(record) ?? legacyWorkedFrom(record, agent, nowMs);
			if (workedFrom === null) {
				if (record.at >= startOfToday(zone)) entry.assignedToday++;
			} else if (workedFrom >= startOfTomorrow(zone)) {
				const day = localDay(new Date(workedFrom), zone);
				entry.waitingByDay[day] = (entry.waitingByDay[day] ?? 0) + 1;
			} else if (workedFrom >= startOfToday(zone)) entry.assignedToday++;
			if (!intervalStart || record.at >= intervalStart) entry.assignedInInterval++;
			if (!entry.lastAssignedAt || record.at > entry.lastAssignedAt) entry.lastAssignedAt = record.at;
			holderOf.set(record.leadId, { agentId: record.agentId, at: record.at });
		} else if (TERMINAL_EVENTS.has(record.event)) {
			holderOf.delete(record.leadId);
		} else if (RELEASE_EVENTS.has(record.event) && holderOf.get(record.leadId)?.agentId === record.agentId) {
			holderOf.delete(record.leadId);
		}
	}
	for (const holder of holderOf.values()) {
		if (Date.parse(holder.at) >= openSince) workload(holder.agentId).open++;
	}
	return workloads;
}
