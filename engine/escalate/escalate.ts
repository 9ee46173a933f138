/**
 * One escalation step for one lead: given what the current agent did with the offer (accepted,
 * declined, or nothing by the deadline), decide whether the lead is done, goes to the next ranked
 * agent, is still waiting, or has run out of agents and falls back to an owner or a queue.
 *
 * Pure: time, the roster and the signing secret are passed in; nothing is remembered between calls.
 * Everything the next pass needs (attempt, deadline, history) travels on the lead itself.
 */
import type { AvailabilityOptions } from '../availability';
import { CoerceError, isAbsent, isPlainObject, preview, readJsonIfString, readList } from '../coerce';
import { responseLinkUrl, signResponseLink } from '../signing';
import { InputError, type Agent, type Assignment, type JsonObject, type Lead, type Reason } from '../types';
import { nextContactTime, type ContactHoursOptions } from './contactHours';
import { agentsWhoHadLead, chooseNextAgent } from './nextAgent';
import type { AttemptOutcome, AttemptRecord, EscalationRecord, EscalationStatus } from './records';
import type { ResponseStatus } from './response';

export type EscalationRoute = 'accepted' | 'reassigned' | 'exhausted' | 'waiting';

export interface ResponseLinkOptions {
	/** Where the agent's click lands (a webhook URL, or the Wait node's resume URL). */
	baseUrl: string;
	secret: string;
	/** Links keep working this long after the deadline (a click in flight should still count). */
	graceSeconds?: number;
}

export interface EscalationOptions {
	/** Offers per lead before it falls back (the first offer counts). Default 3. */
	maxAttempts?: number;
	/** Minutes each agent has to respond, overriding the lead's score. */
	slaMinutesOverride?: number;
	/** Minutes each agent has when the lead has no score. Default 5. */
	defaultSlaMinutes?: number;
	fallbackAgentId?: string;
	fallbackQueue?: string;
	/**
	 * A timer may resume a few seconds early; an offer this close to its deadline counts as expired
	 * rather than looping through another tiny wait. Default 5 seconds.
	 */
	expiryToleranceSeconds?: number;
	links?: ResponseLinkOptions;
	contactHours?: ContactHoursOptions;
	availability?: AvailabilityOptions;
	/** When no remaining ranked agent is open now (see NextAgentInput.whenNobodyOpen). Default: wait for the next to open. */
	whenNobodyOpen?: 'waitForNextOpen' | 'fallback';
}

export interface EscalationInput {
	lead: Lead;
	response: ResponseStatus;
	now: Date;
	/** Parsed roster; null when none was given. */
	roster: Agent[] | null;
	options?: EscalationOptions;
}

export interface EscalationDecision {
	route: EscalationRoute;
	assignment: Assignment;
	escalation: EscalationRecord;
}

const DEFAULTS = { maxAttempts: 3, defaultSlaMinutes: 5, expiryToleranceSeconds: 5, graceSeconds: 120 };

function readTime(value: unknown, field: string): Date {
	const time = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
	if (!time || Number.isNaN(time.getTime())) {
		throw new InputError(field, 'badTime', `is not a date and time: ${JSON.stringify(value)}`);
	}
	return time;
}

function readObjectField(lead: Lead, field: 'assignment' | 'escalation' | 'eligibility' | 'score'): unknown {
	try {
		return readJsonIfString((lead as unknown as Record<string, unknown>)[field]);
	} catch (error) {
		if (error instanceof CoerceError) throw new InputError(field, 'badJson', error.message);
		throw error;
	}
}

