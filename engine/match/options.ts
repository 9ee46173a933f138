/**
 * What a team can configure about matching. Every field has a default so the engine can be called
 * with a partial object; the node maps its parameters onto this shape one to one.
 */
import type { LevelSpreads } from './learned/posterior';
import { DEFAULT_LEVEL_SPREADS } from './learned/posterior';

export type MatchStrategy = 'roundRobin' | 'rules' | 'learned';

/** The window round-robin counts are taken over (Cal.com's and LeanData's "reset" setting). */
export type ResetInterval = 'day' | 'week' | 'month' | 'all';

/** What happens when no eligible agent is open right now. */
export type AfterHoursMode = 'waitForNextOpen' | 'onCall' | 'leaveUnassigned';

/** One routing rule after the node evaluated its conditions on the lead. */
export interface MatchRule {
	name: string;
	/** Whether the rule's conditions hold for this lead (the node evaluates n8n filter conditions). */
	matches: boolean;
	/** The pool: explicit agent ids, or everyone with a skill (both: the union). */
	agentIds?: string[];
	skill?: string;
}

export interface LearnedOptions {
	/** Share of leads (0-100) routed by round robin at random, to measure lift honestly. */
	holdoutPercent: number;
	/**
	 * Prior strength, in outcomes, of the team's product and product x channel rates (agent levels
	 * and states shrink by levelSpreads instead: see cellPosterior).
	 */
	priorStrength: number;
	/**
	 * Outcomes the learner needs before it trusts its own estimates as much as round robin: with
	 * n outcomes it follows its estimates with probability n^2 / (n^2 + confidenceOutcomes^2).
	 */
	confidenceOutcomes: number;
	/**
	 * How fast exploration fades: with n outcomes, Thompson draws come from the posteriors
	 * sharpened by 1 + n / explorationOutcomes (see explorationSharpening).
	 */
	explorationOutcomes: number;
	/** An agent may take at most (1 + band) times their weighted share of the interval's leads. */
	fairnessBand: number;
	/**
	 * How much better an agent above their weighted share must be estimated to get the lead, as a
	 * share of the lead's average estimate among the candidates: nothing at their share, rising to
	 * this at the band's ceiling (see bandFill in learned/fairnessBand.ts).
	 */
	fairnessMargin: number;
	/**
	 * Cold-start guard: while History has fewer than 4 x confidenceOutcomes outcomes, the learner
	 * takes a lead from round robin's pick only when, on History's own evidence, its pick closes
	 * better with at least this probability (0 turns the guard off).
	 */
	switchConfidence: number;
	/** Monte Carlo draws used to estimate a Thompson pick's propensity. */
	propensityDraws: number;
	/**
	 * Whether a random forest, trained once History has `forestMinOutcomes` outcomes, sets each
	 * cell's prior mean (it generalises across cells; below that the hierarchy decides alone).
	 */
	forest: boolean;
	forestMinOutcomes: number;
	/**
	 * Weight, in outcomes, of the forest's estimate against the hierarchy's (at full trust): it sets
	 * cells History knows little of and barely moves those it knows well. 20: with each level shrunk
	 * by its spread, any more weight made the estimates worse on the simulator, whose leads carry
	 * nothing the hierarchy does not see (BENCHMARKS.md, session 5).
	 */
	forestPriorStrength: number;
	/** Outcomes at which the forest's weight reaches half of forestPriorStrength. */
	forestRampOutcomes: number;
	/** How much each agent level's close rates spread around the level above (learned/posterior.ts). */
	levelSpreads: LevelSpreads;
}

export type RoundRobinDistribution = 'spread' | 'exact';

export interface StickyOptions {
	enabled: boolean;
	/** How far back an earlier assignment of the same person or account counts, in days. */
	windowDays: number;
}

export interface MatchOptions {
	strategy: MatchStrategy;
	resetInterval: ResetInterval;
	/** Bounded lead: nobody more than this many assignments ahead of the least-assigned agent. */
	maxLead: number;
	/** Whether new or returning agents start at the team's average instead of zero. */
	calibrate: boolean;
	/**
	 * How round robin picks from its standings. `exact`: always the most-owed agent, so leads
	 * routed one after another follow the weighted shares exactly; but executions that overlap read
	 * the same history and would all pick that same agent. `spread` (default): a draw, seeded by the
	 * lead id, where each agent's chance is their share of the deficit once this lead is counted, so
	 * overlapping executions spread like the target shares while sequential ones still self-correct.
	 */
	distribution: RoundRobinDistribution;
	afterHours: AfterHoursMode;
	sticky: StickyOptions;
	rules: MatchRule[];
	/** Pool used when no rule matches; empty means every eligible agent. */
	fallbackAgentIds: string[];
	learned: LearnedOptions;
	/** Seed mixed into every draw, so a whole run can be replayed. */
	seed: number;
}

export const DEFAULT_LEARNED_OPTIONS: LearnedOptions = {
	holdoutPercent: 10,
	priorStrength: 8,
	confidenceOutcomes: 150,
	explorationOutcomes: 50,
	fairnessBand: 1,
	fairnessMargin: 0.8,
	switchConfidence: 0.8,
	propensityDraws: 200,
	forest: true,
	forestMinOutcomes: 200,
	forestPriorStrength: 20,
	forestRampOutcomes: 1000,
	levelSpreads: DEFAULT_LEVEL_SPREADS,
};

export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
	strategy: 'roundRobin',
	resetInterval: 'month',
	maxLead: 3,
	calibrate: true,
	distribution: 'spread',
	afterHours: 'waitForNextOpen',
	sticky: { enabled: true, windowDays: 30 },
	rules: [],
	fallbackAgentIds: [],
	learned: DEFAULT_LEARNED_OPTIONS,
	seed: 0,
};

export type MatchOptionsInput = Partial<Omit<MatchOptions, 'sticky' | 'learned'>> & {
	sticky?: Partial<StickyOptions>;
	learned?: Partial<LearnedOptions>;
};

export function resolveMatchOptions(input: MatchOptionsInput = {}): MatchOptions {
	return {
		...DEFAULT_MATCH_OPTIONS,
		...input,
		sticky: { ...DEFAULT_MATCH_OPTIONS.sticky, ...(input.sticky ?? {}) },
		learned: { ...DEFAULT_LEARNED_OPTIONS, ...(input.learned ?? {}) },
	};
}

/** Start of the round-robin window that contains `now` (UTC calendar; weeks start on Monday). */
export function intervalStart(interval: ResetInterval, now: Date): Date {
	const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
	if (interval === 'day') return start;
	if (interval === 'week') {
		const daysSinceMonday = (start.getUTCDay() + 6) % 7;
		return new Date(start.getTime() - daysSinceMonday * 86_400_000);
	}
	if (interval === 'month') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
	return new Date(0);
}
