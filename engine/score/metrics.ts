/**
 * How good a score is at ranking and at telling the truth: AUC (the chance a random win outranks a
 * random loss), Brier score (mean squared error of the probability) and reliability bins
 * (predicted vs observed win rate). Used by tests and bench/score, never inside a decision.
 */

/** Area under the ROC curve, with tied scores counted as half (Mann-Whitney U with mid-ranks). */
export function areaUnderCurve(scores: readonly number[], won: readonly boolean[]): number {
	const order = scores.map((score, index) => ({ score, won: won[index] })).sort((a, b) => a.score - b.score);
	let rankSumWins = 0;
	let wins = 0;
	for (let start = 0; start < order.length; ) {
		let end = start;
		while (end < order.length && order[end].score === order[start].score) end++;
		const midRank = (start + 1 + end) / 2;
		for (let i = start; i < end; i++) {
			if (order[i].won) {
				rankSumWins += midRank;
				wins++;
			}
		}
		start = end;
	}
	const losses = order.length - wins;
	if (wins === 0 || losses === 0) return NaN;
	return (rankSumWins - (wins * (wins + 1)) / 2) / (wins * losses);
}

export function brierScore(probabilities: readonly number[], won: readonly boolean[]): number {
	let sum = 0;
	probabilities.forEach((p, index) => (sum += (p - (won[index] ? 1 : 0)) ** 2));
	return sum / probabilities.length;
}

export interface ReliabilityBin {
	from: number;
	to: number;
	count: number;
	meanPredicted: number;
	observedRate: number;
}

/** Equal-width probability bins; empty bins are left out. */
export function reliabilityBins(probabilities: readonly number[], won: readonly boolean[], binCount = 10): ReliabilityBin[] {
	const bins = Array.from({ length: binCount }, (_, index) => ({ from: index / binCount, to: (index + 1) / binCount, count: 0, predicted: 0, wins: 0 }));
	probabilities.forEach((p, index) => {
		const bin = bins[Math.min(binCount - 1, Math.floor(p * binCount))];
		bin.count++;
		bin.predicted += p;
		if (won[index]) bin.wins++;
	});
	return bins
		.filter((bin) => bin.count > 0)
		.map((bin) => ({ from: bin.from, to: bin.to, count: bin.count, meanPredicted: bin.predicted / bin.count, observedRate: bin.wins / bin.count }));
}

/** Expected calibration error: the count-weighted mean gap between predicted and observed rates. */
export function calibrationError(bins: readonly ReliabilityBin[]): number {
	const total = bins.reduce((sum, bin) => sum + bin.count, 0);
	return bins.reduce((sum, bin) => sum + (bin.count / total) * Math.abs(bin.meanPredicted - bin.observedRate), 0);
}