/** The assignment as a usable record; flat stores may hand it over as a JSON string. */
export function readAssignment(lead: Lead): Assignment {
	const raw = readObjectField(lead, 'assignment');
	if (!isPlainObject(raw)) {
		throw new InputError('assignment', 'missingAssignment', 'is missing: escalate leads that went through Lead Match');
	}
	if (typeof raw.agentId !== 'string' || raw.agentId.trim() === '') {
		throw new InputError('assignment.agentId', 'missingAgentId', 'is missing');
	}
	const attempt = raw.attempt === undefined || raw.attempt === null ? 1 : Number(raw.attempt);
	if (!Number.isInteger(attempt) || attempt < 1) {
		throw new InputError('assignment.attempt', 'badAttempt', `must be a whole number from 1, not ${JSON.stringify(raw.attempt)}`);
	}
	readTime(raw.decidedAt, 'assignment.decidedAt');
	if (raw.rank !== undefined && raw.rank !== null && !Array.isArray(raw.rank)) {
		throw new InputError('assignment.rank', 'badRank', 'must be a list of ranked agents');
	}
	if (raw.previousAgentIds !== undefined && raw.previousAgentIds !== null && !Array.isArray(raw.previousAgentIds)) {
		throw new InputError('assignment.previousAgentIds', 'badPreviousAgents', 'must be a list of agent ids');
	}
	return {
		...(raw as unknown as Assignment),
		agentId: raw.agentId,
		attempt,
		rank: (raw.rank as Assignment['rank']) ?? [],
		previousAgentIds: ((raw.previousAgentIds as unknown[]) ?? []).map(String),
		reasons: Array.isArray(raw.reasons) ? (raw.reasons as string[]) : [],
	};
}

/**
 * License Check's eligible agents, or null when the lead carries no License Check result. Flat stores
 * may hand the result over as a JSON string, like the assignment. Fails closed: a result that is there
 * but cannot be read is an error, never "trust the rank", or an unlicensed agent could get the lead.
 */
export function readEligibleAgentIds(lead: Lead): string[] | null {
	const raw = readObjectField(lead, 'eligibility');
	if (isAbsent(raw)) return null;
	if (!isPlainObject(raw)) {
		throw new InputError('eligibility', 'badEligibility', `is not a License Check result: ${preview(raw)}`);
	}
	let ids: unknown[] | undefined;
	try {
		ids = Array.isArray(raw.eligibleAgentIds) ? raw.eligibleAgentIds : typeof raw.eligibleAgentIds === 'string' ? readList(raw.eligibleAgentIds) : undefined;
	} catch (error) {
		if (!(error instanceof CoerceError)) throw error;
	}
	if (!ids || ids.some((id) => typeof id !== 'string' && typeof id !== 'number')) {
		throw new InputError(
			'eligibility.eligibleAgentIds',
			'badEligibility',
			`must be License Check's list of eligible agent ids, not ${preview(raw.eligibleAgentIds)}`,
		);
	}
	return ids.map((id) => String(id).trim());
}

/** Minutes the current agent has: override, else the lead's score, else the default. */
export function slaMinutesFor(lead: Lead, options: EscalationOptions): { minutes: number; reason: Reason } {
	if (options.slaMinutesOverride !== undefined && options.slaMinutesOverride > 0) {
		return {
			minutes: options.slaMinutesOverride,
			reason: { code: 'slaOverride', message: `every agent has ${options.slaMinutesOverride} min (set on the node)` },
		};
	}
	const score = readObjectField(lead, 'score');
	const fromScore = isPlainObject(score) ? Number(score.slaMinutes) : NaN;
	if (Number.isFinite(fromScore) && fromScore > 0) {
		return { minutes: fromScore, reason: { code: 'slaFromScore', message: `the lead's score allows ${fromScore} min` } };
	}
	const minutes = options.defaultSlaMinutes ?? DEFAULTS.defaultSlaMinutes;
	return { minutes, reason: { code: 'slaDefault', message: `the lead has no score: ${minutes} min default` } };
}

/** Earlier attempts, kept only when they are well-formed (the record is ours, but it round-trips through stores). */
function readHistory(escalation: Record<string, unknown> | null): AttemptRecord[] {
	const raw = escalation?.history;
	if (!Array.isArray(raw)) return [];
	return raw.filter(
		(entry): entry is AttemptRecord =>
			isPlainObject(entry) && typeof entry.agentId === 'string' && typeof entry.attempt === 'number' && typeof entry.at === 'string',
	);
}

/** Whether the lead's escalation record is about the offer the assignment describes (same agent and attempt). */
function recordDescribesOffer(escalation: Record<string, unknown> | null, assignment: Assignment): escalation is Record<string, unknown> {
	return !!escalation && escalation.agentId === assignment.agentId && Number(escalation.attempt) === assignment.attempt;
}

