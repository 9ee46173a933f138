/**
 * Lead Score's decision for one lead: rules or learned mode, tier, priority, SLA and (optionally)
 * expected value, with every reason. Learned mode takes a model trained once per execution
 * (trainConversionModel) and falls back to the rules, with the reason, when there is none.
 */
import type { Score } from '../types';
import { InputError } from '../types';
import type { TrainingResult } from './conversionModel';
import { scoreWithModel } from './conversionModel';
import type { ScoringLead } from './defaultRules';
import { scoreByRules, type RulesOptions } from './scoreByRules';
import {
	DEFAULT_TIER_SLA_MINUTES,
	DEFAULT_TIER_THRESHOLDS,
	TIER_PRIORITY,
	tierFor,
	type TierSla,
	type TierThresholds,
} from './tiers';

export type ScoreMode = 'rules' | 'learned';

export interface ScoreOptions extends RulesOptions {
	mode?: ScoreMode;
	thresholds?: TierThresholds;
	slaMinutes?: TierSla;
	/** Learned mode: the result of trainConversionModel on the history input. */
	training?: TrainingResult;
	/** How many learned factors to list. Default 3. */
	topFactors?: number;
	/** Add `expectedValue` = win probability x the lead's value. */
	expectedValue?: boolean;
	/** Where the value is, as a dot path in the lead. Default "value". */
	valueField?: string;
}

/** One step of a Value Field path: a bare name (may join its neighbours) or a quoted `["a.b"]` key. */
interface PathStep {
	key: string;
	exact: boolean;
}

const PATH_STEP = /\[\s*(['"])(.*?)\1\s*\]|\[\s*(\d+)\s*\]|([^.[\]]+)/g;

function pathSteps(path: string): PathStep[] {
	return [...path.matchAll(PATH_STEP)].map((match) =>
		match[2] !== undefined ? { key: match[2], exact: true } : { key: (match[3] ?? match[4]).trim(), exact: match[3] !== undefined },
	).filter((step) => step.exact || step.key !== '');
}

/**
 * What is at `path` in the lead, or undefined. Lead Normalize keeps nested answers under dotted
 * keys in `fields` (`fields["CurrentPolicy.Premium"]`), so a dot may be part of a key: at each step
 * the longest run of remaining names that is a key wins ("fields.CurrentPolicy.Premium" reaches
 * it too). A quoted bracket key is taken whole.
 */
function valueAt(lead: ScoringLead, path: string): unknown {
	const steps = pathSteps(path);
	let current: unknown = lead;
	for (let index = 0; index < steps.length; ) {
		if (current === null || typeof current !== 'object') return undefined;
		const object = current as Record<string, unknown>;
		let last = index;
		if (!steps[index].exact) while (last + 1 < steps.length && !steps[last + 1].exact) last++;
		let found = false;
		for (let end = last; end >= index; end--) {
			const key = steps.slice(index, end + 1).map((step) => step.key).join('.');
			if (Object.prototype.hasOwnProperty.call(object, key)) {
				current = object[key];
				index = end + 1;
				found = true;
				break;
			}
		}
		if (!found) return undefined;
	}
	return current;
}

/**
 * "value", "fields.premium" or "fields.annual_premium" -> the number there, or null when nothing
 * is there. A value that is there but is not a number (true, an object, "n/a") fails the item:
 * an expected value silently missing would rank the lead as if it were worth nothing.
 */
export function readLeadValue(lead: ScoringLead, path: string): number | null {
	const current = valueAt(lead, path);
	if (current === undefined || current === null || (typeof current === 'string' && current.trim() === '')) return null;
	const number = typeof current === 'number' ? current : typeof current === 'string' ? Number(current.replace(/[$€£,\s]/g, '')) : NaN;
	if (!Number.isFinite(number)) {
		const shown = typeof current === 'string' ? `"${current.slice(0, 40)}"` : typeof current === 'object' ? JSON.stringify(current).slice(0, 40) : String(current);
		throw new InputError(path, 'invalidValue', `is not a number: ${shown}`);
	}
	return number;
}

export function scoreLead(lead: ScoringLead, options: ScoreOptions): Score {
	const rules = scoreByRules(lead, options);
	const thresholds = options.thresholds ?? DEFAULT_TIER_THRESHOLDS;
	const sla = options.slaMinutes ?? DEFAULT_TIER_SLA_MINUTES;
	let score: Score;
	const trained = options.mode === 'learned' ? options.training?.model : null;
	if (trained) {
		const learned = scoreWithModel(lead, rules.value, trained, options.topFactors);
		const probability = Math.round(learned.probability * 10000) / 10000;
		score = {
			value: Math.round(probability * 100),
			tier: learned.tier,
			priority: TIER_PRIORITY[learned.tier],
			slaMinutes: sla[learned.tier],
			reasons: learned.reasons,
			mode: 'learned',
			probability,
			rulesValue: rules.value,
		};
	} else {
		const tier = tierFor(rules.value, thresholds);
		score = {
			value: rules.value,
			tier,
			priority: TIER_PRIORITY[tier],
			slaMinutes: sla[tier],
			reasons: [...rules.reasons],
			mode: 'rules',
		};
		if (options.mode === 'learned') {
			score.reasons.push(
				options.training?.fallback ?? { rule: 'learnedFallback', points: 0, message: 'Scored by rules: no outcome history was given' },
			);
		}
	}
	if (options.expectedValue) {
		const value = readLeadValue(lead, options.valueField || 'value');
		if (value === null) {
			score.reasons.push({ rule: 'expectedValueMissing', points: 0, message: `No value at "${options.valueField || 'value'}", so no expected value` });
		} else {
			// Rules mode has no probability: the score out of 100 stands in for one.
			const probability = score.probability ?? score.value / 100;
			score.expectedValue = Math.round(probability * value * 100) / 100;
		}
	}
	return score;
}
