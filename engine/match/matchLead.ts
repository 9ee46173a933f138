/**
 * One routing decision, step by step: eligible candidates -> the rule pool (Rules strategy) ->
 * sticky owner -> availability and caps -> the strategy's order (round robin or learned) -> or,
 * when nobody is open, the after-hours mode. Returns the decision with every candidate's verdict.
 */
import { checkAvailability } from '../availability';
import { seededRandom, seedFromString } from '../random';
import type { Agent, Assignment, Lead, RankedAgent, Reason } from '../types';
import { InputError } from '../types';
import { eligibleCandidates } from './candidates';
import { chooseLearned } from './learned/chooseLearned';
import type { LearnedModel } from './learned/model';
import type { MatchOptions } from './options';
import { MATCH_REASON, reason, reasonText } from './reasons';
import type { RoundRobinDraw, RoundRobinStanding } from './roundRobin';
import { explainRoundRobin, orderForDistribution, roundRobinStandings } from './roundRobin';
import { firstMatchingRule } from './rules';
import type { MatchState } from './state';
import { countsOf, recordAssignment } from './state';
import { stickyOwner } from './sticky';

/** The lead fields matching reads; the rest of the lead passes through untouched. */
export type MatchableLead = Pick<Lead, 'leadId'> &
	Partial<Pick<Lead, 'dedupeKey' | 'fields' | 'eligibility' | 'product' | 'state' | 'source' | 'value' | 'score'>>;

export interface CandidateVerdict {
	agentId: string;
	eligible: boolean;
	available: boolean;
	reasons: Reason[];
	nextAvailableAt?: string;
}

export interface Unassigned {
	reasons: Reason[];
	agents: Array<{ agentId: string; reasons: Reason[] }>;
	decidedAt: string;
}

export type MatchDecision =
	| { assigned: true; assignment: Assignment & { availableAt?: string }; candidates: CandidateVerdict[] }
	| { assigned: false; unassigned: Unassigned; candidates: CandidateVerdict[] };

export interface MatchContext {
	agents: Agent[];
	state: MatchState;
	options: MatchOptions;
	/** Trained estimates for the learned strategy; without one, learned behaves like round robin. */
	model?: LearnedModel | null;
}

interface StrategyPick {
	agent: Agent;
	strategy: string;
	propensity: number;
	reasons: Reason[];
	rank: RankedAgent[];
	holdout?: boolean;
	availableAt?: string;
}

export function validateLead(lead: unknown): MatchableLead {
	if (!lead || typeof lead !== 'object') throw new InputError('lead', 'notAnObject', 'is not a lead object');
	const { leadId } = lead as { leadId?: unknown };
	if (typeof leadId !== 'string' || !leadId.trim()) {
		throw new InputError('leadId', 'missing', 'is missing: run Lead Normalize first or map a lead id');
	}
	const eligibility = (lead as { eligibility?: unknown }).eligibility;
	if (eligibility !== undefined && eligibility !== null) {
		const ids = (eligibility as { eligibleAgentIds?: unknown }).eligibleAgentIds;
		if (typeof eligibility !== 'object' || !Array.isArray(ids)) {
			throw new InputError('eligibility.eligibleAgentIds', 'notAList', 'must be a list of agent ids (output of License Check)');
		}
	}
	return lead as MatchableLead;
}

function rankOf(standings: Array<{ agentId: string; agentName?: string; score?: number; reasons?: Reason[] }>): RankedAgent[] {
	return standings.map((entry) => ({
		agentId: entry.agentId,
		...(entry.agentName ? { agentName: entry.agentName } : {}),
		...(entry.score !== undefined ? { score: entry.score } : {}),
		reasons: (entry.reasons ?? []).map((item) => reasonText(item)),
	}));
}

/** Round robin's draw for this lead, seeded by the lead: replaying it against the same history replays the draw. */
function roundRobinDraw(lead: MatchableLead, standings: RoundRobinStanding[], options: MatchOptions): RoundRobinDraw {
	return orderForDistribution(standings, options.distribution, seededRandom(seedFromString(`${options.seed}:${lead.leadId}`)));
}

