/**
 * Beta-Binomial estimates of p(win | agent, segment) with hierarchical shrinkage: a cell with few
 * outcomes leans on the agent's overall rate times the segment's lift, which in turn lean on the
 * team's rate. With no history every agent has the same estimate, so the learner degenerates to
 * round robin; as outcomes accumulate, each cell's own record takes over. The agent's rate in the
 * lead's product and channel comes from skillGrid.ts (all of the agent's levels estimated at once)
 * wherever the team has outcomes there; the one-level-at-a-time chain here is its fallback.
 */
import type { Segment } from './outcomes';
import type { SkillEstimates } from './skillGrid';
import { skillMoments, skillsFor } from './skillGrid';
import type { PosteriorTables } from './tallies';
import { agentChannelRecord, LEVELS } from './tallies';

export { addToTallies, agentChannelRecord, tallyOutcomes, type PosteriorTables, type Tally } from './tallies';

export interface BetaPosterior {
	alpha: number;
	beta: number;
	/** Prior mean the cell shrinks toward (agent rate x segment lift). */
	priorMean: number;
	/** Outcomes the cell itself has. */
	cellOutcomes: number;
	/**
	 * Weight, in outcomes, of History's own evidence behind the estimate: the cell's outcomes and
	 * the uncertainty of the levels above it (levelEstimate), but not the forest's weight (see
	 * drawingPosterior). Absent: all of alpha + beta.
	 */
	evidence?: number;
}

/**
 * How much an agent's close rate typically differs from what the coarser level above it predicts,
 * as a relative spread (the standard deviation of log(rate / predicted)). Agents differ overall by
 * about 30%, by product much more (an auto specialist can be poor at commercial), within a product
 * by channel less, and hardly at all by state once product and channel are known.
 */
export interface LevelSpreads {
	agent: number;
	agentProduct: number;
	agentProductChannel: number;
	/** Also how much the team's rate differs by state within a product and channel. */
	state: number;
}

export const DEFAULT_LEVEL_SPREADS: LevelSpreads = { agent: 0.3, agentProduct: 0.5, agentProductChannel: 0.3, state: 0.1 };

const clampRate = (rate: number) => Math.min(0.99, Math.max(0.01, rate));

/**
 * The weight, in outcomes, of a prior of mean `mean` for rates that spread by `spread` (relative)
 * around it: the Beta whose standard deviation is spread x mean. One outcome's binomial noise is
 * mean x (1 - mean), so a level whose rates barely differ needs hundreds of its own outcomes before
 * they outweigh the prior, and a 5% segment needs more than a 50% one: a fixed strength in
 * outcomes shrank low-rate segments far too little and high-rate ones too much (BENCHMARKS.md,
 * session 5).
 */
export function strengthOfSpread(mean: number, spread: number): number {
	const rate = clampRate(mean);
	return (1 - rate) / (Math.max(spread, 1e-3) ** 2 * rate);
}

function shrink(tables: PosteriorTables, key: string, toward: number, strength: number): number {
	const tally = tables.tallies[key];
	if (!tally) return toward;
	return (tally.wins + strength * toward) / (tally.total + strength);
}

/** One agent level's estimate, the weight in outcomes of the evidence behind it, and its own outcomes. */
interface LevelEstimate {
	mean: number;
	weight: number;
	outcomes: number;
}

/**
 * Shrinks a level's record toward the prediction from the level above, scaled to this segment
 * (`parentWeight`: the evidence behind that level; Infinity above the agent's, where the team's
 * rate counts as certain). The estimate shrinks by the level's spread alone (shrinking it by the
 * parent's uncertainty too was worse: BENCHMARKS.md, session 5). Its weight, what exploration draws
 * from, also carries the parent's uncertainty without this level's own outcomes, which the parent
 * already counts: an agent never tried in a product is as uncertain as agents differ by product.
 */
function levelEstimate(tables: PosteriorTables, key: string, predicted: number, parentWeight: number, spread: number): LevelEstimate {
	const prior = clampRate(predicted);
	const tally = tables.tallies[key] ?? { wins: 0, total: 0 };
	const strength = strengthOfSpread(prior, spread);
	const parentVariance = (1 - prior) / (Math.max(parentWeight - tally.total, 1e-6) * prior);
	return {
		mean: clampRate((tally.wins + strength * prior) / (tally.total + strength)),
		weight: strengthOfSpread(prior, Math.sqrt(spread * spread + parentVariance)) + tally.total,
		outcomes: tally.total,
	};
}

