/**
 * The learned strategy's estimates: Beta posteriors per agent x segment and, once there is enough
 * history, a random forest whose prediction becomes each cell's prior mean. A model is a pure
 * function of History, so it is cached by the history's fingerprint and rebuilt only when the
 * outcomes change.
 */
import { stableHash } from '../../hash';
import type { OutcomeRecord } from '../../types';
import { InputError } from '../../types';
import type { ForestEstimator } from './forest';
import type { LearningExample, Segment } from './outcomes';
import { learningExamples } from './outcomes';
import type { BetaPosterior, PosteriorTables } from './posterior';
import { cellPosterior, tallyOutcomes } from './posterior';

export interface LearnedModel {
	tables: PosteriorTables;
	forest: ForestEstimator | null;
	/** Outcomes the model learned from: what the cold-start blend is driven by. */
	outcomes: number;
	fingerprint: string;
}

/** Identifies a history's outcomes: same fingerprint, same model. */
export function historyFingerprint(examples: LearningExample[]): string {
	const lines = examples.map((e) => `${e.leadId}|${e.agentId}|${e.won ? 1 : 0}|${e.product}|${e.channel}|${e.state}|${e.score ?? ''}`);
	lines.sort();
	return `${examples.length}:${stableHash(lines.join('\n'))}`;
}

export function modelFromExamples(examples: LearningExample[], forest: ForestEstimator | null = null): LearnedModel {
	return { tables: tallyOutcomes(examples), forest, outcomes: examples.length, fingerprint: historyFingerprint(examples) };
}

export function modelFromHistory(records: OutcomeRecord[], forest: ForestEstimator | null = null): LearnedModel {
	return modelFromExamples(learningExamples(records), forest);
}

export function posteriorFor(
	model: LearnedModel,
	agentId: string,
	segment: Segment,
	score: number | null,
	strength: number,
): BetaPosterior {
	const prior = model.forest?.predict({ agentId, ...segment, score });
	return cellPosterior(model.tables, agentId, segment, strength, prior ?? undefined);
}

/** A small LRU of trained models keyed by history fingerprint: a miss only costs training time. */
export class ModelCache<T> {
	private readonly entries = new Map<string, T>();

	constructor(private readonly capacity = 8) {}

	get(key: string): T | undefined {
		const found = this.entries.get(key);
		if (found !== undefined) {
			this.entries.delete(key);
			this.entries.set(key, found);
		}
		return found;
	}

	set(key: string, value: T): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
	}

	get size(): number {
		return this.entries.size;
	}
}

/** What Train Model outputs and the Model option accepts: the learned tallies as plain JSON. */
export interface SerializedModel {
	kind: 'leadMatchModel';
	version: 1;
	outcomes: number;
	fingerprint: string;
	tables: PosteriorTables;
}

export function serializeModel(model: LearnedModel): SerializedModel {
	return { kind: 'leadMatchModel', version: 1, outcomes: model.outcomes, fingerprint: model.fingerprint, tables: model.tables };
}

/** Reads a stored model (object or JSON string); anything else is an input error naming the field. */
export function loadModel(value: unknown, field = 'model'): LearnedModel {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new InputError(field, 'notJson', 'is not valid JSON: paste the "model" output of the Train Model operation');
		}
	}
	const candidate = parsed as Partial<SerializedModel> | null;
	if (!candidate || candidate.kind !== 'leadMatchModel' || candidate.version !== 1 || !candidate.tables || typeof candidate.tables.tallies !== 'object') {
		throw new InputError(field, 'notAModel', 'is not a Lead Match model (expected the output of Train Model)');
	}
	return {
		tables: { tallies: candidate.tables.tallies, outcomes: Number(candidate.tables.outcomes) || 0, wins: Number(candidate.tables.wins) || 0 },
		forest: null,
		outcomes: Number(candidate.outcomes) || 0,
		fingerprint: String(candidate.fingerprint ?? ''),
	};
}
