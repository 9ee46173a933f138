/**
 * Reason codes Lead Match emits. Stable camelCase strings (docs/reason-codes.md); messages are
 * for people, codes are for filters and dashboards.
 */
import type { Reason } from '../types';

export const MATCH_REASON = {
	notEligible: 'notEligible',
	eligibilityNotClear: 'eligibilityNotClear',
	notInRoster: 'notInRoster',
	noEligibleAgents: 'noEligibleAgents',
	noAvailableAgents: 'noAvailableAgents',
	stickyOwner: 'stickyOwner',
	stickyOwnerUnavailable: 'stickyOwnerUnavailable',
	largestShortfall: 'largestShortfall',
	behindOnShortfall: 'behindOnShortfall',
	aheadByMaxLead: 'aheadByMaxLead',
	calibrated: 'calibrated',
	ruleMatched: 'ruleMatched',
	fallbackPool: 'fallbackPool',
	notInRulePool: 'notInRulePool',
	emptyRulePool: 'emptyRulePool',
	highestExpectedValue: 'highestExpectedValue',
	lowerExpectedValue: 'lowerExpectedValue',
	coldStartRoundRobin: 'coldStartRoundRobin',
	holdout: 'holdout',
	overFairnessBand: 'overFairnessBand',
	waitingForNextOpen: 'waitingForNextOpen',
	opensLater: 'opensLater',
	onCall: 'onCall',
	notOnCall: 'notOnCall',
	alreadyAssigned: 'alreadyAssigned',
	releasedThisLead: 'releasedThisLead',
} as const;

export function reason(code: string, message: string): Reason {
	return { code, message };
}

/** How a reason is written into `assignment.reasons` (strings, so they read well in any CRM). */
export function reasonText(entry: Reason, agentId?: string): string {
	return agentId ? `${entry.code} (${agentId}): ${entry.message}` : `${entry.code}: ${entry.message}`;
}

export function round(value: number, digits = 3): number {
	const scale = 10 ** digits;
	return Math.round(value * scale) / scale;
}
