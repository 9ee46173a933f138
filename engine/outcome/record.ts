/**
 * Turns what happened to a lead (an assignment leaving Lead Match or Lead Escalate, a CRM webhook
 * saying "contacted" or "won", a row read back from a table) into the canonical outcome record of
 * lead-schema.md. Learning and reporting read only these records, so every field is derived the
 * same way whatever the event came from.
 */
import { isTier } from '../score/tiers';
import { readInstant } from '../history';
import { CoerceError, isAbsent, isPlainObject, preview, readBoolean, readJsonIfString, readNumber } from '../coerce';
import { accountOf } from '../match/state';
import { InputError, type LeadSnapshot, type OutcomeEventType, type OutcomeRecord } from '../types';

export const OUTCOME_EVENT_TYPES: readonly OutcomeEventType[] = [
	'assigned',
	'accepted',
	'declined',
	'expired',
	'contacted',
	'meetingBooked',
	'noShow',
	'won',
	'lost',
];

/** Events whose delay since the assignment is the agent's response time. */
const RESPONSE_EVENTS = new Set<OutcomeEventType>(['contacted', 'accepted']);

export interface OutcomeOverrides {
	/** From the node's parameters; empty means "read it from the item". */
	event?: string;
	at?: unknown;
	agentId?: string;
	value?: unknown;
}

type Fields = Record<string, unknown>;

function field<T>(name: string, read: () => T): T {
	try {
		return read();
	} catch (error) {
		if (error instanceof CoerceError) throw new InputError(name, 'unreadable', error.message);
		throw error;
	}
}

function objectAt(item: Fields, name: string): Fields | null {
	const value = field(name, () => readJsonIfString(item[name]));
	if (isAbsent(value)) return null;
	if (!isPlainObject(value)) throw new InputError(name, 'notAnObject', `is not an object: ${preview(value)}`);
	return value;
}

function text(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number') return String(value);
	return null;
}

function readEvent(item: Fields, overrides: OutcomeOverrides, escalation: Fields | null, assignment: Fields | null): OutcomeEventType {
	const given = text(overrides.event) ?? text(item.event);
	if (given) {
		const match = OUTCOME_EVENT_TYPES.find((event) => event.toLowerCase() === given.replace(/[\s_-]/g, '').toLowerCase());
		if (!match) throw new InputError('event', 'unknownEvent', `"${given}" is not one of ${OUTCOME_EVENT_TYPES.join(', ')}`);
		return match;
	}
	// A lead straight from Lead Escalate or Lead Match says what happened by its records.
	if (escalation?.status === 'accepted') return 'accepted';
	if (assignment) return 'assigned';
	throw new InputError('event', 'missingEvent', 'is missing: set the Event parameter or send items with an assignment');
}

