/**
 * The learned strategy's estimates: Beta posteriors per agent x segment and, once there is enough
 * history, a random forest whose prediction is blended into each cell's prior. A model is a pure
 * function of History, so it is cached by the history's fingerprint and rebuilt only when the
 * outcomes change. The tallies always count every outcome; the costly parts, the forest and the
 * skill estimates' base rates, learn from History's oldest outcomes up to a checkpoint
 * (forestTrainingCount, skillBaseCount), so they are redone only when History has grown
 * materially, not on every new outcome.
 */
import { readStoredJson } from '../../storedJson';
import { stableHash } from '../../hash';
import type { LruCache } from '../../lruCache';
import type { OutcomeRecord } from '../../types';
import { InputError } from '../../types';
import type { ForestEstimator, ForestOptions, SerializedForest } from './forest';
import { forestEstimator, forestProblem, trainForest, trainForestAsync, yieldToEventLoop } from './forest';
import type { LearningExample, Segment } from './outcomes';
import { learningExamples } from './outcomes';
import type { BetaPosterior, LevelSpreads, PosteriorTables } from './posterior';
import { addToTallies, cellPosterior, tallyOutcomes } from './posterior';
import { estimateSkillsInTurns, hasSkills, rememberSkills, skillsFor } from './skillGrid';
import { withoutOutcomes } from './tallies';

export interface LearnedModel {
	tables: PosteriorTables;
	forest: ForestEstimator | null;
	/** The forest as JSON (what Train Model outputs), when one was trained or loaded. */
	serializedForest: SerializedForest | null;
	/** Outcomes the model learned from: what the cold-start blend is driven by. */
	outcomes: number;
	fingerprint: string;
	/** Where this process trained the forest; absent when it trained none (or loaded a stored one). */
	forestTraining?: ForestTraining;
	/**
	 * The tallies as of the last skill checkpoint (skillBaseCount), which the skill estimates' base
	 * rates are fitted on; absent: `tables` themselves (a stored model, or History at a checkpoint).
	 */
	skillBase?: PosteriorTables;
}

/** How a model is built: whether to train a forest, from how many outcomes, with which settings. */
export interface ModelBuildOptions {
	forest: boolean;
	/** Below this many outcomes no forest is trained: the hierarchy alone (cold start) decides. */
	forestMinOutcomes: number;
	forestOptions?: Partial<ForestOptions>;
}

export const DEFAULT_BUILD_OPTIONS: ModelBuildOptions = { forest: false, forestMinOutcomes: 200 };

const exampleLine = (e: LearningExample) => `${e.leadId}|${e.agentId}|${e.won ? 1 : 0}|${e.at}|${e.product}|${e.channel}|${e.state}|${e.score ?? ''}`;

/** Identifies a history's outcomes (count + hash of the terminal events): same fingerprint, same model. */
export function historyFingerprint(examples: LearningExample[]): string {
	const lines = examples.map(exampleLine);
	lines.sort();
	return `${examples.length}:${stableHash(lines.join('\n'))}`;
}

/** The cache key of a model: the history's fingerprint plus whether a forest is part of it. */
export function modelKey(fingerprint: string, build: Pick<ModelBuildOptions, 'forest'>): string {
	return `${fingerprint}|${build.forest ? 'forest' : 'beta'}`;
}

const wantsForest = (examples: LearningExample[], build: ModelBuildOptions) => build.forest && examples.length >= build.forestMinOutcomes;

/** How much History must grow (as a share of what the forest learned from) before it is retrained. */
export const FOREST_RETRAIN_GROWTH = 0.1;

/**
 * How many outcomes the forest learns from when History has `outcomes`: the largest checkpoint of
 * the series minOutcomes, then each 10% (FOREST_RETRAIN_GROWTH) above the last, that History has
 * reached; 0 below minOutcomes. One new outcome almost never crosses a checkpoint, so the forest
 * (hundreds of milliseconds to seconds of training at thousands of outcomes) is retrained about
 * 40 times between 200 and 10,000 outcomes instead of on every execution after an outcome; the
 * forest is a prior the cells' own records outweigh, and 10% fewer outcomes barely move it.
 */
export function forestTrainingCount(outcomes: number, minOutcomes: number): number {
	const first = Math.max(1, Math.ceil(minOutcomes));
	if (outcomes < first) return 0;
	// count + ceil(count x growth), not ceil(count x 1.1): 200 x 1.1 is 220.00000000000003 in floating point.
	const after = (count: number) => count + Math.ceil(count * FOREST_RETRAIN_GROWTH);
	let count = first;
	while (after(count) <= outcomes) count = after(count);
	return count;
}

