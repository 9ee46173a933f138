/**
 * A random forest (ml-random-forest) estimate of p(win | lead segment, agent), used as the prior
 * mean of each agent x segment Beta posterior: it generalises across cells (an agent strong in
 * referral bundles in FL is probably strong in GA too) where a cell has few outcomes of its own.
 *
 * Speed: ml-cart's split search grows with the distinct values of a feature times the rows of a
 * node, so every feature is binned: categories one-hot (two values each), the lead score in ten
 * bins. Rows are subsampled (seeded) to at most `maxRows`; a few deeper trees beat many shallow
 * ones at the same cost (bench/match/train.ts).
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
	predict(row: ForestRow): number | null;
}

export interface ForestOptions {
	trees: number;
	maxRows: number;
	maxDepth: number;
	minLeafRows: number;
	seed: number;
}

export const DEFAULT_FOREST_OPTIONS: ForestOptions = { trees: 24, maxRows: 1500, maxDepth: 8, minLeafRows: 3, seed: 1 };

/** The forest and the vocabulary its one-hot columns were built from: what Train Model outputs. */
export interface SerializedForest {
	kind: 'leadMatchForest';
	version: 1;
	vocabulary: { agents: string[]; products: string[]; channels: string[]; states: string[] };
	trainedOn: number;
	forest: unknown;
}

type Vocabulary = SerializedForest['vocabulary'];

function vocabularyOf(examples: LearningExample[]): Vocabulary {
	const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
	return {
		agents: sorted(examples.map((e) => e.agentId)),
		products: sorted(examples.map((e) => e.product)),
		channels: sorted(examples.map((e) => e.channel)),
		states: sorted(examples.map((e) => e.state)),
	};
}

/** One-hot categories plus the score in ten bins (-1 when absent). */
export function featureRow(vocabulary: Vocabulary, row: ForestRow): number[] {
	const oneHot = (values: string[], value: string) => values.map((known) => (known === value ? 1 : 0));
	const scoreBin = row.score === null ? -1 : Math.min(9, Math.max(0, Math.floor(row.score / 10)));
	return [
		...oneHot(vocabulary.agents, row.agentId),
		...oneHot(vocabulary.products, row.product),
		...oneHot(vocabulary.channels, row.channel),
		...oneHot(vocabulary.states, row.state),
		scoreBin,
	];
}

/**
 * Every feature is categorical or binned, so examples with the same features are one bin: train on
 * each bin's win rate, repeated in proportion to its outcomes (one row per `OUTCOMES_PER_ROW`).
 * 10,000 outcomes become a few hundred rows, which is what keeps the quadratic split search fast.
 */
const OUTCOMES_PER_ROW = 10;
function binnedRows(examples: LearningExample[]): Array<ForestRow & { rate: number }> {
	const bins = new Map<string, { row: ForestRow; wins: number; total: number }>();
	for (const example of examples) {
		const scoreBin = example.score === null ? null : Math.min(9, Math.max(0, Math.floor(example.score / 10))) * 10;
		const key = `${example.agentId}|${example.product}|${example.channel}|${example.state}|${scoreBin ?? ''}`;
		const bin = bins.get(key) ?? { row: { agentId: example.agentId, product: example.product, channel: example.channel, state: example.state, score: scoreBin }, wins: 0, total: 0 };
		bin.total++;
		if (example.won) bin.wins++;
		bins.set(key, bin);
	}
	const rows: Array<ForestRow & { rate: number }> = [];
	for (const bin of [...bins.values()].sort((a, b) => (a.row.agentId + a.row.product + a.row.channel + a.row.state).localeCompare(b.row.agentId + b.row.product + b.row.channel + b.row.state))) {
		const copies = Math.max(1, Math.round(bin.total / OUTCOMES_PER_ROW));
		for (let i = 0; i < copies; i++) rows.push({ ...bin.row, rate: bin.wins / bin.total });
	}
	return rows;
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

export function trainForest(examples: LearningExample[], options: Partial<ForestOptions> = {}): SerializedForest {
	const settings = { ...DEFAULT_FOREST_OPTIONS, ...options };
	const vocabulary = vocabularyOf(examples);
	const rows = sampleRows(binnedRows(examples), settings.maxRows, settings.seed);
	const forest = new RandomForestRegression({
		nEstimators: settings.trees,
		maxFeatures: 0.8,
		replacement: true,
		useSampleBagging: true,
		noOOB: true,
		seed: settings.seed,
		treeOptions: { maxDepth: settings.maxDepth, minNumSamples: settings.minLeafRows },
	});
	forest.train(
		rows.map((row) => featureRow(vocabulary, row)),
		rows.map((row) => row.rate),
	);
	return { kind: 'leadMatchForest', version: 1, vocabulary, trainedOn: examples.length, forest: forest.toJSON() };
}

/** A usable estimator from a trained (or stored and reloaded) forest. */
export function forestEstimator(serialized: SerializedForest): ForestEstimator {
	const forest = RandomForestRegression.load(serialized.forest as never);
	const known = new Set(serialized.vocabulary.agents);
	const cache = new Map<string, number>();
	return {
		predict(row) {
			// An agent the forest never saw gets no forest opinion: the hierarchy decides.
			if (!known.has(row.agentId)) return null;
			const key = `${row.agentId}|${row.product}|${row.channel}|${row.state}|${row.score ?? ''}`;
			let value = cache.get(key);
			if (value === undefined) {
				value = forest.predict([featureRow(serialized.vocabulary, row)])[0];
				cache.set(key, value);
			}
			return value;
		},
	};
}

export function isSerializedForest(value: unknown): value is SerializedForest {
	return !!value && typeof value === 'object' && (value as SerializedForest).kind === 'leadMatchForest' && !!(value as SerializedForest).forest;
}
