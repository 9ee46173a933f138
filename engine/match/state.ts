/**
 * What matching knows about the team at the moment of a decision: each agent's counts (from
 * History, then updated by every assignment of the same execution, so a batch of leads is
 * distributed exactly as if they had arrived one by one) and who already owns which person or
 * account (for the sticky-owner rule).
 */
import { localDay } from '../history';
import type { Lead, OutcomeRecord } from '../types';

/** Per-agent counts, the same fields engine/history.ts's workloadByAgent returns. */
export interface AgentCounts {
	assignedToday: number;
	/** Leads waiting for a later day's opening, by that day in the agent's zone (see AgentWorkload). */
	waitingByDay: Record<string, number>;
	open: number;
	lastAssignedAt: string | null;
	assignedInInterval: number;
}

export interface OwnerRecord {
	agentId: string;
	at: string;
}

export interface MatchState {
	counts: Map<string, AgentCounts>;
	/** Latest owner by dedupe key and by account, e.g. "dedupe:jane@x.com", "account:acme". */
	owners: Map<string, OwnerRecord>;
	/** Start of the round-robin window, epoch ms. */
	intervalStartMs: number;
	/** Each agent's assignments inside the window (epoch ms, ascending): what calibration counts. */
	assignmentTimes: Map<string, number[]>;
	/** Each agent's first assignment ever (epoch ms): agents who joined inside the window get calibrated. */
	firstAssignedAt: Map<string, number>;
	/**
	 * The latest `assigned` record of each lead id (escalation logs the next agent as a new one):
	 * a lead delivered again is answered with this instead of being routed twice.
	 */
	assignedLeads: Map<string, AssignedLead>;
}

export interface AssignedLead {
	agentId: string;
	at: string;
	attempt: number;
	strategy: string | null;
	/** Agents who declined this lead or let it lapse: it never goes back to them. */
	releasedBy: string[];
	/** Whether the latest holder (`agentId`) has since declined it or let it lapse. */
	released: boolean;
}

export function emptyCounts(): AgentCounts {
	return { assignedToday: 0, waitingByDay: {}, open: 0, lastAssignedAt: null, assignedInInterval: 0 };
}

export function countsOf(state: MatchState, agentId: string): AgentCounts {
	let counts = state.counts.get(agentId);
	if (!counts) {
		counts = emptyCounts();
		state.counts.set(agentId, counts);
	}
	return counts;
}

/**
 * The account a lead belongs to, when the source says (commercial lines, B2B): fields.account /
 * accountId / company on a lead, or `account` on the snapshot Log Outcome keeps (which has no
 * fields), so an account's owner is known across executions and not only within one.
 */
export function accountOf(lead: Pick<Lead, 'fields'> | { fields?: unknown; account?: unknown }): string | null {
	const fields = (lead as { fields?: Record<string, unknown> }).fields;
	const account = fields?.account ?? fields?.accountId ?? fields?.company ?? (lead as { account?: unknown }).account;
	return typeof account === 'string' && account.trim() ? account.trim().toLowerCase() : null;
}

export function ownerKeys(lead: { dedupeKey?: string | null; fields?: unknown; account?: unknown }): string[] {
	const keys: string[] = [];
	if (lead.dedupeKey) keys.push(`dedupe:${lead.dedupeKey}`);
	const account = accountOf(lead);
	if (account) keys.push(`account:${account}`);
	return keys;
}

/** Who owns which person or account: the latest `assigned` record for each key. */
export function ownersFromHistory(records: OutcomeRecord[]): Map<string, OwnerRecord> {
	const owners = new Map<string, OwnerRecord>();
	for (const record of records) {
		if (record.event !== 'assigned' || !record.lead) continue;
		for (const key of ownerKeys(record.lead)) {
			const known = owners.get(key);
			if (!known || known.at < record.at) owners.set(key, { agentId: record.agentId, at: record.at });
		}
	}
	return owners;
}

/**
 * Counts an assignment made in this execution, so the next lead of the batch sees it. A lead that
 * waits for the agent's opening (`worked`: when, and the agent's zone) counts against the daily
 * cap of the day it will be worked, as History counts it (workloadByAgent).
 */
