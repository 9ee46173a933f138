/**
 * Beta-Binomial estimates of p(win | agent, segment) with hierarchical shrinkage: a cell with few
 * outcomes leans on the agent's overall rate times the segment's lift, which in turn lean on the
 * team's rate. With no history every agent has the same estimate, so the learner degenerates to
 * round robin; as outcomes accumulate, each cell's own record takes over.
 */
import type { LearningExample, Segment } from './outcomes';

export interface Tally {
	wins: number;
	total: number;
}

export interface PosteriorTables {
	/** Tallies by level key (see cellKeys). */
	tallies: Record<string, Tally>;
	outcomes: number;
	wins: number;
}

export interface BetaPosterior {
	alpha: number;
	beta: number;
	/** Prior mean the cell shrinks toward (agent rate x segment lift). */
	priorMean: number;
	/** Outcomes the cell itself has. */
	cellOutcomes: number;
	/**
	 * Weight, in outcomes, of History's own evidence behind the estimate: the cell's outcomes, the
	 * prior strength and its parent's share, but not the forest's weight (see drawingPosterior).
	 * Absent: all of alpha + beta.
	 */
	evidence?: number;
}

const LEVELS = {
	agent: (a: string) => `a|${a}`,
	product: (s: Segment) => `p|${s.product}`,
	productChannel: (s: Segment) => `pc|${s.product}|${s.channel}`,
	segment: (s: Segment) => `s|${s.product}|${s.channel}|${s.state}`,
	agentProduct: (a: string, s: Segment) => `ap|${a}|${s.product}`,
	agentProductChannel: (a: string, s: Segment) => `apc|${a}|${s.product}|${s.channel}`,
	cell: (a: string, s: Segment) => `aps|${a}|${s.product}|${s.channel}|${s.state}`,
};

function cellKeys(agentId: string, segment: Segment): string[] {
	return [
		LEVELS.agent(agentId),
		LEVELS.product(segment),
		LEVELS.productChannel(segment),
		LEVELS.segment(segment),
		LEVELS.agentProduct(agentId, segment),
		LEVELS.agentProductChannel(agentId, segment),
		LEVELS.cell(agentId, segment),
	];
}

export function tallyOutcomes(examples: LearningExample[]): PosteriorTables {
	const tallies: Record<string, Tally> = {};
	let wins = 0;
	for (const example of examples) {
		if (example.won) wins++;
		for (const key of cellKeys(example.agentId, example)) {
			const tally = (tallies[key] ??= { wins: 0, total: 0 });
			tally.total++;
			if (example.won) tally.wins++;
		}
	}
	return { tallies, outcomes: examples.length, wins };
}

/** Share of the parent level's outcomes that count as prior evidence for a cell. */
export const PARENT_EVIDENCE_SHARE = 0.5;

const clampRate = (rate: number) => Math.min(0.99, Math.max(0.01, rate));

function shrink(tables: PosteriorTables, key: string, toward: number, strength: number): number {
	const tally = tables.tallies[key];
	if (!tally) return toward;
	return (tally.wins + strength * toward) / (tally.total + strength);
}

/** A prior from outside the hierarchy (the forest): its estimate and its weight in outcomes. */
export interface PriorOverride {
	mean: number;
	strength: number;
}

/**
 * The cell's posterior. With a `priorOverride` (the forest, which generalises across cells), the
 * prior mean is the average of the forest's and the hierarchy's estimates and the forest adds its
 * weight to the hierarchy's: each corrects the other's errors. Measured on the simulator, this
 * beat using the forest alone as the prior mean (Beta(k m + wins, k (1 - m) + losses)) on every
 * seed but one; the forest alone was worse than no forest on two seeds (BENCHMARKS.md).
 */
export function cellPosterior(
	tables: PosteriorTables,
	agentId: string,
	segment: Segment,
	strength: number,
	priorOverride?: PriorOverride,
): BetaPosterior {
	const team = (tables.wins + 1) / (tables.outcomes + 2);
	const agentRate = shrink(tables, LEVELS.agent(agentId), team, strength);
	const productRate = shrink(tables, LEVELS.product(segment), team, strength);
	const productChannelRate = shrink(tables, LEVELS.productChannel(segment), productRate, strength);
	const segmentRate = shrink(tables, LEVELS.segment(segment), productChannelRate, strength);
	// Each agent-level estimate leans on the coarser agent estimate times the segment's lift.
	const agentProduct = shrink(tables, LEVELS.agentProduct(agentId, segment), clampRate((agentRate * productRate) / team), strength);
	const agentProductChannel = shrink(
		tables,
		LEVELS.agentProductChannel(agentId, segment),
		clampRate((agentProduct * productChannelRate) / productRate),
		strength,
	);
	const hierarchical = clampRate((agentProductChannel * segmentRate) / productChannelRate);
	const priorMean = priorOverride ? clampRate((hierarchical + clampRate(priorOverride.mean)) / 2) : hierarchical;
	const cell = tables.tallies[LEVELS.cell(agentId, segment)] ?? { wins: 0, total: 0 };
	// The prior is only as uncertain as the evidence behind it: outcomes of the same agent in the
	// same product and channel lend it part of their weight, so exploration fades as they accumulate.
	const parentOutcomes = tables.tallies[LEVELS.agentProductChannel(agentId, segment)]?.total ?? 0;
	const priorWeight = strength + PARENT_EVIDENCE_SHARE * Math.max(0, parentOutcomes - cell.total) + (priorOverride?.strength ?? 0);
	return {
		alpha: priorWeight * priorMean + cell.wins,
		beta: priorWeight * (1 - priorMean) + (cell.total - cell.wins),
		priorMean,
		cellOutcomes: cell.total,
		evidence: priorWeight - (priorOverride?.strength ?? 0) + cell.total,
	};
}

export function posteriorMean(posterior: BetaPosterior): number {
	return posterior.alpha / (posterior.alpha + posterior.beta);
}
