/**
 * Turns what happened to a lead (an assignment leaving Lead Match or Lead Escalate, a CRM webhook
 * saying "contacted" or "won", a row read back from a table) into the canonical outcome record of
 * lead-schema.md. Learning and reporting read only these records, so every field is derived the
 * same way whatever the event came from.
 */
import { isTier } from '../score/tiers';
import { readInstant } from '../history';
import { CoerceError, isAbsent, isPlainObject, preview, readBoolean, readJsonIfString, readNumber } from '../coerce';
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
	return {
		leadId,
		product: text(item.product),
		state: text(item.state),
		source: source ? sourceOf(source) : null,
		score: field('score', () => readNumber(scoreValue)) ?? null,
		...(rulesScore !== undefined && rulesScore !== null ? { rulesScore } : {}),
		// The tier (and so the SLA) the lead was routed with: the report checks that tier A closes more than D.
		...(isPlainObject(score) && isTier(score.tier) ? { tier: score.tier } : {}),
		dedupeKey: text(item.dedupeKey),
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
	const snapshot = readSnapshot(item, leadId);

	const value = !isAbsent(overrides.value)
		? field('value', () => readNumber(overrides.value))
		: !isAbsent(item.value)
			? field('value', () => readNumber(item.value))
			: (snapshot.value ?? undefined);

	let responseSeconds = field('responseSeconds', () => readNumber(item.responseSeconds)) ?? null;
	if (responseSeconds === null && RESPONSE_EVENTS.has(event) && assignment && !isAbsent(assignment.decidedAt)) {
		const decidedAt = readTime(assignment.decidedAt, 'assignment.decidedAt')!;
		const elapsed = Date.parse(at) - Date.parse(decidedAt);
		// An event before its own assignment is a clock or data problem, not a response time.
		if (elapsed >= 0) responseSeconds = Math.round(elapsed) / 1000;
	}
	let slaMet = field('slaMet', () => readBoolean(item.slaMet)) ?? null;
	const slaMinutes = slaMinutesOf(item, score, escalation);
	if (slaMet === null && responseSeconds !== null && slaMinutes !== undefined) slaMet = responseSeconds <= slaMinutes * 60;

	const strategy = text(item.strategy) ?? text(assignment?.strategy);
	const propensity = field('propensity', () => readNumber(isAbsent(item.propensity) ? assignment?.propensity : item.propensity)) ?? null;
	if (propensity !== null && (propensity <= 0 || propensity > 1)) {
		throw new InputError('propensity', 'badPropensity', `must be above 0 and at most 1, not ${propensity}`);
	}
	const attempt = field('attempt', () => readNumber(isAbsent(item.attempt) ? assignment?.attempt : item.attempt)) ?? null;
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