/**
 * When the current offer started: the escalation record for this exact offer, else the assignment.
 * An assignment made after hours to the agent who opens first (Lead Match's "Wait for Next Open
 * Agent") carries `availableAt`: that agent cannot answer before then, so the clock starts there
 * rather than lapsing overnight and walking the lead down the rank while everyone sleeps.
 */
function currentOfferStart(assignment: Assignment, escalation: Record<string, unknown> | null): { at: Date; reason?: Reason } {
	if (recordDescribesOffer(escalation, assignment) && typeof escalation.offeredAt === 'string') {
		return { at: readTime(escalation.offeredAt, 'escalation.offeredAt') };
	}
	const decidedAt = readTime(assignment.decidedAt, 'assignment.decidedAt');
	const availableAtRaw = (assignment as Assignment & { availableAt?: unknown }).availableAt;
	if (isAbsent(availableAtRaw)) return { at: decidedAt };
	const availableAt = readTime(availableAtRaw, 'assignment.availableAt');
	if (availableAt.getTime() <= decidedAt.getTime()) return { at: decidedAt };
	return {
		at: availableAt,
		reason: {
			code: 'offerStartsWhenAgentOpens',
			message: `${assignment.agentId} opens at ${availableAt.toISOString()}: the time limit starts then, not at assignment`,
		},
	};
}

