/**
 * Learned mode: a conversion model trained on outcome history, with the cold-start rule made
 * explicit. Below `minOutcomes` labelled leads (or with too few wins or losses to tell them apart)
 * there is no model and the caller falls back to the rules, saying so in the reasons.
 */
import type { OutcomeRecord, ScoreReason, Tier } from '../types';
import { InputError } from '../types';
import { describeFeature, factsFromLead, leadFeatures, RULES_SCORE_FEATURE } from './features';
import type { ScoringLead } from './defaultRules';
import { fitLogistic, logOdds, predict, sigmoid, type LogisticModel } from './logisticModel';
import { buildTrainingSet } from './trainingSet';

/** Percent of past leads that land in tiers A, B and C (D is the rest), by predicted win chance. */
export interface TierShares {
	A: number;
	B: number;
	C: number;
}

export const DEFAULT_TIER_SHARES: TierShares = { A: 10, B: 20, C: 30 };

/**
 * Ridge penalties. One-hot weights are shrunk hard, so a segment needs many outcomes before it
 * moves a score; the rules score is shrunk lightly, so a small history already uses the rules'
 * ranking. Chosen on the simulator (bench/score) by held-out AUC across 100-10,000 outcomes.
 */
const DEFAULT_L2 = 10;
const RULES_SCORE_L2 = 0.1;

/** Below this many wins or losses the classes cannot be told apart, whatever the total. */
const MIN_PER_CLASS = 5;

export interface ConversionModel {
	model: LogisticModel;
	outcomes: number;
	wins: number;
	baseRate: number;
	/** Minimum win probability for tiers A, B and C, from the training leads' predictions. */
	tierCutoffs: { A: number; B: number; C: number };
}

export interface TrainingOptions {
	/** Labelled leads needed before learning takes over. Default 50. */
	minOutcomes?: number;
	l2?: number;
	tierShares?: TierShares;
}

export type TrainingResult =
	| { model: ConversionModel; outcomes: number; fallback?: undefined }
	| { model: null; outcomes: number; fallback: ScoreReason };

/** Tier shares must be percentages that fit in 100; checked before any history is read. */
export function validateTierShares(shares: TierShares, field = 'learnedTierShares'): TierShares {
	const { A, B, C } = shares;
	if (![A, B, C].every((share) => Number.isFinite(share) && share >= 0) || A + B + C > 100) {
		throw new InputError(field, 'invalidTierShares', `must be percentages adding up to at most 100 (got ${A}, ${B}, ${C})`);
	}
	return shares;
}

/** A probability just above `value`: a tier that must start above every prediction of the tiers below it. */
function justAbove(value: number): number {
	return value > 0 ? value * (1 + Number.EPSILON) : Number.MIN_VALUE;
}

/**
 * Each tier's minimum win probability, from the training leads' predictions ranked best first:
 * by share alone, A takes the top A %, B the next B %, and so on. Leads with the same prediction
 * (identical snapshots are common) must share a tier, since a cut-off can only separate different
 * probabilities. The rule: a tied block goes to the tier where most of it falls by rank (the
 * better tier when it splits evenly). Otherwise a block straddling the top 10 % would put all
 * of itself in A, however large it is. A tier that gets no block keeps a cut-off just above the
 * predictions below it, so only a lead ranked between them reaches it; a tier whose share is 0 is
 * never reached.
 */
function tierCutoffs(predictions: number[], shares: TierShares): ConversionModel['tierCutoffs'] {
	const { A, B, C } = validateTierShares(shares);
	const sorted = [...predictions].sort((a, b) => b - a);
	const n = sorted.length;
	// Rank positions each tier takes by its share: A [0, ends[0]), B [ends[0], ends[1]), C, then D to n.
	const ends = [A, A + B, A + B + C].map((top) => (top <= 0 ? 0 : n - Math.floor((1 - top / 100) * n)));
	const bounds = [0, ...ends, n];
	const lowest = [Infinity, Infinity, Infinity, Infinity];
	const highest = [-Infinity, -Infinity, -Infinity, -Infinity];
	for (let start = 0; start < n; ) {
		let end = start + 1;
		while (end < n && sorted[end] === sorted[start]) end++;
		let tier = 0;
		let most = -1;
		for (let candidate = 0; candidate < 4; candidate++) {
			const overlap = Math.min(end, bounds[candidate + 1]) - Math.max(start, bounds[candidate]);
			if (overlap > most) {
				most = overlap;
				tier = candidate;
			}
		}
		lowest[tier] = Math.min(lowest[tier], sorted[end - 1]);
		highest[tier] = Math.max(highest[tier], sorted[start]);
		start = end;
	}
	const cutoffs: number[] = [];
	for (let tier = 0; tier < 3; tier++) {
		const above = tier === 0 ? Infinity : cutoffs[tier - 1];
		const below = Math.max(...highest.slice(tier + 1));
		let cutoff: number;
		if (lowest[tier] !== Infinity) cutoff = lowest[tier];
		else if (bounds[tier + 1] === bounds[tier] || below === -Infinity) cutoff = above;
		else cutoff = justAbove(below);
		cutoffs.push(Math.min(cutoff, above));
	}
	return { A: cutoffs[0], B: cutoffs[1], C: cutoffs[2] };
}

