/** Fairness and summary measures for the simulator. */
import { round } from '../../engine/match/reasons';

/** Close rates and shares in the JSON summaries: four digits (a hundredth of a percentage point). */
export const roundShare = (value: number) => round(value, 4);

/** Gini coefficient of non-negative values (0 = perfectly equal). */
export function gini(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const total = sorted.reduce((sum, value) => sum + value, 0);
	if (total === 0 || sorted.length === 0) return 0;
	let weighted = 0;
	sorted.forEach((value, index) => (weighted += (2 * (index + 1) - sorted.length - 1) * value));
	return weighted / (sorted.length * total);
}

export function mean(values: number[]): number {
	return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}

/** Sample standard deviation (n - 1); 0 for fewer than two values. */
export function standardDeviation(values: number[]): number {
	if (values.length < 2) return 0;
	const centre = mean(values);
	return Math.sqrt(values.reduce((sum, value) => sum + (value - centre) ** 2, 0) / (values.length - 1));
}

/** Mean, sample standard deviation and range of some values, each passed through `round`. */
export function spreadOf(values: number[], round: (value: number) => number = (value) => value) {
	return { mean: round(mean(values)), sd: round(standardDeviation(values)), lowest: round(Math.min(...values)), highest: round(Math.max(...values)) };
}

/** One agent who could have taken a lead: weight, assignments this window, calibration credit. */
export interface PoolStanding {
	agentId: string;
	weight: number;
	count: number;
	/** Assignments credited for time not on the team (round robin's calibration); 0 for raw counts. */
	credit: number;
}

/**
 * Bounded-lead audit, from the outside: how far the chosen agent was ahead of the most-owed agent
 * in the pool who could also have taken the lead (eligible and available), in assignments against
 * weighted share: (count + credit - share x poolTotal) of the chosen minus the smallest such value
 * in the pool. With credit, this is the quantity Max Lead bounds (a late starter counts as level
 * with the team, not as owed everything the team got before they joined); with credit 0 it is the
 * raw lead, which exceeds Max Lead by exactly the credit a late starter was given.
 */
export function leadOverLeastAssigned(pool: PoolStanding[], chosen: string): number {
	const winner = pool.find((entry) => entry.agentId === chosen);
	if (!winner) return 0;
	const totalWeight = pool.reduce((sum, entry) => sum + entry.weight, 0);
	const poolTotal = pool.reduce((sum, entry) => sum + entry.count + entry.credit, 0);
	const excess = (entry: PoolStanding) => entry.count + entry.credit - (entry.weight / totalWeight) * poolTotal;
	return excess(winner) - Math.min(...pool.map(excess));
}
