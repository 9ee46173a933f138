/**
 * Reads outcome history (Log Outcome records, from a Data Table, Postgres or JSON) and derives what
 * routing needs from it: each agent's workload now. Rows that cannot be read are returned with a
 * reason instead of being dropped silently or guessed at.
 */
import { DateTime } from 'luxon';

import { CoerceError, isAbsent, isEmptyRow, isPlainObject, preview, readBoolean, readJsonIfString, readNumber, readString } from './coerce';
import type { Agent, LeadSnapshot, OutcomeEventType, OutcomeRecord, Reason } from './types';

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

/** An ISO instant, epoch seconds or epoch milliseconds -> ISO UTC string. */
export function readInstant(value: unknown): string | undefined {
	if (isAbsent(value)) return undefined;
	let parsed: DateTime;
	if (typeof value === 'number') parsed = DateTime.fromMillis(value < 1e11 ? value * 1000 : value, { zone: 'utc' });
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
	const labelled = <T>(name: string, read: () => T): T => {
		try {
			return read();
		} catch (error) {
			if (error instanceof CoerceError) throw new CoerceError(`${name} ${error.message}`);
			throw error;
		}
	};
	const leadId = labelled('leadId', () => readString(row.leadId));
	if (!leadId) throw new CoerceError('leadId is missing');
	const agentId = labelled('agentId', () => readString(row.agentId));
	if (!agentId) throw new CoerceError('agentId is missing');
	const event = labelled('event', () => readString(row.event)) as OutcomeEventType | undefined;
	if (!event || !OUTCOME_EVENTS.includes(event)) throw new CoerceError(`event is not one of ${OUTCOME_EVENTS.join(', ')}: ${preview(row.event)}`);
	const at = labelled('at', () => readInstant(row.at));
	if (!at) throw new CoerceError('at is missing');
	return {
		leadId,
		agentId,
		event,
		at,
		value: labelled('value', () => readNumber(row.value)) ?? null,
		responseSeconds: labelled('responseSeconds', () => readNumber(row.responseSeconds)) ?? null,
		slaMet: labelled('slaMet', () => readBoolean(row.slaMet)) ?? null,
		strategy: labelled('strategy', () => readString(row.strategy)) ?? null,
		propensity: labelled('propensity', () => readNumber(row.propensity)) ?? null,
		lead: labelled('lead', () => readSnapshot(row.lead, leadId)),
		attempt: labelled('attempt', () => readNumber(row.attempt)) ?? null,
		...(isAbsent(row.holdout) ? {} : { holdout: labelled('holdout', () => readBoolean(row.holdout)) }),
	};
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
	records.sort((a, b) => a.at.localeCompare(b.at));
	return { records, invalid, duplicates };
}

export interface AgentWorkload {
	/** Leads assigned since local midnight in the agent's zone. */
	assignedToday: number;
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
	return { assignedToday: 0, open: 0, assignedInInterval: 0, lastAssignedAt: null };
}

/**
 * Each agent's workload at `now`, from history up to `now`. A lead is open for the agent who was
 * last assigned it, until a won/lost event, or until that agent declined or let it expire.
 */
export function workloadByAgent(records: OutcomeRecord[], now: Date, options: WorkloadOptions = {}): Map<string, AgentWorkload> {
	const zoneOf = new Map((options.agents ?? []).map((agent) => [agent.id, agent.timezone]));
	const nowIso = now.toISOString();
	const openSince = now.getTime() - (options.openForDays ?? 30) * 86_400_000;
	const intervalStart = options.intervalStart?.toISOString();
	const workloads = new Map<string, AgentWorkload>();
	const holderOf = new Map<string, { agentId: string; at: string }>();
	const startOfTodayByZone = new Map<string, string>();
	const startOfToday = (zone: string) => {
		let start = startOfTodayByZone.get(zone);
		if (start === undefined) {
			start = DateTime.fromJSDate(now, { zone }).startOf('day').toUTC().toISO() ?? nowIso;
			startOfTodayByZone.set(zone, start);
		}
		return start;
	};
	const workload = (agentId: string) => {
		let found = workloads.get(agentId);
		if (!found) workloads.set(agentId, (found = emptyWorkload()));
		return found;
	};
	for (const record of records) {
		if (record.at > nowIso) continue;
		if (record.event === 'assigned') {
			const entry = workload(record.agentId);
			if (record.at >= startOfToday(zoneOf.get(record.agentId) ?? 'UTC')) entry.assignedToday++;
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