export function trainConversionModel(records: readonly OutcomeRecord[], options: TrainingOptions = {}): TrainingResult {
	const minOutcomes = options.minOutcomes ?? 50;
	const set = buildTrainingSet(records);
	const outcomes = set.examples.length;
	const tooFew = outcomes < minOutcomes;
	if (tooFew || Math.min(set.wins, set.losses) < MIN_PER_CLASS) {
		const why = tooFew
			? `${outcomes} outcome(s) in history, fewer than the ${minOutcomes} needed`
			: `${set.wins} win(s) and ${set.losses} loss(es) in history; at least ${MIN_PER_CLASS} of each are needed`;
		return {
			model: null,
			outcomes,
			fallback: { rule: 'learnedFallback', points: 0, message: `Scored by rules: ${why} to learn from` },
		};
	}
	const model = fitLogistic(set.examples, { l2: options.l2 ?? DEFAULT_L2, l2ByFeature: { [RULES_SCORE_FEATURE]: RULES_SCORE_L2 } });
	const predictions = set.examples.map((example) => predict(model, example.features));
	// A model that gives every lead the same chance cannot rank them: tiers cut from it would put
	// every lead in one tier (all A, or all D with a 60-minute deadline). The rules rank better.
	// A loop, not Math.max(...predictions): spreading 150,000 leads onto the stack throws.
	let lowest = Infinity;
	let highest = -Infinity;
	for (const prediction of predictions) {
		if (prediction < lowest) lowest = prediction;
		if (prediction > highest) highest = prediction;
	}
	if (highest - lowest < 1e-9) {
		return {
			model: null,
			outcomes,
			fallback: { rule: 'learnedFallback', points: 0, message: `Scored by rules: the ${outcomes} outcomes in history do not tell leads apart yet (every lead gets the same chance)` },
		};
	}
	return {
		outcomes,
		model: {
			model,
			outcomes,
			wins: set.wins,
			baseRate: set.wins / outcomes,
			tierCutoffs: tierCutoffs(predictions, options.tierShares ?? DEFAULT_TIER_SHARES),
		},
	};
}

export interface LearnedScore {
	probability: number;
	tier: Tier;
	reasons: ScoreReason[];
}

function percent(probability: number): string {
	return `${Math.round(probability * 1000) / 10}%`;
}

/**
 * Scores one lead: the win probability, its tier among past leads, and the factors that moved it
 * most. A factor's points are how many percentage points the probability would drop (or rise)
 * without it, which an ops person can read without knowing what a log-odds is.
 */
export function scoreWithModel(lead: ScoringLead, rulesScore: number, trained: ConversionModel, topFactors = 3): LearnedScore {
	const features = leadFeatures(factsFromLead(lead, rulesScore));
	const z = logOdds(trained.model, features);
	const probability = sigmoid(z);
	const { A, B, C } = trained.tierCutoffs;
	const tier: Tier = probability >= A ? 'A' : probability >= B ? 'B' : probability >= C ? 'C' : 'D';
	const factors = features
		.map((feature) => ({ feature, contribution: (trained.model.weights.get(feature.name) ?? 0) * feature.value }))
		.filter((factor) => factor.contribution !== 0)
		.map((factor) => ({ ...factor, effect: probability - sigmoid(z - factor.contribution) }))
		.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
		.slice(0, Math.max(0, topFactors));
	const reasons: ScoreReason[] = [
		{
			rule: 'learnedModel',
			points: Math.round(probability * 100),
			message: `Win probability ${percent(probability)} from ${trained.outcomes} past outcomes (average ${percent(trained.baseRate)})`,
		},
		...factors.map((factor) => {
			const points = Math.round(factor.effect * 1000) / 10;
			return {
				rule: `factor:${factor.feature.name}`,
				points,
				message: `${describeFeature(factor.feature, rulesScore)} ${points >= 0 ? 'raises' : 'lowers'} the win probability by ${Math.abs(points)} points`,
			};
		}),
	];
	return { probability, tier, reasons };
}
