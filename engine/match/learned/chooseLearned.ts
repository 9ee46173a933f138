/**
 * The learned pick: the eligible, available agent with the highest expected value (p(win) x lead
 * value), explored by Thompson sampling, blended with round robin while evidence is thin, bounded
 * by a fairness band, with a seeded random holdout routed by round robin so lift can be measured.
 * Every pick records its propensity: the probability this policy had of choosing that agent.
 */
import type { Agent, Lead, Reason } from '../../types';
import { betaDraw, seedFromString, seededRandom } from '../../random';
import type { MatchOptions } from '../options';
import { MATCH_REASON, reason, round } from '../reasons';
import type { RoundRobinDraw, RoundRobinStanding } from '../roundRobin';
import { chancesBetterThanRoundRobin, guardHolds, sharesAfterGuard } from './coldStartGuard';
import { bandFill, fairnessBandOf, fairnessPrices } from './fairnessBand';
import type { LearnedModel } from './model';
import { posteriorFor } from './model';
import { rulesScoreOf } from '../../score/features';
import { segmentOf } from './outcomes';
import type { BetaPosterior } from './posterior';
import { posteriorMean } from './posterior';
import { thompsonShares } from './thompson';

export interface LearnedRanking {
	agentId: string;
	agentName: string;
	/** Expected value: estimated p(win), times the lead's value when it has one. */
	score: number;
	probability: number;
	withinBand: boolean;
	reasons: Reason[];
}

export interface LearnedPick {
	agentId: string;
	propensity: number;
	holdout: boolean;
	reasons: Reason[];
	ranked: LearnedRanking[];
}

type LearnedLead = Pick<Lead, 'leadId'> & Partial<Pick<Lead, 'product' | 'state' | 'source' | 'value' | 'score'>>;

/**
 * Share of this lead's decisions that follow the learner rather than round robin: n^2 / (n^2 + c^2)
 * for n outcomes, half at c. The square keeps the first hundred or so outcomes (a handful per agent
 * and product, mostly noise) from steering many leads, and round robin's even share of that time is
 * also the most useful data for learning; by 2,000 outcomes under 1% of leads go to round robin. A
 * share of n / (n + c) steered by noise early (cold-start dips below round robin beyond a point on
 * some seeds) or, with a larger c, kept sending leads to round robin long after the estimates were
 * good (BENCHMARKS.md).
 */
export function learnerConfidence(outcomes: number, confidenceOutcomes: number): number {
	const half = Math.max(confidenceOutcomes, 1e-9);
	return (outcomes * outcomes) / (outcomes * outcomes + half * half);
}

/**
 * How much narrower than the posterior the Thompson draws are, once the learner has `outcomes`
 * outcomes: draws come from Beta(s a, s b), whose spread is the posterior's over sqrt(s). Plain
 * Thompson sampling (s = 1) keeps exploring cells whose estimates are already good enough to act
 * on, and every exploring lead costs a likely close; with s growing with the evidence, exploration
 * is wide at the cold start and fades to near-greedy (measured on the simulator: BENCHMARKS.md).
 */
export function explorationSharpening(outcomes: number, explorationOutcomes: number): number {
	return 1 + outcomes / Math.max(explorationOutcomes, 1e-9);
}

/**
 * The Beta a Thompson draw comes from: centred on the posterior's mean, as wide as History's own
 * evidence behind it (the forest moves the centre but its fixed weight is not evidence about this
 * agent and segment), then sharpened by `sharpening`. Counting the forest's hundreds of outcomes of
 * weight as certainty stopped exploration once it was trained: an agent unlucky in a segment's first
 * dozen leads was never tried there again (measured on the simulator: BENCHMARKS.md, session 4).
 */
export function drawingPosterior(posterior: BetaPosterior, sharpening: number): BetaPosterior {
	const weight = posterior.alpha + posterior.beta;
	const mean = posterior.alpha / weight;
	const width = Math.min(weight, posterior.evidence ?? weight) * sharpening;
	return { ...posterior, alpha: mean * width, beta: (1 - mean) * width };
}

/** Whether this lead is in the round-robin holdout: a seeded draw from its id, so it replays. */
export function isHoldout(leadId: string, holdoutPercent: number, seed: number): boolean {
	return seededRandom(seedFromString(`holdout:${seed}:${leadId}`))() < holdoutPercent / 100;
}