/**
 * The examples oldest first (by the time of the outcome, then lead id): the forest learns from a
 * prefix of this order, so the same History gives the same forest in any process and in any row order.
 */
export function inForestOrder(examples: LearningExample[]): LearningExample[] {
	return [...examples].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.leadId < b.leadId ? -1 : a.leadId > b.leadId ? 1 : 0));
}

/** Below this many outcomes the skill estimates' base rates are fitted on all of History every time. */
export const SKILL_BASE_MIN_OUTCOMES = 200;

/**
 * How many outcomes the skill estimates' base rates are fitted on when History has `outcomes`: the
 * forest's checkpoints (every 10% of growth) from SKILL_BASE_MIN_OUTCOMES, all of them below it.
 * Fitting the base rates refits every agent three times, over a second at 40 agents and 60 products
 * x channels; against fixed base rates a new outcome refits only the agent it belongs to. The base
 * rates are team-wide averages that 10% more outcomes barely move, and which checkpoint applies is a
 * function of History alone, so every worker and every process fits the same estimates.
 */
export function skillBaseCount(outcomes: number): number {
	return outcomes < SKILL_BASE_MIN_OUTCOMES ? outcomes : forestTrainingCount(outcomes, SKILL_BASE_MIN_OUTCOMES);
}

/** Examples in forest order (sorted only when a forest is trained) and how many of the first the forest learns from (0: no forest). */
interface ForestPlan {
	ordered: LearningExample[];
	forestRows: number;
}

function forestPlan(examples: LearningExample[], build: ModelBuildOptions): ForestPlan {
	if (!wantsForest(examples, build)) return { ordered: examples, forestRows: 0 };
	return { ordered: inForestOrder(examples), forestRows: forestTrainingCount(examples.length, build.forestMinOutcomes) };
}

/** The tallies as of the skill checkpoint: all of them less the outcomes since (the plan's order when it sorted them). */
function skillBaseTables(examples: LearningExample[], tables: PosteriorTables, plan: ForestPlan): PosteriorTables | undefined {
	const count = skillBaseCount(examples.length);
	if (count >= examples.length) return undefined;
	return withoutOutcomes(tables, (plan.forestRows > 0 ? plan.ordered : inForestOrder(examples)).slice(count));
}

/** The model of these examples, from the parts its builder took. */
function assemble(
	examples: LearningExample[],
	forest: SerializedForest | null,
	tables: PosteriorTables,
	fingerprint: string,
	skillBase: PosteriorTables | undefined,
): LearnedModel {
	const model: LearnedModel = { tables, forest: forest ? forestEstimator(forest) : null, serializedForest: forest, outcomes: examples.length, fingerprint };
	return skillBase ? { ...model, skillBase } : model;
}

/** Builds the model in one go (simulator, benches, tests). */
export function modelFromExamples(examples: LearningExample[], build: Partial<ModelBuildOptions> = {}): LearnedModel {
	const plan = forestPlan(examples, { ...DEFAULT_BUILD_OPTIONS, ...build });
	const tables = tallyOutcomes(examples);
	const forest = plan.forestRows > 0 ? trainForest(plan.ordered.slice(0, plan.forestRows), build.forestOptions) : null;
	return assemble(examples, forest, tables, historyFingerprint(examples), skillBaseTables(examples, tables, plan));
}

export function modelFromHistory(records: OutcomeRecord[], build: Partial<ModelBuildOptions> = {}): LearnedModel {
	return modelFromExamples(learningExamples(records), build);
}

/** Which thread trained a forest, and why not the worker when one was meant to. */
export interface ForestTraining {
	thread: 'worker' | 'main';
	/** Set when a worker was meant to train the forest but failed, so this thread trained it. */
	workerProblem?: string;
}

/**
 * A trainer's result: the forest and the tallies, taken alongside it because at 10,000-20,000
 * outcomes tallying is as long a block as a tree (60-170 ms measured on the loaded machine).
 */
export interface TrainedForest extends ForestTraining {
	forest: SerializedForest;
	tables: PosteriorTables;
}

/**
 * Trains the forest of an async build on the first `forestRows` examples (default all) and tallies
 * all of them: on this thread, or in a worker (forestWorker.ts).
 */
