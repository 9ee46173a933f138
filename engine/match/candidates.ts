/**
 * Who may take a lead at all: License Check's verdict when the lead carries one (only eligible
 * agents are ever candidates; fail closed when the verdict is "none" or "needs review"), else every
 * agent on the roster. Availability is checked afterwards, so skipped agents keep their reasons.
 */
import type { Agent, Lead, Reason } from '../types';
import { MATCH_REASON, reason } from './reasons';

export interface EligibleCandidates {
	eligible: Agent[];
	/** Agents who may not take this lead, with why. */
	excluded: Array<{ agentId: string; reasons: Reason[] }>;
	/** Lead-level reasons (e.g. the eligibility verdict was not "eligible"). */
	leadReasons: Reason[];
}

export function eligibleCandidates(lead: Pick<Lead, 'eligibility'>, agents: Agent[]): EligibleCandidates {
	const eligibility = lead.eligibility;
	if (!eligibility) return { eligible: agents, excluded: [], leadReasons: [] };
	// The block may be hand-built or stored (a Data Table row): keep only well-formed exclusions,
	// so a malformed `excluded` or `reasons` cannot crash the decision or be pushed to later.
	const excludedReasons = new Map(
		(Array.isArray(eligibility.excluded) ? eligibility.excluded : [])
			.filter((entry) => entry !== null && typeof entry === 'object' && Array.isArray(entry.reasons))
			.map((entry) => [entry.agentId, entry.reasons]),
	);
	if (eligibility.status !== 'eligible') {
		return {
			eligible: [],
			excluded: agents.map((agent) => ({
				agentId: agent.id,
				reasons: excludedReasons.get(agent.id) ?? [reason(MATCH_REASON.notEligible, 'not eligible for this lead')],
			})),
			leadReasons: [
				reason(MATCH_REASON.eligibilityNotClear, `License Check said "${eligibility.status}": nobody may take this lead yet`),
				...(Array.isArray(eligibility.reasons) ? eligibility.reasons : []),
			],
		};
	}
	const eligibleIds = new Set(eligibility.eligibleAgentIds);
	const eligible: Agent[] = [];
	const excluded: EligibleCandidates['excluded'] = [];
	for (const agent of agents) {
		if (eligibleIds.has(agent.id)) eligible.push(agent);
		else {
			excluded.push({
				agentId: agent.id,
				reasons: excludedReasons.get(agent.id) ?? [reason(MATCH_REASON.notEligible, 'not in the eligible list from License Check')],
			});
		}
	}
	const rosterIds = new Set(agents.map((agent) => agent.id));
	for (const agentId of eligibility.eligibleAgentIds) {
		if (!rosterIds.has(agentId)) {
			excluded.push({ agentId, reasons: [reason(MATCH_REASON.notInRoster, 'eligible but missing from the Agents input')] });
		}
	}
	return { eligible, excluded, leadReasons: [] };
}
