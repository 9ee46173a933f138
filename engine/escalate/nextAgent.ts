/**
 * Who gets the lead after the current agent declined or let it lapse: the best remaining agent in
 * the rank Lead Match recorded, re-checked now. A lead is never handed back to an agent who already
 * had it (they declined or let it expire once), and the rank is re-checked because minutes have
 * passed: shifts end, people go out of office, licenses are what License Check said they were.
 */
import { checkAvailability, type AvailabilityOptions } from '../availability';
import type { Agent, Assignment, ExcludedAgent, Reason, RankedAgent } from '../types';
import type { AttemptRecord } from './records';

export interface NextAgentInput {
	assignment: Assignment;
	/** Earlier attempts from the lead's escalation record: everyone in it already had the lead. */
	history: AttemptRecord[];
	/** License Check's eligible agents, already read from the lead; null when the lead has no result. */
	eligibleAgentIds: string[] | null;
	now: Date;
	/** The roster for availability; null when no roster was given (availability is then not re-checked). */
	roster: Agent[] | null;
	availability?: AvailabilityOptions;
	/**
	 * When no remaining ranked agent is open now: `waitForNextOpen` (default) offers the lead to the
	 * one who opens soonest (as Lead Match does with an after-hours lead), `fallback` gives up and
	 * lets the lead fall back.
	 */
	whenNobodyOpen?: 'waitForNextOpen' | 'fallback';
}

export interface NextAgentChoice {
	next: RankedAgent | null;
	agent: Agent | null;
	/** Set when the chosen agent is not open now: when they open (ISO), the offer's start. */
	opensAt?: string;
	skipped: ExcludedAgent[];
	reasons: Reason[];
}

/**
 * Everyone who already had the lead, in the order they had it, the current holder last. Both
 * records count: `previousAgentIds` can be lost by a store that drops a column, and the history can
 * be trimmed, so trusting either one alone could hand the lead back to someone who let it lapse.
 */
export function agentsWhoHadLead(assignment: Assignment, history: AttemptRecord[]): string[] {
	return [...new Set([...assignment.previousAgentIds, ...history.map((entry) => entry.agentId), assignment.agentId])];
}

/**
 * How far ahead the next agent's opening may be for the lead to wait for them: a long weekend
 * (a decline on Friday evening before a Monday holiday waits for Tuesday morning). Someone back
 * from two weeks away is no answer for a lead declined today; it falls back.
 */
export const WAIT_HORIZON_MS = 4 * 86_400_000;

export function chooseNextAgent(input: NextAgentInput): NextAgentChoice {
	const { assignment, now, roster } = input;
	const alreadyOffered = new Set(agentsWhoHadLead(assignment, input.history));
	const eligibleIds = input.eligibleAgentIds ? new Set(input.eligibleAgentIds) : null;
	const byId = roster ? new Map(roster.map((agent) => [agent.id, agent])) : null;
	const skipped: ExcludedAgent[] = [];
	const reasons: Reason[] = [];
	if (!eligibleIds) {
		reasons.push({
			code: 'eligibilityNotRechecked',
			message: 'the lead carries no License Check result: the rank is trusted as eligible',
		});
	}
	if (!byId) {
		reasons.push({ code: 'rosterNotProvided', message: 'no roster on the Agents input: availability was not re-checked' });
	}
	const seen = new Set<string>();
	// Ranked agents who may take the lead but are not open now, and when they open.
	const later: Array<{ ranked: RankedAgent; agent: Agent; opensAt: string; skippedAt: number }> = [];
	for (const ranked of assignment.rank ?? []) {
		if (!ranked || typeof ranked.agentId !== 'string' || seen.has(ranked.agentId)) continue;
		seen.add(ranked.agentId);
		const skip = (why: Reason[]) => skipped.push({ agentId: ranked.agentId, reasons: why });
		if (alreadyOffered.has(ranked.agentId)) {
			skip([{ code: 'previouslyOffered', message: `${ranked.agentId} already had this lead` }]);
			continue;
		}
		if (eligibleIds && !eligibleIds.has(ranked.agentId)) {
			skip([{ code: 'notEligible', message: `${ranked.agentId} is not among the lead's eligible agents` }]);
			continue;
		}
		let agent: Agent | null = null;
		if (byId) {
			agent = byId.get(ranked.agentId) ?? null;
			if (!agent) {
				skip([{ code: 'notInRoster', message: `${ranked.agentId} is not in the roster` }]);
				continue;
			}
			const availability = checkAvailability(agent, now, undefined, input.availability);
			if (!availability.available) {
				const opensAt = availability.nextAvailableAt;
				const tooFar = opensAt !== undefined && Date.parse(opensAt) - now.getTime() > WAIT_HORIZON_MS;
				if (opensAt && agent.active && !tooFar) later.push({ ranked, agent, opensAt, skippedAt: skipped.length });
				skip([
					{ code: 'unavailable', message: `${agent.name} is not available now` },
					...availability.reasons,
					...(tooFar ? [{ code: 'opensBeyondWaitHorizon', message: `${agent.name} opens only at ${opensAt}, more than ${WAIT_HORIZON_MS / 86_400_000} days away: the lead does not wait that long` }] : []),
				]);
				continue;
			}
		}
		reasons.push({
			code: 'nextInRank',
			message: `${agent?.name ?? ranked.agentName ?? ranked.agentId} is the best remaining ranked agent`,
		});
		return { next: ranked, agent, skipped, reasons };
	}
	if (later.length > 0 && (input.whenNobodyOpen ?? 'waitForNextOpen') === 'waitForNextOpen') {
		// Nobody is open (a decline at night, a lapse at closing time): the lead waits for the
		// ranked agent who opens first, the better ranked on a tie, rather than leaving the team.
		const soonest = later.reduce((best, entry) => (Date.parse(entry.opensAt) < Date.parse(best.opensAt) ? entry : best));
		skipped.splice(soonest.skippedAt, 1);
		reasons.push({
			code: 'nextOpensLater',
			message: `nobody ranked is open now; ${soonest.agent.name} opens first, at ${soonest.opensAt}, and the offer starts then`,
		});
		return { next: soonest.ranked, agent: soonest.agent, opensAt: soonest.opensAt, skipped, reasons };
	}
	reasons.push({ code: 'noAgentsLeft', message: 'no ranked agent is left who is eligible, available and new to this lead' });
	return { next: null, agent: null, skipped, reasons };
}
