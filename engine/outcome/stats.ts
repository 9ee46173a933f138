/** Small, exact statistics the outcome report needs (no sampling, no dependencies). */

/**
 * Quantile with linear interpolation between closest ranks (the "type 7" definition used by
 * spreadsheets' PERCENTILE.INC and R's default), on values sorted ascending.
 */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
	if (sorted.length === 0) return null;
	const position = (sorted.length - 1) * q;
	const below = Math.floor(position);
	const above = Math.ceil(position);
	return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * Gini coefficient of non-negative loads: 0 when everyone carries the same, towards 1 when one
 * carries everything. Computed from sorted values in O(n log n) rather than over all pairs.
 */
export function gini(values: readonly number[]): number | null {
	const n = values.length;
	if (n === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const total = sorted.reduce((sum, value) => sum + value, 0);
	if (total === 0) return 0;
	// sum over pairs |xi - xj| = 2 * sum_i (2i - n + 1) * x_(i) with 0-based ranks.
	let weighted = 0;
	sorted.forEach((value, index) => {
		weighted += (2 * index - n + 1) * value;
	});
	return weighted / (n * total);
}

/** Two-sided standard normal critical value for a confidence level (0.90, 0.95, 0.99, ...). */
export function normalCritical(confidence: number): number {
	// Acklam's rational approximation of the inverse normal CDF; plenty for a report's intervals.
	const p = 1 - (1 - confidence) / 2;
	const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
	const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
	const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
	const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
	if (p > 0.97575) {
		const q = Math.sqrt(-2 * Math.log(1 - p));
		return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	const q = p - 0.5;
	const r = q * q;
	return (
		((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
		(((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
	);
}

export function ratio(numerator: number, denominator: number): number | null {
	return denominator > 0 ? numerator / denominator : null;
}

export function round(value: number | null, digits = 4): number | null {
	if (value === null || !Number.isFinite(value)) return null;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
