/**
 * The learned strategy's fairness band and the shadow price inside it. The band caps what anyone
 * may take at (1 + band) x their weighted share (+ Max Lead); the price makes an agent above their
 * share earn each further lead by a margin that grows toward the cap.
 */
import type { MatchOptions } from '../options';
import type { RoundRobinStanding } from '../roundRobin';

/** The most an agent may hold before the band closes to them (counts of this window, this pool). */
function bandCeiling(standing: RoundRobinStanding, poolTotal: number, options: MatchOptions): number {
	return (1 + options.learned.fairnessBand) * standing.targetShare * poolTotal + options.maxLead;
}

const poolTotalOf = (standings: RoundRobinStanding[]) => standings.reduce((sum, standing) => sum + standing.assigned + standing.calibration, 0);

/** Which of these standings are within the fairness band: nobody takes more than (1 + band) x their weighted share. */
export function fairnessBandOf(standings: RoundRobinStanding[], options: MatchOptions): Map<string, boolean> {
	const poolTotal = poolTotalOf(standings);
	return new Map(standings.map((standing) => [standing.agentId, standing.assigned + standing.calibration < bandCeiling(standing, poolTotal, options)]));
}

/**
 * How far through the band each agent is: 0 at or below their weighted share, 1 at the ceiling.
 * Times the Fairness Margin and the lead's average estimate, it is the agent's shadow price: what
 * they must beat the others by to get this lead. Without it the band is a cliff: the best closer
 * takes every lead they are slightly better at until the ceiling, then none, even those they are
 * far better at. With it their room goes to the leads where their edge is largest, as an optimal
 * assignment under the same band would do (the simulator: BENCHMARKS.md, session 4).
 */
export function bandFill(standings: RoundRobinStanding[], options: MatchOptions): Map<string, number> {
	const poolTotal = poolTotalOf(standings);
	return new Map(
		standings.map((standing) => {
			const share = standing.targetShare * poolTotal;
			const room = bandCeiling(standing, poolTotal, options) - share;
			const fill = room > 0 ? (standing.assigned + standing.calibration - share) / room : 1;
			return [standing.agentId, Math.min(1, Math.max(0, fill))];
		}),
	);
}

/**
 * Each candidate's price for this lead, in close-probability points: the Fairness Margin times the
 * lead's average estimate among the candidates (so it means the same for a 5% lead and a 50% one)
 * times how far through the band the candidate is.
 */
export function fairnessPrices(
	candidates: Array<{ agentId: string; probability: number }>,
	fill: Map<string, number>,
	margin: number,
): Map<string, number> {
	const averageEstimate = candidates.reduce((sum, entry) => sum + entry.probability, 0) / Math.max(candidates.length, 1);
	return new Map(candidates.map((entry) => [entry.agentId, margin * averageEstimate * (fill.get(entry.agentId) ?? 0)]));
}
