/** Fairness and summary measures for the simulator. */

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

/**
 * Bounded-lead audit, from the outside: how far the chosen agent was ahead of the most-owed agent
 * in the pool who could also have taken the lead (eligible and available), in assignments against
 * weighted share: (count - share x poolTotal) of the chosen minus the smallest such value in the
 * pool, from raw counts (no calibration credit). Round robin bounds this by Max Lead, except where
 * it deliberately credits a late starter or a returning agent.
 */
export function leadOverLeastAssigned(
	pool: Array<{ agentId: string; weight: number; count: number }>,
	chosen: string,
): number {
	const winner = pool.find((entry) => entry.agentId === chosen);
	if (!winner) return 0;
	const totalWeight = pool.reduce((sum, entry) => sum + entry.weight, 0);
	const poolTotal = pool.reduce((sum, entry) => sum + entry.count, 0);
	const excess = (entry: { weight: number; count: number }) => entry.count - (entry.weight / totalWeight) * poolTotal;
	return excess(winner) - Math.min(...pool.map(excess));
}