export type ForestTrainer = (examples: LearningExample[], options: Partial<ForestOptions>, forestRows?: number) => Promise<TrainedForest>;

/** Trains on this thread: the tallies in one event-loop turn, then one tree per turn. */
export function inThreadForestTrainer(pause: () => Promise<void> = yieldToEventLoop): ForestTrainer {
	return async (examples, options, forestRows = examples.length) => {
		const tables = tallyOutcomes(examples);
		await pause();
		return { forest: await trainForestAsync(examples.slice(0, forestRows), options, pause), tables, thread: 'main' };
	};
}

/** Builds the model giving the event loop a turn between forest trees. */
export function modelFromExamplesAsync(
	examples: LearningExample[],
	build: Partial<ModelBuildOptions> = {},
	pause: () => Promise<void> = yieldToEventLoop,
): Promise<LearnedModel> {
	return modelFromExamplesTrainedBy(examples, build, { trainer: inThreadForestTrainer(pause), pause });
}

/** How an async build trains its forest and takes its turns. */
export interface AsyncModelBuild {
	trainer: ForestTrainer;
	pause?: () => Promise<void>;
	/** The history's fingerprint when the caller already has it (the node keys its cache by it). */
	fingerprint?: string;
	/**
	 * Forests already trained, by forestKey: History that has grown since, but not past the next
	 * checkpoint, reuses its forest and only tallies again.
	 */
	forests?: LruCache<SerializedForest>;
}

/**
 * What a forest is a function of: the outcomes it learned from, in forest order, and its settings.
 * That order is already canonical (one example per lead), so unlike historyFingerprint the lines
 * need no sorting: at 20,000 outcomes the sort was most of a 45-75 ms block.
 */
export function forestKey(trainedOn: LearningExample[], options: Partial<ForestOptions> = {}): string {
	return `${trainedOn.length}:${stableHash(trainedOn.map(exampleLine).join('\n'))}|${JSON.stringify(options)}`;
}

/** Outcomes tallied a few thousand per event-loop turn (20,000 in one go blocked for 60-170 ms). */
const TALLY_ROWS_PER_TURN = 2500;

async function tallyInTurns(examples: LearningExample[], pause: () => Promise<void>): Promise<PosteriorTables> {
	const tables = tallyOutcomes([]);
	for (let start = 0; start < examples.length; start += TALLY_ROWS_PER_TURN) {
		if (start > 0) await pause();
		addToTallies(tables, examples.slice(start, start + TALLY_ROWS_PER_TURN));
	}
	return tables;
}

/**
 * Builds the model with the forest trained by `trainer` (the node's trainer prefers a worker
 * thread). Without a forest only the tallies are taken, on this thread. The fingerprint is tens of
 * milliseconds at 20,000 outcomes: reused when the caller has it, else taken in a turn of its own.
 */
export async function modelFromExamplesTrainedBy(examples: LearningExample[], build: Partial<ModelBuildOptions>, how: AsyncModelBuild): Promise<LearnedModel> {
	const settings = { ...DEFAULT_BUILD_OPTIONS, ...build };
	const forestOptions = settings.forestOptions ?? {};
	const pause = how.pause ?? yieldToEventLoop;
	// The caller has just read History (and fingerprinted it): the build starts on a turn of its own.
	await pause();
	const plan = forestPlan(examples, settings);
	const { ordered, forestRows } = plan;
	const forests = forestRows > 0 ? how.forests : undefined;
	let key = '';
	if (forests) {
		await pause();
		key = forestKey(ordered.slice(0, forestRows), forestOptions);
	}
	const known = forests?.get(key);
	const trained = forestRows > 0 && !known ? await how.trainer(ordered, forestOptions, forestRows) : null;
	if (trained) forests?.set(key, trained.forest);
	const tables = trained?.tables ?? (await tallyInTurns(examples, pause));
	let fingerprint = how.fingerprint;
	if (fingerprint === undefined) {
		await pause();
		fingerprint = historyFingerprint(examples);
	}
	// Sorting and untallying the outcomes since the skill checkpoint (under 10%) take a turn of their own.
	await pause();
	const skillBase = skillBaseTables(examples, tables, plan);
	const model = assemble(examples, trained?.forest ?? known ?? null, tables, fingerprint, skillBase);
	if (!trained) return model;
	const { thread, workerProblem } = trained;
	return { ...model, forestTraining: workerProblem === undefined ? { thread } : { thread, workerProblem } };
}

