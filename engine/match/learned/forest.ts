/**
 * A random forest (ml-random-forest) estimate of p(win | agent, product, channel, state, score),
 * blended into the prior of each agent x segment Beta posterior: it generalises across cells (an
 * agent strong in referral bundles in FL is probably strong in GA too) where a cell has few
 * outcomes of its own.
 *
 * Speed: ml-cart's split search is quadratic in the rows of a node, so the forest never sees raw
 * outcomes. Outcomes are aggregated into cells (one per agent x product x channel x state x score
 * bin), each cell one row whose target is its smoothed win rate, repeated by a small weight so
 * well-observed cells count more (ml-random-forest has no sample weights). Categories are single
 * ordinal columns coded by their smoothed win rate (target encoding, a standard trick for trees)
 * instead of dozens of one-hot columns. 10,000 outcomes become a few hundred rows.
 *
 * Event loop: the ensemble is trained one tree at a time (each a 1-tree forest with its own seed)
 * and the async path yields to the event loop between trees; predictions average the trees. The
 * node trains in a worker thread instead (forestWorker.ts) and uses the async path as its fallback.
 */
import { RandomForestRegression } from 'ml-random-forest';

import { seededRandom } from '../../random';
import type { LearningExample } from './outcomes';

export interface ForestRow {
	agentId: string;
	product: string;
	channel: string;
	state: string;
	score: number | null;
}

export interface ForestEstimator {
	/** Estimated p(win), or null when the forest has no opinion (an agent it never saw). */
	predict(row: ForestRow): number | null;
}

export interface ForestOptions {
	trees: number;
	/** Cap on training rows (cells after weighting), sampled with a seed beyond it. */
	maxRows: number;
	/** Rows each tree draws (with replacement): a tree's cost is quadratic in it, so it is capped. */
	rowsPerTree: number;
	maxDepth: number;
	minLeafRows: number;
	/** Pseudo-outcomes at the global rate added to every cell's target (smoothing). */
	smoothing: number;
	/** A cell is repeated once per this many outcomes (at least once, at most maxCopies). */
	outcomesPerCopy: number;
	maxCopies: number;
	seed: number;
}

export const DEFAULT_FOREST_OPTIONS: ForestOptions = {
	trees: 16,
	maxRows: 1200,
	rowsPerTree: 400,
	maxDepth: 10,
	minLeafRows: 3,
	smoothing: 2,
	outcomesPerCopy: 4,
	maxCopies: 6,
	seed: 1,
};

/** Ordinal code of each category: its smoothed win rate, so similar categories sit together. */
export interface ForestEncodings {
	agents: Record<string, number>;
	products: Record<string, number>;
	channels: Record<string, number>;
	states: Record<string, number>;
	/** Code for a product, channel or state the forest never saw: an average category. */
	globalRate: number;
}

/** What Train Model outputs inside the model: the trees and the encodings they were built on. */
export interface SerializedForest {
	kind: 'leadMatchForest';
	version: 2;
	encodings: ForestEncodings;
	/** Outcomes and training rows (cells after weighting) the forest learned from. */
	trainedOn: number;
	rows: number;
	/** One ml-random-forest JSON per tree: trained (and yielded between) one at a time. */
	trees: unknown[];
}

const SCORE_BINS = 10;
const scoreBin = (score: number | null) => (score === null ? -1 : Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(score / 10))));
const cellKey = (row: ForestRow) => `${row.agentId}|${row.product}|${row.channel}|${row.state}|${scoreBin(row.score)}`;
const round4 = (value: number) => Math.round(value * 1e4) / 1e4;

function encodingsOf(examples: LearningExample[], smoothing: number): ForestEncodings {
	const wins = examples.filter((e) => e.won).length;
	const globalRate = (wins + 1) / (examples.length + 2);
	const codes = (key: (e: LearningExample) => string) => {
		const tallies = new Map<string, { wins: number; total: number }>();
		for (const example of examples) {
			const tally = tallies.get(key(example)) ?? { wins: 0, total: 0 };
			tally.total++;
			if (example.won) tally.wins++;
			tallies.set(key(example), tally);
		}
		const sorted = [...tallies.keys()].sort();
		return Object.fromEntries(sorted.map((name) => {
			const tally = tallies.get(name)!;
			return [name, round4((tally.wins + smoothing * globalRate) / (tally.total + smoothing))];
		}));
	};
	return {
		agents: codes((e) => e.agentId),
		products: codes((e) => e.product),
		channels: codes((e) => e.channel),
		states: codes((e) => e.state),
		globalRate: round4(globalRate),
	};
}