/** The agent x product x channel level one level at a time: overall, then product, then channel. */
function chainLevel(tables: PosteriorTables, agentId: string, segment: Segment, spreads: LevelSpreads, team: number, productRate: number, productChannelRate: number): LevelEstimate {
	const agent = levelEstimate(tables, LEVELS.agent(agentId), team, Infinity, spreads.agent);
	const agentProduct = levelEstimate(tables, LEVELS.agentProduct(agentId, segment), (agent.mean * productRate) / team, agent.weight, spreads.agentProduct);
	return levelEstimate(
		tables,
		LEVELS.agentProductChannel(agentId, segment),
		(agentProduct.mean * productChannelRate) / productRate,
		agentProduct.weight,
		spreads.agentProductChannel,
	);
}

/** The agent x product x channel level from the joint estimate of the agent's skills (skillGrid.ts). */
function skillLevel(tables: PosteriorTables, agentId: string, segment: Segment, skills: SkillEstimates): LevelEstimate | null {
	const moments = skillMoments(skills, agentId, segment.product, segment.channel);
	if (!moments) return null;
	const mean = clampRate(moments.mean);
	// The Beta with the same mean and variance: its weight in outcomes is what exploration draws from.
	const weight = Math.max((mean * (1 - mean)) / moments.variance - 1, 1);
	return { mean, weight, outcomes: agentChannelRecord(tables, agentId, segment).total };
}

/** A prior from outside the hierarchy (the forest): its estimate and its weight in outcomes. */
export interface PriorOverride {
	mean: number;
	strength: number;
}

/**
 * The cell's posterior. Segment rates (product, product x channel, state) shrink by a fixed
 * `strength`. The agent's rate in the product and channel is the joint estimate of their skills
 * (`skills`, skillGrid.ts; null: the chain, each agent level the level above times the segment's
 * lift, shrunk by how much that level really varies), and the state's lift on it is shrunk by the
 * state spread. With a `priorOverride` (the forest, which generalises across
 * cells and sees the lead's score) the estimate is the two estimates weighted by their outcomes:
 * the forest's fixed weight against the hierarchy's, which grows with History. `evidence` is the
 * hierarchy's weight alone: what exploration draws from (see drawingPosterior).
 */
export function cellPosterior(
	tables: PosteriorTables,
	agentId: string,
	segment: Segment,
	strength: number,
	priorOverride?: PriorOverride,
	spreads: LevelSpreads = DEFAULT_LEVEL_SPREADS,
	skills: SkillEstimates | null = skillsFor(tables, spreads),
): BetaPosterior {
	const team = (tables.wins + 1) / (tables.outcomes + 2);
	const productRate = shrink(tables, LEVELS.product(segment), team, strength);
	const productChannelRate = shrink(tables, LEVELS.productChannel(segment), productRate, strength);
	const segmentRate = shrink(tables, LEVELS.segment(segment), productChannelRate, strengthOfSpread(productChannelRate, spreads.state));
	const agentProductChannel = (skills && skillLevel(tables, agentId, segment, skills)) ?? chainLevel(tables, agentId, segment, spreads, team, productRate, productChannelRate);
	const priorMean = clampRate((agentProductChannel.mean * segmentRate) / productChannelRate);
	const cell = levelEstimate(tables, LEVELS.cell(agentId, segment), priorMean, agentProductChannel.weight, spreads.state);
	const forestWeight = priorOverride ? priorOverride.strength : 0;
	const mean = priorOverride ? (cell.weight * cell.mean + forestWeight * clampRate(priorOverride.mean)) / (cell.weight + forestWeight) : cell.mean;
	const weight = cell.weight + forestWeight;
	return {
		alpha: weight * mean,
		beta: weight * (1 - mean),
		priorMean,
		cellOutcomes: cell.outcomes,
		evidence: cell.weight,
	};
}

export function posteriorMean(posterior: BetaPosterior): number {
	return posterior.alpha / (posterior.alpha + posterior.beta);
}