export function chooseLearned(
	lead: LearnedLead,
	available: Agent[],
	standings: RoundRobinStanding[],
	roundRobin: RoundRobinDraw,
	model: LearnedModel | null,
	options: MatchOptions,
): LearnedPick {
	const learned = options.learned;
	const segment = segmentOf(lead);
	const score = rulesScoreOf(lead.score);
	const value = typeof lead.value === 'number' && lead.value > 0 ? lead.value : null;
	const band = fairnessBandOf(standings, options);
	const fill = bandFill(standings, options);
	const roundRobinChoice = roundRobin.ordered[0].agentId;
	const nameOf = new Map(available.map((agent) => [agent.id, agent.name]));

	const scored = standings.map((standing) => {
		const posterior = model
			? posteriorFor(model, standing.agentId, segment, score, learned)
			: { alpha: 1, beta: 1, priorMean: 0.5, cellOutcomes: 0 };
		const probability = posteriorMean(posterior);
		return { standing, posterior, probability, withinBand: band.get(standing.agentId) ?? false };
	});
	// The most-owed agent is always allowed, so the band can never leave nobody.
	const allowed = scored.filter((entry) => entry.withinBand || entry.standing.agentId === roundRobinChoice);

	const holdoutShare = learned.holdoutPercent / 100;
	const holdout = isHoldout(lead.leadId, learned.holdoutPercent, options.seed);
	const confidence = model ? learnerConfidence(model.outcomes, learned.confidenceOutcomes) : 0;
	const leadSeed = seedFromString(`learned:${options.seed}:${lead.leadId}`);
	const random = seededRandom(leadSeed);
	const sharpening = explorationSharpening(model?.outcomes ?? 0, learned.explorationOutcomes);
	const drawFrom = allowed.map((entry) => drawingPosterior(entry.posterior, sharpening));
	const priceOf = fairnessPrices(allowed.map((entry) => ({ agentId: entry.standing.agentId, probability: entry.probability })), fill, learned.fairnessMargin);
	const prices = allowed.map((entry) => priceOf.get(entry.standing.agentId) ?? 0);
	const priceNote = (agentId: string) => {
		const price = priceOf.get(agentId) ?? 0;
		return price > 0 ? `; above their weighted share, so they must be better by ${round(price, 3)}` : '';
	};
	const thompson = thompsonShares(drawFrom, learned.propensityDraws, leadSeed ^ 0x9e3779b9, prices);
	const guarded = guardHolds(model?.outcomes ?? null, learned);
	const chanceBetter = chancesBetterThanRoundRobin(
		allowed.map((entry) => drawingPosterior(entry.posterior, 1)),
		allowed.findIndex((entry) => entry.standing.agentId === roundRobinChoice),
		guarded,
		learned.propensityDraws,
		leadSeed,
	);
	const heldBack = chanceBetter.map((chance) => chance < learned.switchConfidence);
	const shares = sharesAfterGuard(thompson, heldBack, allowed.map((entry) => roundRobin.chances.get(entry.standing.agentId) ?? 0));

	let chosen = roundRobinChoice;
	let why: Reason;
	if (holdout) {
		why = reason(MATCH_REASON.holdout, `in the ${learned.holdoutPercent}% round-robin holdout (measures lift)`);
	} else if (random() >= confidence) {
		why = reason(
			MATCH_REASON.coldStartRoundRobin,
			`round robin: the learner has ${model?.outcomes ?? 0} outcomes, trusted for ${round(confidence * 100, 1)}% of leads`,
		);
	} else {
		let bestValue = -Infinity;
		allowed.forEach((entry, index) => {
			const draw = betaDraw(random, drawFrom[index].alpha, drawFrom[index].beta) - prices[index];
			if (draw > bestValue) {
				bestValue = draw;
				chosen = entry.standing.agentId;
			}
		});
		const drawnIndex = allowed.findIndex((entry) => entry.standing.agentId === chosen);
		const winner = allowed[drawnIndex];
		if (heldBack[drawnIndex]) {
			chosen = roundRobinChoice;
			why = reason(
				MATCH_REASON.coldStartRoundRobin,
				`round robin: the learner's pick ${winner.standing.agentName} was better with probability ${round(chanceBetter[drawnIndex], 2)} only (below ${learned.switchConfidence} while it has ${model?.outcomes ?? 0} outcomes)`,
			);
		} else {
			why = reason(
				MATCH_REASON.highestExpectedValue,
				`Thompson draw picked the best estimate: p(win) ${round(winner.probability, 3)} from ${winner.posterior.cellOutcomes} outcomes in this segment${priceNote(chosen)}`,
			);
		}
	}

	const chosenIndex = allowed.findIndex((entry) => entry.standing.agentId === chosen);
	// A draw that was actually made is a possible outcome: never report a zero share for it.
	const thompsonShare = Math.max(shares[chosenIndex] ?? 0, 1 / (learned.propensityDraws + 1));
	// Round robin's chance of this same agent (1 or 0 when exact, the spread draw's chance otherwise).
	const roundRobinChance = roundRobin.chances.get(chosen) ?? 0;
	const propensity =
		holdoutShare * roundRobinChance + (1 - holdoutShare) * ((1 - confidence) * roundRobinChance + confidence * thompsonShare);

	const ranked: LearnedRanking[] = scored
		.map((entry) => ({
			agentId: entry.standing.agentId,
			agentName: nameOf.get(entry.standing.agentId) ?? entry.standing.agentId,
			probability: round(entry.probability, 4),
			score: round(entry.probability * (value ?? 1), 4),
			withinBand: entry.withinBand,
			reasons: entry.withinBand
				? [reason(MATCH_REASON.lowerExpectedValue, `estimated p(win) ${round(entry.probability, 3)}${priceNote(entry.standing.agentId)}`)]
				: [reason(MATCH_REASON.overFairnessBand, `already above ${round((1 + learned.fairnessBand) * 100)}% of their weighted share`)],
		}))
		.sort((a, b) => Number(b.withinBand) - Number(a.withinBand) || b.score - a.score);
	return { agentId: chosen, propensity: round(Math.min(1, Math.max(propensity, 1e-6)), 6), holdout, reasons: [why], ranked };
}