function roundRobinPick(
	lead: MatchableLead,
	available: Agent[],
	standings: RoundRobinStanding[],
	strategy: string,
	options: MatchOptions,
): StrategyPick {
	const { ordered, chances } = roundRobinDraw(lead, standings, options);
	const explained = explainRoundRobin(ordered);
	const winner = available.find((agent) => agent.id === explained[0].agentId)!;
	return {
		agent: winner,
		strategy,
		propensity: chances.get(explained[0].agentId) ?? 1,
		reasons: explained[0].reasons,
		rank: rankOf(explained.slice(1).map((entry) => ({ ...entry, score: entry.shortfall }))),
	};
}

/**
 * A lead that History (or this batch) already assigned: a vendor retry, a caller that timed out and
 * posted again, a replayed execution. It gets its recorded decision back and counts nothing again,
 * so replaying a lead id is safe.
 */
function replayedDecision(lead: MatchableLead, context: MatchContext): MatchDecision | null {
	const existing = context.state.assignedLeads.get(lead.leadId);
	if (!existing || existing.released) return null;
	// The recorded agent must still be allowed to take the lead as it arrives now: a redelivery that
	// differs (another state, eligibility now "needsReview") or an agent since made inactive is
	// routed afresh, never waved through. So is a lead its holder declined or let lapse.
	const agent = eligibleCandidates(lead, context.agents).eligible.find((candidate) => candidate.id === existing.agentId);
	if (!agent || !agent.active) return null;
	return {
		assigned: true,
		candidates: [],
		assignment: {
			agentId: existing.agentId,
			agentName: agent.name ?? null,
			strategy: existing.strategy ?? 'existing',
			rank: [],
			propensity: 1,
			reasons: [
				reasonText(
					reason(MATCH_REASON.alreadyAssigned, `lead ${lead.leadId} was assigned to ${existing.agentId} at ${existing.at}; returned as recorded, nothing routed twice`),
				),
			],
			decidedAt: existing.at,
			attempt: existing.attempt,
			previousAgentIds: [],
			replayed: true,
		},
	};
}

export function matchLead(leadInput: unknown, now: Date, context: MatchContext): MatchDecision {
	const lead = validateLead(leadInput);
	const replayed = replayedDecision(lead, context);
	if (replayed) return replayed;
	const { options, state } = context;
	const decidedAt = now.toISOString();
	const verdicts = new Map<string, CandidateVerdict>();
	const allowed = eligibleCandidates(lead, context.agents);
	const { excluded, leadReasons } = allowed;
	for (const entry of excluded) verdicts.set(entry.agentId, { agentId: entry.agentId, eligible: false, available: false, reasons: entry.reasons });
	// A lead routed again after someone declined it or let it lapse never goes back to them.
	const releasedBy = new Set(state.assignedLeads.get(lead.leadId)?.releasedBy ?? []);
	const eligible = allowed.eligible.filter((agent) => {
		if (!releasedBy.has(agent.id)) return true;
		verdicts.set(agent.id, {
			agentId: agent.id,
			eligible: false,
			available: false,
			reasons: [reason(MATCH_REASON.releasedThisLead, `declined lead ${lead.leadId} or let it lapse before; it never goes back to them`)],
		});
		return false;
	});

	// Rules strategy: the first matching rule narrows the pool; everyone outside it is skipped.
	let pool = eligible;
	const poolReasons: Reason[] = [];
	let ruleName: string | null = null;
	if (options.strategy === 'rules') {
		const chosen = firstMatchingRule(options.rules, eligible, options.fallbackAgentIds);
		pool = chosen.pool;
		ruleName = chosen.ruleName;
		poolReasons.push(...chosen.reasons);
		for (const agent of eligible) {
			if (!pool.includes(agent)) {
				verdicts.set(agent.id, {
					agentId: agent.id,
					eligible: true,
					available: false,
					reasons: [reason(MATCH_REASON.notInRulePool, ruleName ? `not in the pool of rule "${ruleName}"` : 'not in the fallback pool')],
				});
			}
		}
	}

	const available: Agent[] = [];
	for (const agent of pool) {
		const availability = checkAvailability(agent, now, countsOf(state, agent.id));
		verdicts.set(agent.id, {
			agentId: agent.id,
			eligible: true,
			available: availability.available,
			reasons: availability.reasons,
			...(availability.nextAvailableAt ? { nextAvailableAt: availability.nextAvailableAt } : {}),
		});
		if (availability.available) available.push(agent);
	}

	const strategyName = options.strategy === 'rules' && ruleName ? `rules:${ruleName}` : options.strategy;
	let pick: StrategyPick | null = null;
	if (options.sticky.enabled) pick = stickyPick(lead, now, context, pool, available, verdicts, strategyName);
	if (!pick && available.length > 0) pick = strategyPick(lead, now, context, available, strategyName);
	if (!pick && pool.length > 0) pick = afterHoursPick(lead, now, context, pool, verdicts, strategyName);

	const candidates = [...verdicts.values()];
	if (!pick) {
		const why =
			eligible.length === 0
				? reason(MATCH_REASON.noEligibleAgents, 'nobody on the roster may take this lead')
				: reason(MATCH_REASON.noAvailableAgents, 'no eligible agent is available (hours, out of office, caps)');
		return {
			assigned: false,
			candidates,
			unassigned: {
				reasons: [why, ...leadReasons, ...poolReasons],
				agents: candidates.map(({ agentId, reasons }) => ({ agentId, reasons })),
				decidedAt,
			},
		};
	}
	recordAssignment(state, pick.agent.id, lead, now, pick.strategy, pick.availableAt ? { from: new Date(pick.availableAt), zone: pick.agent.timezone } : undefined);
	const skipped = candidates.filter((verdict) => verdict.agentId !== pick!.agent.id && verdict.reasons.length > 0 && !verdict.available);
	const assignment: Assignment & { availableAt?: string } = {
		agentId: pick.agent.id,
		agentName: pick.agent.name ?? null,
		strategy: pick.strategy,
		rank: pick.rank,
		propensity: pick.propensity,
		reasons: [
			...poolReasons.map((item) => reasonText(item)),
			...pick.reasons.map((item) => reasonText(item, pick!.agent.id)),
			...skipped.flatMap((verdict) => verdict.reasons.map((item) => reasonText(item, verdict.agentId))),
		],
		decidedAt,
		attempt: 1,
		previousAgentIds: [],
		...(pick.holdout !== undefined ? { holdout: pick.holdout } : {}),
		...(pick.availableAt ? { availableAt: pick.availableAt } : {}),
	};
	return { assigned: true, assignment, candidates };
}

