/**
 * The learned strategy's cold-start guard: with a few hundred outcomes the learner's picks are
 * mostly luck, and a pick that parts from round robin's also moves who round robin owes next. Until
 * the estimates are firmer it leaves round robin's pick alone unless its own is clearly better on
 * History's own evidence. Without the guard the learner trailed round robin by more than a point
 * at a cold-start checkpoint on some simulated teams (BENCHMARKS.md, session 4).
 */
import type { LearnedOptions } from '../options';
import type { BetaPosterior } from './posterior';
import { thompsonShares } from './thompson';

/** Outcomes, in multiples of Learning Confidence Outcomes, during which the cold-start guard holds. */
export const GUARDED_CONFIDENCE_MULTIPLE = 4;

/** Probability that a draw from `a` beats a draw from `b`: the first of two Thompson shares. */
export function probabilityBetter(a: BetaPosterior, b: BetaPosterior, draws: number, seed: number): number {
	return thompsonShares([a, b], draws, seed)[0];
}

/** Whether the guard holds for a model learned from `outcomes` outcomes. */
export function guardHolds(outcomes: number | null, learned: Pick<LearnedOptions, 'switchConfidence' | 'confidenceOutcomes'>): boolean {
	return outcomes !== null && learned.switchConfidence > 0 && outcomes < GUARDED_CONFIDENCE_MULTIPLE * learned.confidenceOutcomes;
}

/**
 * For each candidate, the probability that it closes better than round robin's pick (index
 * `roundRobinIndex`), judged on `evidence` (History's own, unsharpened); 1 for round robin's pick
 * itself and for everyone when the guard does not hold.
 */
export function chancesBetterThanRoundRobin(evidence: BetaPosterior[], roundRobinIndex: number, guarded: boolean, draws: number, seed: number): number[] {
	return evidence.map((posterior, index) =>
		guarded && index !== roundRobinIndex ? probabilityBetter(posterior, evidence[roundRobinIndex], draws, seed ^ ((index + 1) * 0x2545f491)) : 1,
	);
}

/**
 * What the learner's branch gives each candidate: its Thompson share unless the guard holds it
 * back; the shares held back go to round robin's draw (its chances). Round robin's pick is taken
 * as given when judging who is held back: it is seeded by the lead's id.
 */
export function sharesAfterGuard(thompson: number[], heldBack: boolean[], roundRobinChances: number[]): number[] {
	const heldShare = thompson.reduce((sum, share, index) => sum + (heldBack[index] ? share : 0), 0);
	return thompson.map((share, index) => (heldBack[index] ? 0 : share) + heldShare * roundRobinChances[index]);
}