/** The forest's feature vector: four ordinal category codes and the score bin (-1 when absent). */
export function featureRow(encodings: ForestEncodings, row: ForestRow): number[] {
	const code = (codes: Record<string, number>, name: string) => codes[name] ?? encodings.globalRate;
	return [
		code(encodings.agents, row.agentId),
		code(encodings.products, row.product),
		code(encodings.channels, row.channel),
		code(encodings.states, row.state),
		scoreBin(row.score),
	];
}

interface TrainingSet {
	features: number[][];
	targets: number[];
}

/** One row per cell (smoothed win rate), repeated by its weight, capped at maxRows (seeded). */
export function trainingSet(examples: LearningExample[], encodings: ForestEncodings, settings: ForestOptions): TrainingSet {
	const cells = new Map<string, { row: ForestRow; wins: number; total: number }>();
	for (const example of examples) {
		const key = cellKey(example);
		const cell = cells.get(key) ?? { row: example, wins: 0, total: 0 };
		cell.total++;
		if (example.won) cell.wins++;
		cells.set(key, cell);
	}
	const rows: Array<{ features: number[]; target: number }> = [];
	for (const key of [...cells.keys()].sort()) {
		const cell = cells.get(key)!;
		// Rounded so cells with (nearly) the same rate share a target: fewer split candidates.
		const target = Math.round(((cell.wins + settings.smoothing * encodings.globalRate) / (cell.total + settings.smoothing)) * 100) / 100;
		const copies = Math.min(settings.maxCopies, Math.max(1, Math.round(cell.total / settings.outcomesPerCopy)));
		const features = featureRow(encodings, cell.row);
		for (let copy = 0; copy < copies; copy++) rows.push({ features, target });
	}
	const sampled = sampleRows(rows, settings.maxRows, settings.seed);
	return { features: sampled.map((row) => row.features), targets: sampled.map((row) => row.target) };
}

