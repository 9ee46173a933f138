/** Summary statistics the benchmarks report. */

/** The middle run of several (the upper middle for an even count): robust to one slow outlier. */
export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}
