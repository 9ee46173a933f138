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
 * Bounded-lead audit: how many assignments the chosen agent was ahead of the least-assigned agent
 * in the pool who could also have taken the lead (eligible and available), in weighted terms:
 * count_chosen - weight_chosen x min over the pool of count / weight. Round robin promises this
 * stays within Max Lead (plus calibration credits); the largest value seen is reported.
 */
export function leadOverLeastAssigned(
	pool: Array<{ agentId: string; weight: number; count: number }>,
	chosen: string,
): number {
	const winner = pool.find((entry) => entry.agentId === chosen);
	if (!winner) return 0;
	const least = Math.min(...pool.map((entry) => entry.count / entry.weight));
	return winner.count - winner.weight * least;
}
