/**
 * One escalation step for one lead: given what the current agent did with the offer (accepted,
 * declined, or nothing by the deadline), decide whether the lead is done, goes to the next ranked
 * agent, is still waiting, or has run out of agents and falls back to an owner or a queue.
 *
 * Pure: time, the roster and the signing secret are passed in; nothing is remembered between calls.
 * Everything the next pass needs (attempt, deadline, history) travels on the lead itself.
 */
import type { AvailabilityOptions } from '../availability';
import { CoerceError, isPlainObject, readJsonIfString } from '../coerce';
import { responseLinkUrl, signResponseLink } from '../signing';
import { InputError, type Agent, type Assignment, type JsonObject, type Lead, type Reason } from '../types';
import { nextContactTime, type ContactHoursOptions } from './contactHours';
import { chooseNextAgent } from './nextAgent';
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

/** When the current offer started: the escalation record for this exact offer, else the assignment. */
function currentOfferStart(assignment: Assignment, escalation: Record<string, unknown> | null): Date {
	if (
		escalation &&
		escalation.agentId === assignment.agentId &&
		Number(escalation.attempt) === assignment.attempt &&
		typeof escalation.offeredAt === 'string'
	) {
		return readTime(escalation.offeredAt, 'escalation.offeredAt');
	}
	return readTime(assignment.decidedAt, 'assignment.decidedAt');
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
	const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
	const sla = slaMinutesFor(lead, options);
	const offeredAt = currentOfferStart(assignment, previous);
	const deadline = new Date(offeredAt.getTime() + sla.minutes * 60_000);
	const history = readHistory(previous);
	const reasons: Reason[] = [sla.reason];
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
		history.push({ agentId: assignment.agentId, attempt: assignment.attempt, outcome, at: now.toISOString() });

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
			: chooseNextAgent({ lead, assignment, now, roster: input.roster, availability: options.availability });
	if (choice?.next) {
		reasons.push(...choice.reasons);
		const next: Assignment = {
			...assignment,
			agentId: choice.next.agentId,
			agentName: choice.agent?.name ?? choice.next.agentName ?? null,
			attempt: assignment.attempt + 1,
			previousAgentIds: [...assignment.previousAgentIds, assignment.agentId],
			decidedAt: now.toISOString(),
			reasons: [...assignment.reasons, `escalated from ${assignment.agentId} (attempt ${assignment.attempt})`],
		};
		const nextDeadline = new Date(now.getTime() + sla.minutes * 60_000);
		return {
			route: 'reassigned',
			assignment: next,
			escalation: build('reassigned', next, { offeredAt: now, deadline: nextDeadline, open: true }, { skipped: choice.skipped }),
		};
	}

	if (!choice) {
		reasons.push({ code: 'maxAttemptsReached', message: `attempt ${assignment.attempt} of ${maxAttempts} was the last` });
	} else {
		reasons.push(...choice.reasons);
	}
	return exhausted(assignment, input, reasons, choice?.skipped ?? [], (status, holder, extra) =>
		build(status, holder, { offeredAt, deadline, open: false }, extra),
	);
}

function exhausted(
	assignment: Assignment,
	input: EscalationInput,
	reasons: Reason[],
	skipped: EscalationRecord['skipped'],
	build: (status: EscalationStatus, holder: Assignment, extra: Partial<EscalationRecord>) => EscalationRecord,
): EscalationDecision {
	const options = input.options ?? {};
	const owner = options.fallbackAgentId?.trim();
	const queue = options.fallbackQueue?.trim();
	if (owner) {
		const agent = input.roster?.find((candidate) => candidate.id === owner);
		reasons.push({ code: 'fallbackOwner', message: `the lead goes to the fallback owner ${agent?.name ?? owner}` });
		const holder: Assignment = {
			...assignment,
			agentId: owner,
			agentName: agent?.name ?? null,
			attempt: assignment.attempt + 1,
			previousAgentIds: [...assignment.previousAgentIds, assignment.agentId],
			decidedAt: input.now.toISOString(),
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
		reasons.push({ code: 'noFallback', message: 'no fallback owner or queue is set: handle the Exhausted output' });
	}
	return {
		route: 'exhausted',
		assignment,
		escalation: build('exhausted', assignment, { skipped, fallback: queue ? { agentId: null, queue } : null }),
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