function stickyPick(
	lead: MatchableLead,
	now: Date,
	context: MatchContext,
	pool: Agent[],
	available: Agent[],
	verdicts: Map<string, CandidateVerdict>,
	strategyName: string,
): StrategyPick | null {
	const owner = stickyOwner({ dedupeKey: lead.dedupeKey ?? '', fields: lead.fields ?? {} }, context.state, now, context.options.sticky.windowDays);
	if (!owner) return null;
	const agent = available.find((candidate) => candidate.id === owner.agentId);
	if (!agent) {
		const verdict = verdicts.get(owner.agentId);
		const why = reason(
			MATCH_REASON.stickyOwnerUnavailable,
			`owns ${owner.key} since ${owner.at} but ${verdict?.eligible === false || !pool.some((a) => a.id === owner.agentId) ? 'may not take this lead' : 'is not available'}`,
		);
		if (verdict) verdict.reasons.push(why);
		else verdicts.set(owner.agentId, { agentId: owner.agentId, eligible: false, available: false, reasons: [why] });
		return null;
	}
	const others = roundRobinStandings(
		available.filter((candidate) => candidate.id !== agent.id),
		context.state,
		now,
		context.options,
	);
	return {
		agent,
		strategy: `${strategyName}+sticky`,
		propensity: 1,
		reasons: [reason(MATCH_REASON.stickyOwner, `already owns ${owner.key} (assigned ${owner.at})`)],
		rank: others.length ? rankOf(explainRoundRobin(others).map((entry) => ({ ...entry, score: entry.shortfall }))) : [],
	};
}

