/**
 * The rule waterfall: ordered rules, the first whose conditions hold picks the pool, a fallback
 * pool catches the rest. Conditions are evaluated by the node (n8n filter conditions); the engine
 * only sees whether each rule matched. Inside the pool, round robin decides.
 */
import type { Agent, Reason } from '../types';
import type { MatchRule } from './options';
import { MATCH_REASON, reason } from './reasons';

export interface RulePool {
	/** The eligible agents in the chosen pool. */
	pool: Agent[];
	ruleName: string | null;
	reasons: Reason[];
}

function inPool(agent: Agent, rule: Pick<MatchRule, 'agentIds' | 'skill'>): boolean {
	if (rule.agentIds?.includes(agent.id)) return true;
	const skill = rule.skill?.trim().toLowerCase();
	return !!skill && agent.skills.some((own) => own.toLowerCase() === skill);
}

export function firstMatchingRule(rules: MatchRule[], eligible: Agent[], fallbackAgentIds: string[]): RulePool {
	const reasons: Reason[] = [];
	for (const rule of rules) {
		if (!rule.matches) continue;
		const pool = eligible.filter((agent) => inPool(agent, rule));
		if (pool.length > 0) {
			return { pool, ruleName: rule.name, reasons: [reason(MATCH_REASON.ruleMatched, `rule "${rule.name}" matched`)] };
		}
		reasons.push(reason(MATCH_REASON.emptyRulePool, `rule "${rule.name}" matched but nobody eligible is in its pool`));
		break;
	}
	const pool = fallbackAgentIds.length
		? eligible.filter((agent) => fallbackAgentIds.includes(agent.id))
		: eligible;
	reasons.push(reason(MATCH_REASON.fallbackPool, fallbackAgentIds.length ? 'no rule applied: fallback pool' : 'no rule applied: every eligible agent'));
	return { pool, ruleName: null, reasons };
}
