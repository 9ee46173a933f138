/**
 * A scenario from a JSON file (`npm run simulate -- --scenario my-team.json`): any subset of
 * ScenarioConfig over the defaults, so a user can describe their own products, channels, states
 * and team without editing code. Anything that would make the world meaningless is refused with
 * the field named.
 */
import { readFileSync } from 'node:fs';

import { isPlainObject } from '../../engine/coerce';
import type { ScenarioConfig } from './scenario';
import { DEFAULT_SCENARIO } from './scenario';

function rates(field: string, value: unknown, check: (rate: number) => boolean, expected: string): Record<string, number> {
	if (!isPlainObject(value) || Object.keys(value).length === 0) throw new Error(`scenario.${field} must be an object like {"auto": 0.16}`);
	for (const [name, rate] of Object.entries(value)) {
		if (typeof rate !== 'number' || !check(rate)) throw new Error(`scenario.${field}.${name} must be ${expected}, got ${JSON.stringify(rate)}`);
	}
	return value as Record<string, number>;
}

function positiveNumber(field: string, value: unknown, integer = false): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
		throw new Error(`scenario.${field} must be a ${integer ? 'whole ' : ''}number of at least 0, got ${JSON.stringify(value)}`);
	}
	return value;
}

/** Reads a partial scenario (an object) over the defaults; throws naming the first bad field. */
export function scenarioFrom(input: unknown, base: ScenarioConfig = DEFAULT_SCENARIO): ScenarioConfig {
	if (!isPlainObject(input)) throw new Error('scenario must be a JSON object');
	const known = new Set(Object.keys(base));
	for (const key of Object.keys(input)) if (!known.has(key)) throw new Error(`scenario.${key} is not a setting (known: ${[...known].join(', ')})`);
	const config: ScenarioConfig = { ...base };
	if (input.products !== undefined) config.products = rates('products', input.products, (rate) => rate > 0 && rate < 1, 'a close rate between 0 and 1');
	if (input.channels !== undefined) config.channels = rates('channels', input.channels, (rate) => rate > 0, 'a multiplier above 0');
	if (input.states !== undefined) {
		if (!Array.isArray(input.states) || input.states.length === 0 || input.states.some((state) => typeof state !== 'string' || !/^[A-Z]{2}$/.test(state))) {
			throw new Error('scenario.states must be a list of two-letter state codes, like ["FL", "GA"]');
		}
		config.states = input.states as string[];
	}
	for (const field of ['seed', 'agents', 'leadsPerDay', 'days', 'perDayCap', 'outcomes'] as const) {
		if (input[field] !== undefined) config[field] = positiveNumber(field, input[field], true);
	}
	for (const field of ['skillSpread', 'interactionSpread', 'licenseCoverage'] as const) {
		if (input[field] !== undefined) config[field] = positiveNumber(field, input[field]);
	}
	if (config.licenseCoverage > 1) throw new Error('scenario.licenseCoverage must be at most 1');
	if (config.agents < 1) throw new Error('scenario.agents must be at least 1');
	if (input.outcomeDelayDays !== undefined) {
		const delay = input.outcomeDelayDays;
		if (!Array.isArray(delay) || delay.length !== 2 || delay.some((days) => typeof days !== 'number' || days < 0) || delay[0] > delay[1]) {
			throw new Error('scenario.outcomeDelayDays must be [fewest, most] days, like [1, 3]');
		}
		config.outcomeDelayDays = [delay[0], delay[1]];
	}
	if (input.briefCase !== undefined) {
		if (typeof input.briefCase !== 'boolean') throw new Error('scenario.briefCase must be true or false');
		config.briefCase = input.briefCase;
	}
	return config;
}

export function scenarioFromFile(path: string): ScenarioConfig {
	let parsed: unknown;
	try {
		parsed = JSON.parse(readFileSync(path, 'utf8'));
	} catch (error) {
		throw new Error(`could not read the scenario file ${path}: ${(error as Error).message}`);
	}
	return scenarioFrom(parsed);
}
