/**
 * Weighted round robin as deficit scheduling (Cal.com getLuckyUser, LeanData): each candidate's
 * target share is weight / sum of weights; the shortfall is how far their count (plus calibration)
 * trails that share of the pool's total; the largest shortfall goes next, then the larger weight,
 * then whoever was assigned least recently. Returns every candidate with its numbers, best first.
 */
import { outOfOfficeWindows } from '../availability';
import type { Random } from '../random';
import type { Agent, Reason } from '../types';
import { MATCH_REASON, reason, round } from './reasons';
import type { MatchState } from './state';
import { assignmentsBetween, countsOf } from './state';

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

/** The spans inside the window when an agent was not on the team: before joining, and out of office. */
function absences(agent: Agent, state: MatchState, now: Date): { beforeJoining: Array<[number, number]>; outOfOffice: Array<[number, number]> } {
	const nowMs = now.getTime();
	const first = state.firstAssignedAt.get(agent.id);
	const joinedMs = first === undefined ? nowMs : first;
	const beforeJoining: Array<[number, number]> = joinedMs > state.intervalStartMs ? [[state.intervalStartMs, joinedMs]] : [];
	const outOfOffice: Array<[number, number]> = [];
	for (const window of outOfOfficeWindows(agent)) {
		const from = Math.max(window.from.getTime(), state.intervalStartMs, joinedMs);
		const to = Math.min(window.to.getTime(), nowMs);
		if (to > from) outOfOffice.push([from, to]);
	}
	return { beforeJoining, outOfOffice };
}

/**
 * Assignments an agent would have received while not on the team (joined mid-window, out of
 * office): what the rest of the pool got meanwhile, per unit of their weight (Cal.com's
 * calibration). Capped so the agent starts level with the least-assigned teammate: a new agent is
 * neither flooded (starting at zero) nor starved (credited above someone who is owed more).
 *
 * The roster has no joining date, so "joined" is the agent's first assignment, and an agent not yet
 * drawn in a new pool looks as if they had just joined. Crediting that in full fed on itself: the
 * credit made them less owed, so they were drawn later still and credited more, and an agent
 * unlucky in a new team's first draws could end a window with half their share (4 of 30 leads in a
 * 2:1:1 team, against their equal teammate's 9). So the time before joining is credited only
 * beyond Max Lead: a newcomer still starts no more than Max Lead behind the team (as far behind as
 * the bound lets anyone be), and a pool's first rotation costs nobody anything. Time out of office
 * is credited in full.
 */
export function calibrationFor(agent: Agent, pool: Agent[], state: MatchState, now: Date, maxLead: number): number {
	const others = pool.filter((other) => other.id !== agent.id);
	const othersWeight = others.reduce((sum, other) => sum + agentWeight(other), 0);
	if (others.length === 0 || othersWeight <= 0) return 0;
	// What the others got during these spans, in this agent's weight.
	const owed = (spans: Array<[number, number]>) => {
		let missed = 0;
		for (const [from, to] of spans) for (const other of others) missed += assignmentsBetween(state, other.id, from, to);
		return (missed * agentWeight(agent)) / othersWeight;
	};
	const { beforeJoining, outOfOffice } = absences(agent, state, now);
	const credit = Math.max(0, owed(beforeJoining) - maxLead) + owed(outOfOffice);
	if (credit <= 0) return 0;
	const least = Math.min(...others.map((other) => countsOf(state, other.id).assignedInInterval / agentWeight(other)));
	const level = least * agentWeight(agent) - countsOf(state, agent.id).assignedInInterval;
	return Math.max(0, Math.min(credit, level));
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
		const calibration = options.calibrate ? calibrationFor(agent, candidates, state, now, options.maxLead) : 0;
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
						`picked by weighted round robin (shortfall ${standing.shortfall}; weight ${standing.weight}, ${standing.assigned} this window)`,
					)
				: standing.withinMaxLead
					? reason(MATCH_REASON.behindOnShortfall, `shortfall ${standing.shortfall} after ${standings[0].agentId}`)
					: null;
		return verdict ? { ...standing, reasons: [verdict, ...standing.reasons] } : standing;
	});
}

/** How far behind the most-owed agent a candidate may be and still be drawn, in leads. */
export const SPREAD_WINDOW = 1;

/**
 * Each candidate's chance of the next lead under the `spread` distribution. Only agents within one
 * lead of the most-owed one take part, so routing one lead after another stays as close to the
 * shares as exact deficit scheduling (nobody falls more than a lead behind). Among them the chance
 * is the agent's deficit once this lead is counted (shortfall + target share). With balanced counts
 * that is the weighted share: c executions that read the same history split like the shares
 * instead of all taking the most-owed agent.
 */
export function nextLeadChances(standings: RoundRobinStanding[]): Map<string, number> {
	const open = standings.filter((standing) => standing.withinMaxLead);
	const mostOwed = Math.max(...open.map((standing) => standing.shortfall));
	const drawn = open.filter((standing) => standing.shortfall >= mostOwed - SPREAD_WINDOW - EPSILON);
	const deficits = drawn.map((standing) => Math.max(0, standing.shortfall + standing.targetShare));
	const total = deficits.reduce((sum, deficit) => sum + deficit, 0);
	const chances = new Map<string, number>();
	drawn.forEach((standing, index) => {
		// Rounding can leave every deficit at zero; then the drawn agents are equally likely.
		chances.set(standing.agentId, total > EPSILON ? deficits[index] / total : 1 / drawn.length);
	});
	return chances;
}

/** Round robin's pick for one lead: the standings in pick order, and each agent's chance of the pick. */
export interface RoundRobinDraw {
	ordered: RoundRobinStanding[];
	/** Chance of being picked first, per agent (absent = 0): the propensities the pick is logged with. */
	chances: Map<string, number>;
}

/**
 * Orders standings for the chosen distribution: `exact` keeps the most-owed agent first; `spread`
 * puts a drawn agent first (by nextLeadChances) and keeps the rest in standing order.
 */
export function orderForDistribution(
	standings: RoundRobinStanding[],
	distribution: 'spread' | 'exact',
	random: Random,
): RoundRobinDraw {
	if (distribution === 'exact' || standings.length < 2) return { ordered: standings, chances: new Map([[standings[0].agentId, 1]]) };
	const chances = nextLeadChances(standings);
	let draw = random();
	let winner = standings[0];
	for (const standing of standings) {
		const chance = chances.get(standing.agentId) ?? 0;
		if (chance <= 0) continue;
		winner = standing;
		if (draw < chance) break;
		draw -= chance;
	}
	return { ordered: [winner, ...standings.filter((standing) => standing !== winner)], chances };
}