export function recordAssignment(
	state: MatchState,
	agentId: string,
	lead: { leadId?: string; dedupeKey?: string | null; fields?: unknown },
	at: Date,
	strategy: string | null = null,
	worked?: { from: Date; zone: string },
): void {
	const counts = countsOf(state, agentId);
	const workedOn = worked ? localDay(worked.from, worked.zone) : null;
	if (worked && workedOn! > localDay(at, worked.zone)) counts.waitingByDay[workedOn!] = (counts.waitingByDay[workedOn!] ?? 0) + 1;
	else counts.assignedToday++;
	counts.assignedInInterval++;
	counts.open++;
	counts.lastAssignedAt = at.toISOString();
	timesOf(state, agentId).push(at.getTime());
	if (!state.firstAssignedAt.has(agentId)) state.firstAssignedAt.set(agentId, at.getTime());
	for (const key of ownerKeys(lead)) state.owners.set(key, { agentId, at: at.toISOString() });
	if (lead.leadId) {
		const releasedBy = state.assignedLeads.get(lead.leadId)?.releasedBy ?? [];
		state.assignedLeads.set(lead.leadId, { agentId, at: at.toISOString(), attempt: 1, strategy, releasedBy, released: false });
	}
}

const RELEASES = new Set(['declined', 'expired']);

/**
 * The latest `assigned` record per lead id, and who declined the lead or let it lapse. A release
 * at the same instant as the holder's assignment counts (escalation logs the lapse and the next
 * agent's assignment together, and the one who lapsed is never the next agent).
 */
export function assignedLeadsFromHistory(records: OutcomeRecord[]): Map<string, AssignedLead> {
	const assigned = new Map<string, AssignedLead>();
	const releases = new Map<string, Array<{ agentId: string; at: string }>>();
	for (const record of records) {
		if (RELEASES.has(record.event)) {
			const list = releases.get(record.leadId) ?? [];
			list.push({ agentId: record.agentId, at: record.at });
			releases.set(record.leadId, list);
		}
		if (record.event !== 'assigned') continue;
		const known = assigned.get(record.leadId);
		if (known && known.at > record.at) continue;
		assigned.set(record.leadId, { agentId: record.agentId, at: record.at, attempt: record.attempt ?? 1, strategy: record.strategy, releasedBy: [], released: false });
	}
	for (const [leadId, list] of releases) {
		const holder = assigned.get(leadId);
		if (!holder) continue;
		holder.releasedBy = [...new Set(list.map((entry) => entry.agentId))];
		holder.released = list.some((entry) => entry.agentId === holder.agentId && entry.at >= holder.at);
	}
	return assigned;
}

/**
 * Everything matching needs from History, built once per execution. `counts` come from
 * engine/history.ts's workloadByAgent (caps and round-robin counts read the same numbers).
 */
export function buildMatchState(
	records: OutcomeRecord[],
	counts: Map<string, AgentCounts>,
	windowStart: Date,
): MatchState {
	const startMs = windowStart.getTime();
	const assignmentTimes = new Map<string, number[]>();
	const firstAssignedAt = new Map<string, number>();
	for (const record of records) {
		if (record.event !== 'assigned') continue;
		const at = Date.parse(record.at);
		if (!Number.isFinite(at)) continue;
		if (at >= startMs) {
			const times = assignmentTimes.get(record.agentId) ?? [];
			times.push(at);
			assignmentTimes.set(record.agentId, times);
		}
		const first = firstAssignedAt.get(record.agentId);
		if (first === undefined || at < first) firstAssignedAt.set(record.agentId, at);
	}
	for (const times of assignmentTimes.values()) times.sort((a, b) => a - b);
	const copied = new Map<string, AgentCounts>();
	for (const [agentId, agentCounts] of counts) copied.set(agentId, { ...agentCounts, waitingByDay: { ...agentCounts.waitingByDay } });
	return {
		counts: copied,
		owners: ownersFromHistory(records),
		assignedLeads: assignedLeadsFromHistory(records),
		intervalStartMs: startMs,
		assignmentTimes,
		firstAssignedAt,
	};
}

function timesOf(state: MatchState, agentId: string): number[] {
	let times = state.assignmentTimes.get(agentId);
	if (!times) state.assignmentTimes.set(agentId, (times = []));
	return times;
}

/** How many assignments an agent received in the window between two instants. */
export function assignmentsBetween(state: MatchState, agentId: string, fromMs: number, toMs: number): number {
	const times = state.assignmentTimes.get(agentId);
	if (!times) return 0;
	return lowerBound(times, toMs) - lowerBound(times, fromMs);
}

function lowerBound(sorted: number[], value: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (sorted[mid] < value) low = mid + 1;
		else high = mid;
	}
	return low;
}