/**
 * Fits the model's skill estimates (skillGrid.ts) a few agents per event-loop turn, unless they are
 * known already. The node calls this before routing: otherwise the first lead would fit them on the
 * spot, which at tens of agents and products blocks n8n's main thread for a second or more.
 */
export async function prepareSkills(model: LearnedModel, spreads: LevelSpreads, pause: () => Promise<void> = yieldToEventLoop): Promise<void> {
	if (hasSkills(model.tables, spreads)) return;
	rememberSkills(model.tables, spreads, await estimateSkillsInTurns(model.tables, spreads, pause, model.skillBase));
}

export interface PriorStrengths {
	/** The hierarchy's prior strength, in outcomes. */
	priorStrength: number;
	/** The forest prior's weight k, in outcomes, at full trust (see cellPosterior). */
	forestPriorStrength: number;
	/**
	 * Outcomes at which the forest gets half of that strength: a forest trained on a few hundred
	 * noisy outcomes must not be trusted like one trained on thousands (measured: a full-strength
	 * forest at 200 outcomes trailed round robin by 2 points during the cold start).
	 */
	forestRampOutcomes: number;
	/** How much each agent level's rates spread around the level above (see LevelSpreads). */
	levelSpreads: LevelSpreads;
}

/** The forest prior's weight for a model learned from `outcomes` outcomes. */
export function forestStrength(strengths: PriorStrengths, outcomes: number): number {
	return (strengths.forestPriorStrength * outcomes) / (outcomes + Math.max(strengths.forestRampOutcomes, 0));
}

export function posteriorFor(model: LearnedModel, agentId: string, segment: Segment, score: number | null, strengths: PriorStrengths): BetaPosterior {
	const prior = model.forest?.predict({ agentId, ...segment, score });
	return cellPosterior(
		model.tables,
		agentId,
		segment,
		strengths.priorStrength,
		prior === null || prior === undefined ? undefined : { mean: prior, strength: forestStrength(strengths, model.outcomes) },
		strengths.levelSpreads,
		skillsFor(model.tables, strengths.levelSpreads, model.skillBase),
	);
}

/** What Train Model outputs and the Model option accepts: the tallies and the forest as plain JSON. */
export interface SerializedModel {
	kind: 'leadMatchModel';
	version: 2;
	outcomes: number;
	fingerprint: string;
	trainedOn: string;
	tables: PosteriorTables;
	/** Null when History had too few outcomes for a forest, or the forest was switched off. */
	forest: SerializedForest | null;
}

export function serializeModel(model: LearnedModel, trainedOn = new Date()): SerializedModel {
	return {
		kind: 'leadMatchModel',
		version: 2,
		outcomes: model.outcomes,
		fingerprint: model.fingerprint,
		trainedOn: trainedOn.toISOString(),
		tables: model.tables,
		forest: model.serializedForest,
	};
}

/** Reads a stored model (object or JSON string); anything else is an input error naming the field. */
export function loadModel(value: unknown, field = 'model'): LearnedModel {
	const candidate = readStoredJson(value, field, 'paste the "model" output of the Train Model operation') as (Omit<Partial<SerializedModel>, 'version'> & { version?: number }) | null;
	// Version 1 (tallies only) is still read: a model stored before the forest keeps working.
	if (!candidate || candidate.kind !== 'leadMatchModel' || (candidate.version !== 1 && candidate.version !== 2) || !candidate.tables || typeof candidate.tables.tallies !== 'object') {
		throw new InputError(field, 'notAModel', 'is not a Lead Match model (expected the output of Train Model)');
	}
	let forest: SerializedForest | null = null;
	if (candidate.version === 2 && candidate.forest !== null && candidate.forest !== undefined) {
		const problem = forestProblem(candidate.forest);
		if (problem) throw new InputError(`${field}.${problem}`, 'notAModel', 'is not a forest from Train Model (train the model again)');
		forest = candidate.forest;
	}
	return {
		tables: { tallies: candidate.tables.tallies, outcomes: Number(candidate.tables.outcomes) || 0, wins: Number(candidate.tables.wins) || 0 },
		forest: forest ? forestEstimator(forest) : null,
		serializedForest: forest,
		outcomes: Number(candidate.outcomes) || 0,
		fingerprint: String(candidate.fingerprint ?? ''),
	};
}