// Times we wrote ourselves come back in exactly this form; skipping the general parser for them
// makes reading a large history several times faster.
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function readTime(value: unknown, name: string): string | undefined {
	if (typeof value === 'string' && CANONICAL_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return value;
	return field(name, () => readInstant(value));
}

/** The moment of the event: parameter, the item's `at`, else what the lead's records say, else now. */
function eventTime(event: OutcomeEventType, item: Fields, overrides: OutcomeOverrides, assignment: Fields | null, escalation: Fields | null, now: Date): string {
	if (!isAbsent(overrides.at)) return readTime(overrides.at, 'at')!;
	if (!isAbsent(item.at)) return readTime(item.at, 'at')!;
	if (event === 'assigned' && assignment && !isAbsent(assignment.decidedAt)) return readTime(assignment.decidedAt, 'assignment.decidedAt')!;
	if (event === 'accepted' && escalation && Array.isArray(escalation.history)) {
		const last = escalation.history[escalation.history.length - 1] as Fields | undefined;
		if (last && !isAbsent(last.at)) return readTime(last.at, 'escalation.history.at')!;
	}
	return now.toISOString();
}

function sourceOf(source: Fields): { kind?: string; channel?: string } {
	const kind = text(source.kind);
	const channel = text(source.channel);
	return { ...(kind ? { kind } : {}), ...(channel ? { channel } : {}) };
}

/** The lead as it was routed: what learning needs, nothing personal (no name, email, phone). */
export function leadSnapshotOf(item: Fields, leadId: string): LeadSnapshot {
	const source = isPlainObject(item.source) ? item.source : null;
	const score = field('score', () => readJsonIfString(item.score));
	const scoreValue = isPlainObject(score) ? score.value : score;
	// A learned score also says which rules score its model read: kept for the next model to learn from.
	const rulesScore = isPlainObject(score) ? field('score.rulesValue', () => readNumber(score.rulesValue)) : undefined;
	// Lead Match's sticky owner by account reads History: the account must survive in the snapshot,
	// by Lead Match's own rule so both sides agree on the key. Omitted when absent, so rows for leads
	// without one stay exactly as before.
	const account = accountOf(item);
	// Whether the lead could be phoned or emailed, which learning reads (never the number or the
	// address). A key the item does not have at all (a CRM payload) is left out rather than logged
	// as false, so such rows read as before: unknown, not "no phone".
	const reachable = (name: 'phone' | 'email') => (name in item ? text(item[name]) !== null : undefined);
	const hasPhone = reachable('phone');
	const hasEmail = reachable('email');
	return {
		leadId,
		product: text(item.product),
		state: text(item.state),
		source: source ? sourceOf(source) : null,
		...(hasPhone !== undefined ? { hasPhone } : {}),
		...(hasEmail !== undefined ? { hasEmail } : {}),
		score: field('score', () => readNumber(scoreValue)) ?? null,
		...(rulesScore !== undefined && rulesScore !== null ? { rulesScore } : {}),
		// The tier (and so the SLA) the lead was routed with: the report checks that tier A closes more than D.
		...(isPlainObject(score) && isTier(score.tier) ? { tier: score.tier } : {}),
		dedupeKey: text(item.dedupeKey),
		...(account !== null ? { account } : {}),
		value: field('value', () => readNumber(item.value)) ?? null,
	};
}

function readSnapshot(item: Fields, leadId: string): LeadSnapshot {
	const stored = objectAt(item, 'lead');
	if (stored) return { ...(stored as LeadSnapshot), leadId: text(stored.leadId) ?? leadId };
	return leadSnapshotOf(item, leadId);
}

function slaMinutesOf(item: Fields, score: Fields | null, escalation: Fields | null): number | undefined {
	for (const candidate of [escalation?.slaMinutes, score?.slaMinutes, item.slaMinutes]) {
		const minutes = typeof candidate === 'number' ? candidate : Number(candidate);
		if (!isAbsent(candidate) && Number.isFinite(minutes) && minutes > 0) return minutes;
	}
	return undefined;
}

/**
 * Whether a response was within the SLA, compared in whole milliseconds: an SLA entered in seconds
 * arrives as a fraction of a minute (123 s is 2.05 min), and 2.05 * 60 is 122.99999999999999 in
 * floating point, which would mark a response at exactly 123 s as missed.
 */
function withinSla(responseSeconds: number, slaMinutes: number): boolean {
	return Math.round(responseSeconds * 1000) <= Math.round(slaMinutes * 60_000);
}

/** One offer of the lead to one agent: which attempt it was and when that agent's clock started. */
interface Offer {
	attempt: number | null;
	/** ISO time; null when the lead does not say (no response time is then computed). */
	startedAt: string | null;
}

function later(a: string, b: string): string {
	return Date.parse(b) > Date.parse(a) ? b : a;
}

/** A history entry's field, or null: Lead Escalate also skips malformed entries rather than fail the lead. */
function leniently<T>(read: () => T): T | null {
	try {
		return read();
	} catch (error) {
		if (error instanceof CoerceError) return null;
		throw error;
	}
}

/**
 * The offer the logged event is about. An escalated lead's `assignment` describes only the agent
 * holding it now; an event about an earlier agent (a1 calling back after the lead went to a2) must
 * be measured from a1's own offer and carry a1's attempt, or it would borrow a2's clock and attempt.
 * `timed` is false for events without a response time, so their times are not even read.
 */
function offerTo(agentId: string, assignment: Fields | null, escalation: Fields | null, timed: boolean, released: boolean): Offer {
	// A decline or lapse is about the offer Lead Escalate just settled, which its history records;
	// the assignment may already describe the next one (a lead left with its last agent when nobody
	// else could take it moves on an attempt, so that agent's links stop working).
	const settled = released ? historyOfferTo(agentId, escalation, timed) : null;
	if (settled) return settled;
	if (assignment && text(assignment.agentId) === agentId) {
		const attempt = field('attempt', () => readNumber(assignment.attempt)) ?? null;
		if (!timed) return { attempt, startedAt: null };
		const decidedAt = isAbsent(assignment.decidedAt) ? null : readTime(assignment.decidedAt, 'assignment.decidedAt')!;
		// Lead Escalate's record of this exact offer says when its SLA clock started. Never before the
		// decision: the record Lead Escalate writes for a fallback owner keeps the lapsed offer's start.
		if (escalation && text(escalation.agentId) === agentId && Number(escalation.attempt) === (attempt ?? 1) && !isAbsent(escalation.offeredAt)) {
			const offeredAt = readTime(escalation.offeredAt, 'escalation.offeredAt')!;
			return { attempt, startedAt: decidedAt === null ? offeredAt : later(decidedAt, offeredAt) };
		}
		// An after-hours lead Lead Match held for the first agent to open: that agent could not
		// respond before their hours began, so the first offer's clock starts then (as Lead Escalate's
		// does). Only the first attempt: a reassignment copies the field but starts its own clock.
		if (decidedAt !== null && (attempt ?? 1) === 1 && !isAbsent(assignment.availableAt)) {
			return { attempt, startedAt: later(decidedAt, readTime(assignment.availableAt, 'assignment.availableAt')!) };
		}
		return { attempt, startedAt: decidedAt };
	}
	// Someone who held the lead before, or no offer to this agent on record (a CRM update from
	// whoever worked the lead): nothing to measure then.
	return historyOfferTo(agentId, escalation, timed) ?? { attempt: null, startedAt: null };
}

/**
 * The agent's most recent offer in Lead Escalate's history: their attempt and, when recorded, when
 * their offer started. Null when the history has no entry for them.
 */
function historyOfferTo(agentId: string, escalation: Fields | null, timed: boolean): Offer | null {
	const history = Array.isArray(escalation?.history) ? escalation.history : [];
	for (let index = history.length - 1; index >= 0; index--) {
		const entry: unknown = history[index];
		if (!isPlainObject(entry) || text(entry.agentId) !== agentId) continue;
		const attempt = leniently(() => readNumber(entry.attempt)) ?? null;
		const startedAt = timed ? (leniently(() => readInstant(entry.offeredAt)) ?? null) : null;
		return { attempt, startedAt };
	}
	return null;
}

/**
 * Builds one outcome record. Throws InputError naming the field for anything that cannot be used:
 * an unknown event, no lead id, no agent, an unreadable time or number.
 */
export function buildOutcomeRecord(item: Fields, overrides: OutcomeOverrides, now: Date): OutcomeRecord {
	if (!isPlainObject(item)) throw new InputError('item', 'notAnObject', 'is not an object');
	const assignment = objectAt(item, 'assignment');
	const escalation = objectAt(item, 'escalation');
	// A lead carries its score as an object; a flat row carries only the number.
	const scoreField = field('score', () => readJsonIfString(item.score));
	const score = isPlainObject(scoreField) ? scoreField : null;
	const storedLead = objectAt(item, 'lead');
	const leadId = text(item.leadId) ?? text(storedLead?.leadId);
	if (!leadId) throw new InputError('leadId', 'missingLeadId', 'is missing');
	const event = readEvent(item, overrides, escalation, assignment);
	const agentId = text(overrides.agentId) ?? text(item.agentId) ?? text(assignment?.agentId);
	if (!agentId) throw new InputError('agentId', 'missingAgentId', 'is missing: set Agent ID or send items with an assignment');
	const at = eventTime(event, item, overrides, assignment, escalation, now);
	const routedSnapshot = readSnapshot(item, leadId);
	// A lead that waits for its agent's hours is worked on the day they open, which is where Lead
	// Match counts it against their daily cap: the assigned row keeps when, for the next executions.
	const workedFrom = event === 'assigned' && assignment && !isAbsent(assignment.availableAt) ? readTime(assignment.availableAt, 'assignment.availableAt')! : null;
	const snapshot = workedFrom && workedFrom > at ? { ...routedSnapshot, availableAt: workedFrom } : routedSnapshot;

	const value = !isAbsent(overrides.value)
		? field('value', () => readNumber(overrides.value))
		: !isAbsent(item.value)
			? field('value', () => readNumber(item.value))
			: (snapshot.value ?? undefined);

	const offer = offerTo(agentId, assignment, escalation, RESPONSE_EVENTS.has(event), event === 'declined' || event === 'expired');
	let responseSeconds = field('responseSeconds', () => readNumber(item.responseSeconds)) ?? null;
	if (responseSeconds === null && RESPONSE_EVENTS.has(event) && offer.startedAt !== null) {
		const elapsed = Date.parse(at) - Date.parse(offer.startedAt);
		// An event before its own offer is a clock or data problem, not a response time, except the
		// holder answering a waiting offer before its clock started (an 07:00 accept of an offer that
		// starts when their hours begin at 09:00): that is as fast as a response gets.
		const decidedAt = assignment && text(assignment.agentId) === agentId && !isAbsent(assignment.decidedAt) ? Date.parse(readTime(assignment.decidedAt, 'assignment.decidedAt')!) : NaN;
		if (elapsed >= 0) responseSeconds = Math.round(elapsed) / 1000;
		else if (Date.parse(at) >= decidedAt) responseSeconds = 0;
	}
	let slaMet = field('slaMet', () => readBoolean(item.slaMet)) ?? null;
	const slaMinutes = slaMinutesOf(item, score, escalation);
	if (slaMet === null && responseSeconds !== null && slaMinutes !== undefined) slaMet = withinSla(responseSeconds, slaMinutes);

	const strategy = text(item.strategy) ?? text(assignment?.strategy);
	const propensity = field('propensity', () => readNumber(isAbsent(item.propensity) ? assignment?.propensity : item.propensity)) ?? null;
	if (propensity !== null && (propensity <= 0 || propensity > 1)) {
		throw new InputError('propensity', 'badPropensity', `must be above 0 and at most 1, not ${propensity}`);
	}
	const attempt = isAbsent(item.attempt) ? offer.attempt : (field('attempt', () => readNumber(item.attempt)) ?? null);
	const holdout = field('holdout', () => readBoolean(isAbsent(item.holdout) ? assignment?.holdout : item.holdout));

	return {
		leadId,
		agentId,
		event,
		at,
		value: value ?? null,
		responseSeconds,
		slaMet,
		strategy,
		propensity,
		lead: snapshot,
		attempt,
		...(holdout === undefined ? {} : { holdout }),
	};
}

/** The scalar columns of a flat row (Data Table, Postgres); `lead` is the snapshot as JSON text. */
export type FlatOutcomeRow = Omit<OutcomeRecord, 'lead' | 'attempt' | 'holdout'> & {
	attempt: number | null;
	holdout: boolean | null;
	/** Copies of snapshot fields, so a table can be filtered without parsing JSON. */
	product: string | null;
	state: string | null;
	channel: string | null;
	score: number | null;
	lead: string | null;
	[column: string]: string | number | boolean | null;
};

export function toFlatRow(record: OutcomeRecord): FlatOutcomeRow {
	const snapshot = record.lead;
	return {
		leadId: record.leadId,
		agentId: record.agentId,
		event: record.event,
		at: record.at,
		value: record.value,
		responseSeconds: record.responseSeconds,
		slaMet: record.slaMet,
		strategy: record.strategy,
		propensity: record.propensity,
		attempt: record.attempt ?? null,
		holdout: record.holdout ?? null,
		product: snapshot?.product ?? null,
		state: snapshot?.state ?? null,
		channel: (snapshot?.source?.channel as string | undefined) ?? null,
		score: snapshot?.score ?? null,
		// A record with no snapshot stays without one ("null" as text would not read back as a snapshot).
		lead: snapshot ? JSON.stringify(snapshot) : null,
	};
}

/** A stored row (flat or nested) back to a record: the same reader, with no overrides. */
export function readOutcomeRow(row: Fields, now: Date): OutcomeRecord {
	if (isAbsent(row.event)) throw new InputError('event', 'missingEvent', 'is missing');
	if (isAbsent(row.at)) throw new InputError('at', 'missingTime', 'is missing');
	return buildOutcomeRecord(row, {}, now);
}
