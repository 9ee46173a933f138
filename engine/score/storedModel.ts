/**
 * A trained conversion model as JSON, and back. Learned mode trains on every execution from the
 * history it is given, which costs 80-300 ms on a few thousand outcomes (BENCHMARKS.md, "Lead
 * Score"): too slow for a webhook that answers each lead in a second. So Lead Score's Train Model
 * operation outputs the model once (the nightly template stores it in the models Data Table) and
 * the routing templates score each lead with the stored one, which only reads ~100 weights.
 */
import { readStoredJson } from '../storedJson';
import { InputError } from '../types';
import type { ConversionModel } from './conversionModel';

export const STORED_MODEL_KIND = 'leadScoreModel';
const STORED_MODEL_VERSION = 1;

export interface StoredScoreModel {
	kind: typeof STORED_MODEL_KIND;
	version: typeof STORED_MODEL_VERSION;
	outcomes: number;
	wins: number;
	baseRate: number;
	intercept: number;
	/** Feature name ("product=bundle", "rulesScore") -> weight in log-odds. */
	weights: Record<string, number>;
	/** Minimum win probability for tiers A, B and C; null where the share is 0 (no lead reaches it). */
	tierCutoffs: { A: number | null; B: number | null; C: number | null };
}

/** JSON has no Infinity: a tier nobody reaches is stored as null. */
const cutoffToJson = (cutoff: number) => (Number.isFinite(cutoff) ? cutoff : null);

export function storeConversionModel(trained: ConversionModel): StoredScoreModel {
	return {
		kind: STORED_MODEL_KIND,
		version: STORED_MODEL_VERSION,
		outcomes: trained.outcomes,
		wins: trained.wins,
		baseRate: trained.baseRate,
		intercept: trained.model.intercept,
		weights: Object.fromEntries(trained.model.weights),
		tierCutoffs: { A: cutoffToJson(trained.tierCutoffs.A), B: cutoffToJson(trained.tierCutoffs.B), C: cutoffToJson(trained.tierCutoffs.C) },
	};
}

/** True for what a template passes when no model has been stored yet: nothing, '', "null". */
export function isNoStoredModel(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && ['', 'null'].includes(value.trim()));
}

/**
 * Whether `value` (an object or JSON text) is a Lead Score model. Lead Match asks: a routing
 * template imported before the models table held both kinds reads the newest row of any kind.
 */
export function isStoredScoreModel(value: unknown): boolean {
	try {
		const parsed = readStoredJson(value, 'model', '');
		return typeof parsed === 'object' && parsed !== null && (parsed as { kind?: unknown }).kind === STORED_MODEL_KIND;
	} catch {
		return false;
	}
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function readCutoff(value: unknown, tier: string, field: string): number {
	if (value === null) return Infinity;
	if (!isNumber(value) || value < 0 || value > 1) throw new InputError(`${field}.tierCutoffs.${tier}`, 'notAModel', 'must be a probability between 0 and 1 (train the model again)');
	return value;
}

/**
 * The model in `value` (the "model" output of Train Model, as an object or JSON text). Anything
 * else fails with an error naming `field`, rather than scoring leads with a half-read model.
 */
export function readStoredConversionModel(value: unknown, field = 'model'): ConversionModel {
	const candidate = readStoredJson(value, field, 'use the "model" output of Lead Score\'s Train Model operation') as Partial<StoredScoreModel> | null;
	if (!candidate || typeof candidate !== 'object' || candidate.kind !== STORED_MODEL_KIND) {
		throw new InputError(field, 'notAModel', 'is not a Lead Score model (expected the "model" output of Lead Score\'s Train Model operation)');
	}
	if (candidate.version !== STORED_MODEL_VERSION) {
		throw new InputError(`${field}.version`, 'notAModel', `is ${String(candidate.version)}; this version of Lead Score reads version ${STORED_MODEL_VERSION} (train the model again)`);
	}
	if (!isNumber(candidate.intercept)) throw new InputError(`${field}.intercept`, 'notAModel', 'must be a number (train the model again)');
	if (!candidate.weights || typeof candidate.weights !== 'object' || Array.isArray(candidate.weights)) {
		throw new InputError(`${field}.weights`, 'notAModel', 'must be an object of feature weights (train the model again)');
	}
	const weights = new Map<string, number>();
	for (const [name, weight] of Object.entries(candidate.weights)) {
		if (!isNumber(weight)) throw new InputError(`${field}.weights.${name}`, 'notAModel', 'must be a number (train the model again)');
		weights.set(name, weight);
	}
	const cutoffs = candidate.tierCutoffs;
	if (!cutoffs || typeof cutoffs !== 'object') throw new InputError(`${field}.tierCutoffs`, 'notAModel', 'is missing (train the model again)');
	const outcomes = isNumber(candidate.outcomes) ? candidate.outcomes : 0;
	const wins = isNumber(candidate.wins) ? candidate.wins : 0;
	return {
		model: { intercept: candidate.intercept, weights },
		outcomes,
		wins,
		baseRate: isNumber(candidate.baseRate) ? candidate.baseRate : outcomes > 0 ? wins / outcomes : 0,
		tierCutoffs: { A: readCutoff(cutoffs.A, 'A', field), B: readCutoff(cutoffs.B, 'B', field), C: readCutoff(cutoffs.C, 'C', field) },
	};
}