function clock(minute: number): string {
	return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export function decideEscalation(input: EscalationInput): EscalationDecision {
	const { lead, response, now } = input;
	const options = input.options ?? {};
	if (!lead || typeof lead.leadId !== 'string' || lead.leadId.trim() === '') {
		throw new InputError('leadId', 'missingLeadId', 'is missing');
	}
	const assignment = readAssignment(lead);
	const escalationRaw = readObjectField(lead, 'escalation');
	const previous = isPlainObject(escalationRaw) ? escalationRaw : null;
	const settled = alreadySettled(assignment, previous, response);
	if (settled) return settled;
	const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
	const sla = slaMinutesFor(lead, options);
	const start = currentOfferStart(assignment, previous);
	const offeredAt = start.at;
	const deadline = new Date(offeredAt.getTime() + sla.minutes * 60_000);
	const history = readHistory(previous);
	const reasons: Reason[] = start.reason ? [sla.reason, start.reason] : [sla.reason];
	const toleranceMs = (options.expiryToleranceSeconds ?? DEFAULTS.expiryToleranceSeconds) * 1000;

	const contact = nextContactTime(now, lead.state, options.contactHours);
	const build = (
		status: EscalationStatus,
		holder: Assignment,
		offer: { offeredAt: Date; deadline: Date; open: boolean },
		extra: Partial<EscalationRecord> = {},
	): EscalationRecord => {
		const links = offer.open && options.links?.baseUrl ? signedLinks(lead.leadId, holder, offer.deadline, options.links) : null;
		return {
			attempt: holder.attempt,
			status,
			agentId: holder.agentId,
			offeredAt: offer.offeredAt.toISOString(),
			deadline: offer.deadline.toISOString(),
			waitSeconds: offer.open ? Math.max(0, Math.ceil((offer.deadline.getTime() - now.getTime()) / 1000)) : 0,
			slaMinutes: sla.minutes,
			history,
			reasons: [...reasons, ...contact.reasons],
			skipped: [],
			acceptUrl: links?.acceptUrl ?? null,
			declineUrl: links?.declineUrl ?? null,
			linkExpiresAt: links?.expiresAt ?? null,
			nextContactAt: contact.at.toISOString(),
			contactWindow: {
				zones: contact.zones,
				opens: clock(contact.window.startMinute),
				closes: clock(contact.window.endMinute),
				withinWindow: contact.withinWindow,
			},
			fallback: null,
			...extra,
		};
	};
	const settle = (outcome: AttemptOutcome) =>
		history.push({ agentId: assignment.agentId, attempt: assignment.attempt, outcome, at: now.toISOString(), offeredAt: offeredAt.toISOString() });

	if (response === 'accepted') {
		settle('accepted');
		reasons.push({ code: 'offerAccepted', message: `${assignment.agentId} accepted attempt ${assignment.attempt}` });
		return { route: 'accepted', assignment, escalation: build('accepted', assignment, { offeredAt, deadline, open: false }) };
	}
	if (response === 'noResponse' && now.getTime() < deadline.getTime() - toleranceMs) {
		reasons.push({
			code: 'offerOpen',
			message: `${assignment.agentId} has until ${deadline.toISOString()} to respond to attempt ${assignment.attempt}`,
		});
		return { route: 'waiting', assignment, escalation: build('offered', assignment, { offeredAt, deadline, open: true }) };
	}

	if (response === 'declined') {
		settle('declined');
		reasons.push({ code: 'offerDeclined', message: `${assignment.agentId} declined attempt ${assignment.attempt}` });
	} else {
		settle('expired');
		reasons.push({
			code: 'offerExpired',
			message: `${assignment.agentId} did not respond to attempt ${assignment.attempt} by ${deadline.toISOString()}`,
		});
	}

	const choice =
		assignment.attempt >= maxAttempts
			? null
			: chooseNextAgent({
					assignment,
					history,
					eligibleAgentIds: readEligibleAgentIds(lead),
					now,
					roster: input.roster,
					availability: options.availability,
					whenNobodyOpen: options.whenNobodyOpen,
				});
	if (choice?.next) {
		reasons.push(...choice.reasons);
		// An agent who opens later gets the offer from then: their time limit starts when they can answer.
		const offerStart = choice.opensAt ? new Date(choice.opensAt) : now;
		const next: Assignment = {
			...laterAssignment(assignment, history, now),
			agentId: choice.next.agentId,
			agentName: choice.agent?.name ?? choice.next.agentName ?? null,
			reasons: [...assignment.reasons, `escalated from ${assignment.agentId} (attempt ${assignment.attempt})`],
			...(choice.opensAt ? { availableAt: choice.opensAt } : {}),
		};
		const nextDeadline = new Date(offerStart.getTime() + sla.minutes * 60_000);
		return {
			route: 'reassigned',
			assignment: next,
			escalation: build('reassigned', next, { offeredAt: offerStart, deadline: nextDeadline, open: true }, { skipped: choice.skipped }),
		};
	}

	if (!choice) {
		reasons.push({ code: 'maxAttemptsReached', message: `attempt ${assignment.attempt} of ${maxAttempts} was the last` });
	} else {
		reasons.push(...choice.reasons);
	}
	return exhausted(assignment, history, input, reasons, choice?.skipped ?? [], (status, holder, extra) =>
		build(status, holder, { offeredAt, deadline, open: false }, extra),
	);
}

/**
 * The assignment for the offer after this one: one attempt later, decided now, with the agent who
 * just had it added to those who already had it. The attempt always moves on, so the last agent's
 * signed links stop matching the current offer (`linkSuperseded`), even when the lead stays put.
 * `availableAt` described the agent of the first offer only, so it does not carry over.
 */
function laterAssignment(assignment: Assignment, history: AttemptRecord[], now: Date): Assignment {
	const next: Assignment & { availableAt?: unknown } = { ...assignment };
	delete next.availableAt;
	return {
		...next,
		attempt: assignment.attempt + 1,
		previousAgentIds: agentsWhoHadLead(assignment, history),
		decidedAt: now.toISOString(),
	};
}

/**
 * A lead whose offer is already settled for good comes back unchanged: a later sweep, a second click
 * or a late answer must not settle it again. Accepted is final (the agent owns the lead), and so is
 * exhausted (the fallback owner or queue has it); re-deciding either would reassign a lead someone
 * took, or offer it again to the fallback owner in a loop. Only a record about the offer the
 * assignment describes counts: a fresh assignment (Lead Match ran again) starts over.
 */
function alreadySettled(
	assignment: Assignment,
	previous: Record<string, unknown> | null,
	response: ResponseStatus,
): EscalationDecision | null {
	if (!recordDescribesOffer(previous, assignment)) return null;
	const status = previous.status;
	if (status !== 'accepted' && status !== 'exhausted') return null;
	const ignored = response === 'noResponse' ? '' : `; the ${response === 'accepted' ? 'acceptance' : 'decline'} that came in now is ignored`;
	const reason: Reason =
		status === 'accepted'
			? { code: 'alreadyAccepted', message: `${assignment.agentId} already accepted attempt ${assignment.attempt}${ignored}` }
			: { code: 'alreadyExhausted', message: `the lead already went to its fallback${ignored}` };
	const earlier = Array.isArray(previous.reasons) ? (previous.reasons as Reason[]) : [];
	const escalation = {
		...(previous as unknown as EscalationRecord),
		waitSeconds: 0,
		reasons: [...earlier.filter((entry) => entry?.code !== reason.code), reason],
	};
	return { route: status, assignment, escalation };
}

function exhausted(
	assignment: Assignment,
	history: AttemptRecord[],
	input: EscalationInput,
	reasons: Reason[],
	skipped: EscalationRecord['skipped'],
	build: (status: EscalationStatus, holder: Assignment, extra: Partial<EscalationRecord>) => EscalationRecord,
): EscalationDecision {
	const options = input.options ?? {};
	const owner = options.fallbackAgentId?.trim();
	const queue = options.fallbackQueue?.trim();
	const later = laterAssignment(assignment, history, input.now);
	// The fallback owner is a person like any other: if they already declined the lead or let it lapse
	// (or are the agent who just did), it goes to the queue instead of back to them.
	const ownerHadLead = !!owner && later.previousAgentIds.includes(owner);
	if (owner && ownerHadLead) {
		reasons.push({
			code: 'fallbackOwnerAlreadyOffered',
			message: `the fallback owner ${owner} already had this lead, so it does not go back to them`,
		});
	}
	if (owner && !ownerHadLead) {
		const agent = input.roster?.find((candidate) => candidate.id === owner);
		reasons.push({ code: 'fallbackOwner', message: `the lead goes to the fallback owner ${agent?.name ?? owner}` });
		const holder: Assignment = {
			...later,
			agentId: owner,
			agentName: agent?.name ?? null,
			reasons: [...assignment.reasons, `fallback owner after ${assignment.attempt} attempts`],
		};
		return {
			route: 'exhausted',
			assignment: holder,
			escalation: build('exhausted', holder, { skipped, fallback: { agentId: owner, queue: queue || null } }),
		};
	}
	if (queue) {
		reasons.push({ code: 'fallbackQueue', message: `the lead goes to the queue "${queue}"` });
	} else {
		reasons.push({ code: 'noFallback', message: 'no usable fallback owner or queue: handle the Exhausted output' });
	}
	// Nobody new holds the lead, but the last offer is over: the attempt moves on so that agent's
	// links no longer match (they let it lapse or declined, and must not take it back by a late click).
	const holder: Assignment = {
		...later,
		reasons: [...assignment.reasons, queue ? `fallback queue "${queue}" after ${assignment.attempt} attempts` : `no fallback after ${assignment.attempt} attempts`],
	};
	return {
		route: 'exhausted',
		assignment: holder,
		escalation: build('exhausted', holder, { skipped, fallback: queue ? { agentId: null, queue } : null }),
	};
}

function signedLinks(
	leadId: string,
	holder: Assignment,
	deadline: Date,
	links: ResponseLinkOptions,
): { acceptUrl: string; declineUrl: string; expiresAt: string } {
	const expiresAt = new Date(deadline.getTime() + (links.graceSeconds ?? DEFAULTS.graceSeconds) * 1000);
	const claims = { leadId, agentId: holder.agentId, attempt: holder.attempt, expiresAt };
	return {
		acceptUrl: responseLinkUrl(links.baseUrl, signResponseLink({ ...claims, action: 'accept' }, links.secret), leadId),
		declineUrl: responseLinkUrl(links.baseUrl, signResponseLink({ ...claims, action: 'decline' }, links.secret), leadId),
		expiresAt: expiresAt.toISOString(),
	};
}

/** The lead as it leaves the node: the new assignment and escalation record replace the old ones. */
export function applyEscalation(lead: Lead, decision: EscalationDecision): Lead {
	return { ...lead, assignment: decision.assignment, escalation: decision.escalation as unknown as JsonObject };
}