function strategyPick(lead: MatchableLead, now: Date, context: MatchContext, available: Agent[], strategyName: string): StrategyPick {
	const standings = roundRobinStandings(available, context.state, now, context.options);
	if (context.options.strategy !== 'learned') return roundRobinPick(lead, available, standings, strategyName, context.options);
	// The learner's round-robin share (cold start, holdout) follows the configured distribution too:
	// under `spread`, overlapping executions in the cold start must not all take the most-owed agent.
	const learned = chooseLearned(lead, available, standings, roundRobinDraw(lead, standings, context.options), context.model ?? null, context.options);
	const agent = available.find((candidate) => candidate.id === learned.agentId)!;
	return {
		agent,
		strategy: learned.holdout ? 'learned:holdout' : 'learned',
		propensity: learned.propensity,
		reasons: learned.reasons,
		rank: rankOf(learned.ranked.filter((entry) => entry.agentId !== agent.id)),
		holdout: learned.holdout,
	};
}

/** An agent who is not open now, and when they open. */
export interface Opening {
	agent: Agent;
	at: string;
}

/**
 * Who of the pool opens later (active agents with a next opening), and those who open soonest:
 * the agents a lead that waits for the next open agent can go to. Null when nobody opens.
 */
export function nextOpenings(pool: Agent[], nextAvailableAt: (agent: Agent) => string | undefined): { opening: Opening[]; first: Agent[]; soonestMs: number } | null {
	const opening = pool
		.map((agent) => ({ agent, at: nextAvailableAt(agent) }))
		.filter((entry): entry is Opening => !!entry.at && entry.agent.active);
	if (opening.length === 0) return null;
	const soonestMs = Math.min(...opening.map((entry) => Date.parse(entry.at)));
	const first = opening.filter((entry) => Date.parse(entry.at) === soonestMs).map((entry) => entry.agent);
	return { opening, first, soonestMs };
}

/**
 * Nobody in the pool is open now. "Wait" assigns the agent who opens soonest (ties by the
 * strategy: round robin, or the learner's expected value) with `availableAt`; "on call" hands it
 * to an on-call agent regardless of hours.
 */
function afterHoursPick(
	lead: MatchableLead,
	now: Date,
	context: MatchContext,
	pool: Agent[],
	verdicts: Map<string, CandidateVerdict>,
	strategyName: string,
): StrategyPick | null {
	const mode = context.options.afterHours;
	if (mode === 'onCall') {
		const onCall = pool.filter(
			(agent) =>
				agent.onCall === true &&
				checkAvailability(agent, now, countsOf(context.state, agent.id), { ignoreWorkingHours: true }).available,
		);
		for (const agent of pool) {
			if (!onCall.includes(agent)) verdicts.get(agent.id)?.reasons.push(reason(MATCH_REASON.notOnCall, 'not on call (or out of office / capped)'));
		}
		if (onCall.length === 0) return null;
		const pick = roundRobinPick(lead, onCall, roundRobinStandings(onCall, context.state, now, context.options), `${strategyName}:onCall`, context.options);
		return { ...pick, reasons: [reason(MATCH_REASON.onCall, 'nobody is in working hours; on call'), ...pick.reasons] };
	}
	if (mode !== 'waitForNextOpen') return null;
	const openings = nextOpenings(pool, (agent) => verdicts.get(agent.id)?.nextAvailableAt);
	if (!openings) return null;
	const { opening, first, soonestMs } = openings;
	// The strategy chooses among those who open first, as it does in hours: under Learned, the best
	// expected closer (round robin would hand waiting leads to whoever the learner gave fewest, its
	// weakest closers). The pick stays out of the lift experiment, as waiting leads always have.
	const pick: StrategyPick = { ...strategyPick(lead, now, context, first, strategyName), strategy: `${strategyName}:waiting`, holdout: undefined };
	const availableAt = new Date(soonestMs).toISOString();
	const later = opening
		.filter((entry) => entry.agent.id !== pick.agent.id)
		.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
		.map((entry) => ({
			agentId: entry.agent.id,
			agentName: entry.agent.name,
			reasons: [reason(MATCH_REASON.opensLater, `opens at ${entry.at}`)],
		}));
	return {
		...pick,
		reasons: [reason(MATCH_REASON.waitingForNextOpen, `nobody is open now; first to open, at ${availableAt}`), ...pick.reasons],
		rank: rankOf(later),
		availableAt,
	};
}

/** A batch of leads in arrival order; each assignment updates the counts the next one sees. */
export function matchLeads(leads: unknown[], now: Date, context: MatchContext): MatchDecision[] {
	return leads.map((lead) => matchLead(lead, now, context));
}