function sampleRows<T>(rows: T[], limit: number, seed: number): T[] {
	if (rows.length <= limit) return rows;
	const random = seededRandom(seed);
	const copy = [...rows];
	for (let i = 0; i < limit; i++) {
		const j = i + Math.floor(random() * (copy.length - i));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy.slice(0, limit);
}

/**
 * One tree on a seeded bootstrap sample of the rows. The sample is sorted by target before ml-cart
 * sees it: ml-cart tries a split wherever two neighbours (sorted by a feature, ties kept in input
 * order) have different targets, and scores each over every row of the node. Sorted by target, the
 * copies of a cell sit together and add no candidates, so a node costs cells x rows, not rows^2.
 */
function trainTree(set: TrainingSet, settings: ForestOptions, index: number): unknown {
	const random = seededRandom((settings.seed * 7919 + index * 104729) | 0);
	const picked = Array.from({ length: Math.min(set.targets.length, settings.rowsPerTree) }, () => Math.floor(random() * set.targets.length));
	picked.sort((a, b) => set.targets[a] - set.targets[b] || a - b);
	const tree = new RandomForestRegression({
		nEstimators: 1,
		// Every tree sees every column (there are only five); the bootstrap makes the trees differ.
		maxFeatures: 1.0,
		replacement: false,
		useSampleBagging: false,
		noOOB: true,
		seed: settings.seed,
		treeOptions: { maxDepth: settings.maxDepth, minNumSamples: settings.minLeafRows },
	});
	tree.train(
		picked.map((row) => set.features[row]),
		picked.map((row) => set.targets[row]),
	);
	return compactTree(tree.toJSON());
}

interface TreeNodeJson {
	distribution?: number;
	splitValue?: number;
	splitColumn?: number;
	left?: TreeNodeJson;
	right?: TreeNodeJson;
}

/**
 * ml-cart repeats its options, gain and sample count in every node of its JSON; loading and
 * predicting only read a leaf's value or a split's column, value and children. Keeping just those
 * makes a stored model several times smaller (what a template writes to a Data Table or file).
 */
function compactNode(node: TreeNodeJson): TreeNodeJson {
	if (node.distribution !== undefined || !node.left || !node.right) return { distribution: Math.round(Number(node.distribution ?? 0) * 1e5) / 1e5 };
	return { splitValue: node.splitValue, splitColumn: node.splitColumn, left: compactNode(node.left), right: compactNode(node.right) };
}

function compactTree(json: unknown): unknown {
	const model = json as { baseModel?: { estimators?: Array<{ root?: TreeNodeJson }> } };
	for (const estimator of model.baseModel?.estimators ?? []) {
		if (estimator.root) estimator.root = compactNode(estimator.root);
	}
	return model;
}

/**
 * The training steps: one tree per step, so a caller can yield between them. The last value is
 * the finished forest. Sync and async training both drain this, so they train the same forest.
 */
function* trainingSteps(examples: LearningExample[], options: Partial<ForestOptions>): Generator<void, SerializedForest> {
	const settings = { ...DEFAULT_FOREST_OPTIONS, ...options };
	const encodings = encodingsOf(examples, settings.smoothing);
	const set = trainingSet(examples, encodings, settings);
	yield;
	const trees: unknown[] = [];
	for (let index = 0; index < settings.trees; index++) {
		trees.push(trainTree(set, settings, index));
		if (index < settings.trees - 1) yield;
	}
	return { kind: 'leadMatchForest', version: 2, encodings, trainedOn: examples.length, rows: set.targets.length, trees };
}

/** Trains in one go: for the simulator and benches, which have no event loop to keep free. */
export function trainForest(examples: LearningExample[], options: Partial<ForestOptions> = {}): SerializedForest {
	const steps = trainingSteps(examples, options);
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Trains one tree at a time, giving the event loop a turn between trees (what the node uses). */
export async function trainForestAsync(
	examples: LearningExample[],
	options: Partial<ForestOptions> = {},
	pause: () => Promise<void> = yieldToEventLoop,
): Promise<SerializedForest> {
	const steps = trainingSteps(examples, options);
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
		await pause();
	}
}

/** A usable estimator from a trained (or stored and reloaded) forest: the mean of its trees. */
export function forestEstimator(serialized: SerializedForest): ForestEstimator {
	const trees = serialized.trees.map((tree) => RandomForestRegression.load(tree as never));
	const cache = new Map<string, number>();
	return {
		predict(row) {
			// An agent the forest never saw gets no forest opinion: the hierarchy decides.
			if (serialized.encodings.agents[row.agentId] === undefined) return null;
			const key = cellKey(row);
			let value = cache.get(key);
			if (value === undefined) {
				const features = [featureRow(serialized.encodings, row)];
				value = trees.reduce((sum, tree) => sum + tree.predict(features)[0], 0) / trees.length;
				cache.set(key, value);
			}
			return value;
		},
	};
}

/** Which field of a stored forest is wrong, or null when it is usable. */
export function forestProblem(value: unknown): string | null {
	const forest = value as Partial<SerializedForest> | null;
	if (!forest || typeof forest !== 'object') return 'forest';
	if (forest.kind !== 'leadMatchForest' || forest.version !== 2) return 'forest.kind';
	const encodings = forest.encodings as Partial<ForestEncodings> | undefined;
	if (!encodings || typeof encodings !== 'object') return 'forest.encodings';
	for (const field of ['agents', 'products', 'channels', 'states'] as const) {
		const codes = encodings[field];
		if (!codes || typeof codes !== 'object' || Object.values(codes).some((code) => typeof code !== 'number')) return `forest.encodings.${field}`;
	}
	if (typeof encodings.globalRate !== 'number') return 'forest.encodings.globalRate';
	if (!Array.isArray(forest.trees) || forest.trees.length === 0) return 'forest.trees';
	for (const tree of forest.trees) {
		try {
			RandomForestRegression.load(tree as never);
		} catch {
			return 'forest.trees';
		}
	}
	return null;
}
