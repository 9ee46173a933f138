/**
 * Thompson sampling's odds: how often each candidate's draw is the best, estimated by seeded Monte
 * Carlo. The learned pick's propensity and the cold-start guard's comparison are both read from it.
 */
import { betaDraw, seededRandom } from '../../random';
import type { BetaPosterior } from './posterior';

/**
 * Estimated probability that each candidate wins a Thompson draw (seeded Monte Carlo). `prices`
 * (one per candidate, default none) are taken off each draw, as the pick itself does.
 */
export function thompsonShares(posteriors: BetaPosterior[], draws: number, seed: number, prices: number[] = []): number[] {
	const random = seededRandom(seed);
	const wins = posteriors.map(() => 0);
	for (let draw = 0; draw < draws; draw++) {
		let best = 0;
		let bestValue = -Infinity;
		posteriors.forEach((posterior, index) => {
			const value = betaDraw(random, posterior.alpha, posterior.beta) - (prices[index] ?? 0);
			if (value > bestValue) {
				bestValue = value;
				best = index;
			}
		});
		wins[best]++;
	}
	return wins.map((count) => count / draws);
}
