/**
 * What matching knows about the team at the moment of a decision: each agent's counts (from
 * History, then updated by every assignment of the same execution, so a batch of leads is
 * distributed exactly as if they had arrived one by one) and who already owns which person or
 * account (for the sticky-owner rule).
 */
import type { Lead, OutcomeRecord } from '../types';

/** Per-agent counts, the same fields engine/history.ts's workloadByAgent returns. */
export interface AgentCounts {
	assignedToday: number;
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
}

export function emptyCounts(): AgentCounts {
	return { assignedToday: 0, open: 0, lastAssignedAt: null, assignedInInterval: 0 };
}

export function countsOf(state: MatchState, agentId: string): AgentCounts {
	let counts = state.counts.get(agentId);
	if (!counts) {
		counts = emptyCounts();
		state.counts.set(agentId, counts);
	}
	return counts;
}

/** The account a lead belongs to, when the source says (commercial lines, B2B): fields.account/company. */
export function accountOf(lead: Pick<Lead, 'fields'> | { fields?: unknown }): string | null {
	const fields = (lead as { fields?: Record<string, unknown> }).fields;
	const account = fields?.account ?? fields?.accountId ?? fields?.company;
	return typeof account === 'string' && account.trim() ? account.trim().toLowerCase() : null;
}

export function ownerKeys(lead: { dedupeKey?: string | null; fields?: unknown }): string[] {
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

/** Counts an assignment made in this execution, so the next lead of the batch sees it. */
export function recordAssignment(
	state: MatchState,
	agentId: string,
	lead: { leadId?: string; dedupeKey?: string | null; fields?: unknown },
	at: Date,
	strategy: string | null = null,
): void {
	const counts = countsOf(state, agentId);
	counts.assignedToday++;
	counts.assignedInInterval++;
	counts.open++;
	counts.lastAssignedAt = at.toISOString();
	timesOf(state, agentId).push(at.getTime());
	if (!state.firstAssignedAt.has(agentId)) state.firstAssignedAt.set(agentId, at.getTime());
	for (const key of ownerKeys(lead)) state.owners.set(key, { agentId, at: at.toISOString() });
	if (lead.leadId) state.assignedLeads.set(lead.leadId, { agentId, at: at.toISOString(), attempt: 1, strategy });
}

/** The latest `assigned` record per lead id. */
export function assignedLeadsFromHistory(records: OutcomeRecord[]): Map<string, AssignedLead> {
	const assigned = new Map<string, AssignedLead>();
	for (const record of records) {
		if (record.event !== 'assigned') continue;
		const known = assigned.get(record.leadId);
		if (known && known.at > record.at) continue;
		assigned.set(record.leadId, { agentId: record.agentId, at: record.at, attempt: record.attempt ?? 1, strategy: record.strategy });
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
	for (const [agentId, agentCounts] of counts) copied.set(agentId, { ...agentCounts });
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
