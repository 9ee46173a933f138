/**
 * Weighted round robin as deficit scheduling (Cal.com getLuckyUser, LeanData): each candidate's
 * target share is weight / sum of weights; the shortfall is how far their count (plus calibration)
 * trails that share of the pool's total; the largest shortfall goes next, then the larger weight,
 * then whoever was assigned least recently. Returns every candidate with its numbers, best first.
 */
import type { Agent, Reason } from '../types';
import { MATCH_REASON, reason, round } from './reasons';
import type { MatchState } from './state';
import { countsOf, teamAssignmentsBetween } from './state';

export interface RoundRobinStanding {
	agentId: string;
	agentName: string;
	weight: number;
	/** Assignments in the current window. */
	assigned: number;
	/** Credit for time not on the team (joined mid-window, out of office), in assignments. */
	calibration: number;
	targetShare: number;
	/** Target share of the pool's total minus own count: positive means owed a lead. */
	shortfall: number;
	/** How far ahead of the most-owed candidate, in assignments. */
	aheadBy: number;
	/** Whether the candidate is within the bounded lead (aheadBy <= maxLead). */
	withinMaxLead: boolean;
	lastAssignedAt: string | null;
	reasons: Reason[];
}

export interface RoundRobinOptions {
	maxLead: number;
	calibrate: boolean;
}

const EPSILON = 1e-9;

/**
 * Assignments an agent would have received while not on the team, so a new or returning agent
 * starts at the team's pace instead of being flooded until they catch up.
 */
export function calibrationFor(agent: Agent, state: MatchState, now: Date, share: number): number {
	const nowMs = now.getTime();
	let missed = 0;
	// Joined inside the window: everything the team got before their first assignment.
	const first = state.firstAssignedAt.get(agent.id);
	const joinedMs = first === undefined ? nowMs : first;
	if (joinedMs > state.intervalStartMs) missed += teamAssignmentsBetween(state, state.intervalStartMs, joinedMs);
	// Back from out of office: what the team got while they were away (after joining).
	for (const window of agent.outOfOffice) {
		const from = Math.max(Date.parse(window.from), state.intervalStartMs, joinedMs);
		const to = Math.min(Date.parse(window.to), nowMs);
		if (Number.isFinite(from) && Number.isFinite(to) && to > from) missed += teamAssignmentsBetween(state, from, to);
	}
	return missed * share;
}

export function roundRobinStandings(
	candidates: Agent[],
	state: MatchState,
	now: Date,
	options: RoundRobinOptions,
): RoundRobinStanding[] {
	const totalWeight = candidates.reduce((sum, agent) => sum + agentWeight(agent), 0);
	const rows = candidates.map((agent) => {
		const counts = countsOf(state, agent.id);
		const targetShare = agentWeight(agent) / totalWeight;
		// What the others got while this agent was away, per unit of the others' weight (Cal.com).
		const othersWeight = totalWeight - agentWeight(agent);
		const creditShare = othersWeight > 0 ? agentWeight(agent) / othersWeight : 0;
		const calibration = options.calibrate ? calibrationFor(agent, state, now, creditShare) : 0;
		return { agent, counts, targetShare, calibration };
	});
	const poolTotal = rows.reduce((sum, row) => sum + row.counts.assignedInInterval + row.calibration, 0);
	const withShortfall = rows.map((row) => ({
		...row,
		shortfall: row.targetShare * poolTotal - (row.counts.assignedInInterval + row.calibration),
	}));
	const mostOwed = Math.max(...withShortfall.map((row) => row.shortfall));
	const standings: RoundRobinStanding[] = withShortfall.map((row) => {
		const aheadBy = mostOwed - row.shortfall;
		const withinMaxLead = aheadBy <= options.maxLead + EPSILON;
		const reasons: Reason[] = [];
		if (row.calibration > 0) {
			reasons.push(
				reason(MATCH_REASON.calibrated, `credited ${round(row.calibration, 2)} assignments for time not on the team`),
			);
		}
		if (!withinMaxLead) {
			reasons.push(
				reason(
					MATCH_REASON.aheadByMaxLead,
					`${round(aheadBy, 2)} assignments ahead of the least-assigned agent (limit ${options.maxLead})`,
				),
			);
		}
		return {
			agentId: row.agent.id,
			agentName: row.agent.name,
			weight: agentWeight(row.agent),
			assigned: row.counts.assignedInInterval,
			calibration: round(row.calibration, 4),
			targetShare: round(row.targetShare, 4),
			shortfall: round(row.shortfall, 4),
			aheadBy: round(aheadBy, 4),
			withinMaxLead,
			lastAssignedAt: row.counts.lastAssignedAt,
			reasons,
		};
	});
	return standings.sort(compareStandings);
}

/** Within the bounded lead first, then largest shortfall, larger weight, least recently assigned. */
export function compareStandings(a: RoundRobinStanding, b: RoundRobinStanding): number {
	if (a.withinMaxLead !== b.withinMaxLead) return a.withinMaxLead ? -1 : 1;
	if (Math.abs(a.shortfall - b.shortfall) > EPSILON) return b.shortfall - a.shortfall;
	if (a.weight !== b.weight) return b.weight - a.weight;
	const lastA = a.lastAssignedAt ? Date.parse(a.lastAssignedAt) : -Infinity;
	const lastB = b.lastAssignedAt ? Date.parse(b.lastAssignedAt) : -Infinity;
	if (lastA !== lastB) return lastA - lastB;
	return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

export function agentWeight(agent: Agent): number {
	return Number.isFinite(agent.weight) && agent.weight > 0 ? agent.weight : 1;
}

/** The winner's reason, and why each other candidate came after it. */
export function explainRoundRobin(standings: RoundRobinStanding[]): RoundRobinStanding[] {
	return standings.map((standing, index) => {
		const verdict =
			index === 0
				? reason(
						MATCH_REASON.largestShortfall,
						`largest shortfall against weighted share (${standing.shortfall}; weight ${standing.weight}, ${standing.assigned} this window)`,
					)
				: standing.withinMaxLead
					? reason(MATCH_REASON.behindOnShortfall, `shortfall ${standing.shortfall} after ${standings[0].agentId}`)
					: null;
		return verdict ? { ...standing, reasons: [verdict, ...standing.reasons] } : standing;
	});
}
