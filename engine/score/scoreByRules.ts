/**
 * Rules mode: the score is the sum of the points of every rule that fired (default rules plus the
 * user's own filter rules, already evaluated by the node), clamped to 0-100. Every fired rule is a
 * reason, so the score can always be explained line by line.
 */
import type { ScoreReason } from '../types';
import { DEFAULT_SCORE_RULES, type RuleContext, type ScoringLead } from './defaultRules';
import { clampScore } from './tiers';

/** A user rule after the node evaluated its filter conditions against the item. */
export interface EvaluatedRule {
	name: string;
	points: number;
	matched: boolean;
}

export interface RulesOptions {
	asOf: Date;
	/** Whether the built-in rules count. Default true. */
	useDefaultRules?: boolean;
	/** Default rules to leave out, by name. */
	disabledDefaultRules?: readonly string[];
	customRules?: readonly EvaluatedRule[];
	/** Urgency window for `policyExpiringSoon`, in days. Default 30. */
	urgencyDays?: number;
}

export interface RulesResult {
	value: number;
	/** The unclamped sum, for callers that want to see how far past 0 or 100 it went. */
	rawPoints: number;
	reasons: ScoreReason[];
}

export function scoreByRules(lead: ScoringLead, options: RulesOptions): RulesResult {
	const context: RuleContext = { asOf: options.asOf.getTime(), urgencyDays: options.urgencyDays ?? 30 };
	const reasons: ScoreReason[] = [];
	if (options.useDefaultRules !== false) {
		const disabled = new Set(options.disabledDefaultRules ?? []);
		for (const rule of DEFAULT_SCORE_RULES) {
			if (disabled.has(rule.name) || !rule.fires(lead, context)) continue;
			reasons.push({ rule: rule.name, points: rule.points, message: rule.description });
		}
	}
	for (const rule of options.customRules ?? []) {
		if (rule.matched) reasons.push({ rule: rule.name, points: rule.points });
	}
	const rawPoints = reasons.reduce((sum, reason) => sum + reason.points, 0);
	return { value: clampScore(rawPoints), rawPoints, reasons };
}
