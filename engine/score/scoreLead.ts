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

/** "value", "fields.premium" or "fields.annual_premium" -> the number there, or null. */
export function readLeadValue(lead: ScoringLead, path: string): number | null {
	let current: unknown = lead;
	for (const key of path.split('.').filter(Boolean)) {
		if (current === null || typeof current !== 'object') return null;
		current = (current as Record<string, unknown>)[key];
	}
	if (typeof current === 'number') return Number.isFinite(current) ? current : null;
	if (typeof current !== 'string' || current.trim() === '') return null;
	const number = Number(current.replace(/[$€£,\s]/g, ''));
	if (!Number.isFinite(number)) {
		throw new InputError(path, 'invalidValue', `is not a number: "${current.slice(0, 40)}"`);
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
