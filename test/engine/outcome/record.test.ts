import { buildOutcomeRecord, OUTCOME_EVENT_TYPES, readOutcomeRow, toFlatRow } from '../../../engine/outcome/record';
import { applyEscalation, decideEscalation } from '../../../engine/escalate/escalate';
import { assignedLead, at, roster } from '../escalate/fixtures';
import { parseHistory } from '../../../engine/history';

const now = new Date('2026-11-02T15:00:00Z');
const lead = assignedLead({ value: 1200 }) as unknown as Record<string, unknown>;

describe('buildOutcomeRecord', () => {
	it('logs an assignment straight from Lead Match with the decision and a lead snapshot', () => {
		const record = buildOutcomeRecord(lead, {}, now);
		expect(record).toEqual({
			leadId: 'lead-1',
			agentId: 'a1',
			event: 'assigned',
			at: '2026-11-02T14:00:00.000Z',
			value: 1200,
			responseSeconds: null,
			slaMet: null,
			strategy: 'learned',
			propensity: 0.6,
			attempt: 1,
			lead: {
				leadId: 'lead-1',
				product: 'auto',
				state: 'FL',
				source: { kind: 'flat', channel: 'paid_search' },
				hasPhone: true,
				hasEmail: true,
				score: 80,
				tier: 'A',
				dedupeKey: 'ana@example.com',
				value: 1200,
			},
		});
		// Nothing personal is copied into the history.
		expect(JSON.stringify(record)).not.toMatch(/Ana|\+1305/);
	});

	it.each(OUTCOME_EVENT_TYPES)('accepts the %s event from the parameter', (event) => {
		const record = buildOutcomeRecord(lead, { event, at: '2026-11-02T14:03:00Z' }, now);
		expect(record.event).toBe(event);
		expect(record.at).toBe('2026-11-02T14:03:00.000Z');
		const timed = event === 'contacted' || event === 'accepted';
		expect(record.responseSeconds).toBe(timed ? 180 : null);
		expect(record.slaMet).toBe(timed ? true : null);
	});

	it('marks a response after the SLA as missed', () => {
		const record = buildOutcomeRecord(lead, { event: 'contacted', at: '2026-11-02T14:05:01Z' }, now);
		expect(record).toMatchObject({ responseSeconds: 301, slaMet: false });
		const onTheDot = buildOutcomeRecord(lead, { event: 'contacted', at: '2026-11-02T14:05:00Z' }, now);
		expect(onTheDot).toMatchObject({ responseSeconds: 300, slaMet: true });
	});

	it('uses the escalation SLA and the accepted time when the lead comes from Lead Escalate', () => {
		const escalated = {
			...lead,
			escalation: { status: 'accepted', slaMinutes: 2, history: [{ agentId: 'a1', attempt: 1, outcome: 'accepted', at: '2026-11-02T14:02:30Z' }] },
		};
		expect(buildOutcomeRecord(escalated, {}, now)).toMatchObject({ event: 'accepted', at: '2026-11-02T14:02:30.000Z', responseSeconds: 150, slaMet: false });
	});

	it('measures an event about an earlier agent from that agent\'s own offer, not the current one', () => {
		// a1 offered at 14:00 lets it lapse; Lead Escalate hands the lead to a2 at 14:05.
		const first = assignedLead();
		const reassigned = applyEscalation(first, decideEscalation({ lead: first, response: 'noResponse', now: at('2026-11-02T14:05:00.000Z'), roster })) as unknown as Record<
			string,
			unknown
		>;
		expect(reassigned.assignment).toMatchObject({ agentId: 'a2', attempt: 2 });
		// a1 calls the lead at 14:06: measured from a1's own offer at 14:00 (the history keeps when it
		// started), 6 minutes and past a1's SLA, not a2's 60 s within SLA on attempt 2.
		expect(buildOutcomeRecord(reassigned, { event: 'contacted', agentId: 'a1', at: '2026-11-02T14:06:00Z' }, now)).toMatchObject({
			agentId: 'a1',
			attempt: 1,
			responseSeconds: 360,
			slaMet: false,
		});
		// The lapse itself carries a1's attempt.
		expect(buildOutcomeRecord(reassigned, { event: 'expired', agentId: 'a1', at: '2026-11-02T14:05:00Z' }, now).attempt).toBe(1);
		// a2, the holder, is still measured from its own offer.
		expect(buildOutcomeRecord(reassigned, { event: 'contacted', at: '2026-11-02T14:06:00Z' }, now)).toMatchObject({
			agentId: 'a2',
			attempt: 2,
			responseSeconds: 60,
			slaMet: true,
		});
		// When the history records when a1's offer started, a1's response time comes from it.
		const escalation = reassigned.escalation as { history: Array<Record<string, unknown>> };
		const withOfferTimes = {
			...reassigned,
			escalation: { ...escalation, history: escalation.history.map((entry) => ({ ...entry, offeredAt: '2026-11-02T14:00:00.000Z' })) },
		};
		expect(buildOutcomeRecord(withOfferTimes, { event: 'contacted', agentId: 'a1', at: '2026-11-02T14:06:00Z' }, now)).toMatchObject({
			attempt: 1,
			responseSeconds: 360,
			slaMet: false,
		});
		// Someone the lead was never offered to: no attempt, no response time.
		expect(buildOutcomeRecord(reassigned, { event: 'contacted', agentId: 'a9', at: '2026-11-02T14:06:00Z' }, now)).toMatchObject({
			attempt: null,
			responseSeconds: null,
			slaMet: null,
		});
	});

	it('starts an after-hours first offer\'s clock when the agent\'s hours begin, or at Lead Escalate\'s offer time', () => {
		const assignment = lead.assignment as Record<string, unknown>;
		const held = {
			...lead,
			assignment: { ...assignment, decidedAt: '2026-11-02T03:00:00.000Z', availableAt: '2026-11-02T14:00:00.000Z' },
		};
		// Routed at 03:00 to a1 who opens at 14:00; a call at 14:03 is 180 s, not 11 hours.
		expect(buildOutcomeRecord(held, { event: 'contacted', at: '2026-11-02T14:03:00Z' }, now)).toMatchObject({ responseSeconds: 180, slaMet: true });
		// availableAt before the decision (the agent was already open) changes nothing.
		const open = { ...lead, assignment: { ...assignment, availableAt: '2026-11-02T13:00:00.000Z' } };
		expect(buildOutcomeRecord(open, { event: 'contacted', at: '2026-11-02T14:03:00Z' }, now).responseSeconds).toBe(180);
		// A later attempt keeps the copied availableAt but starts its own clock at its decision.
		const second = { ...lead, assignment: { ...assignment, attempt: 2, decidedAt: '2026-11-02T15:00:00.000Z', availableAt: '2026-11-02T16:00:00.000Z' } };
		expect(buildOutcomeRecord(second, { event: 'contacted', at: '2026-11-02T15:01:00Z' }, now)).toMatchObject({ responseSeconds: 60, attempt: 2 });
		// Lead Escalate's record of this same offer wins: its offeredAt is when the SLA clock started.
		const offered = { ...held, escalation: { status: 'offered', agentId: 'a1', attempt: 1, offeredAt: '2026-11-02T14:01:00.000Z', slaMinutes: 5 } };
		expect(buildOutcomeRecord(offered, { event: 'contacted', at: '2026-11-02T14:03:00Z' }, now).responseSeconds).toBe(120);
		// ... but not a record of another offer.
		const stale = { ...offered, escalation: { ...offered.escalation, attempt: 2 } };
		expect(buildOutcomeRecord(stale, { event: 'contacted', at: '2026-11-02T14:03:00Z' }, now).responseSeconds).toBe(180);
	});

	it('counts an accept before a waiting offer starts as an immediate response, and keeps when the agent opens on the assigned row', () => {
		const waiting = { ...lead, assignment: { ...(lead.assignment as object), decidedAt: '2026-11-02T03:00:00.000Z', availableAt: '2026-11-02T14:00:00.000Z' } };
		expect(buildOutcomeRecord(waiting, { event: 'accepted', at: '2026-11-02T12:00:00Z' }, now)).toMatchObject({ responseSeconds: 0, slaMet: true });
		expect(buildOutcomeRecord(waiting, { event: 'assigned' }, now).lead?.availableAt).toBe('2026-11-02T14:00:00.000Z');
		// A lead assigned in hours carries no opening time.
		expect(buildOutcomeRecord(lead, { event: 'assigned' }, now).lead).not.toHaveProperty('availableAt');
	});

	it('measures a fallback owner from when the lead fell back, not from the lapsed offer', () => {
		const first = assignedLead();
		const decision = decideEscalation({
			lead: first,
			response: 'declined',
			now: at('2026-11-02T14:03:00.000Z'),
			roster,
			options: { maxAttempts: 1, fallbackAgentId: 'boss' },
		});
		const fellBack = applyEscalation(first, decision) as unknown as Record<string, unknown>;
		expect(fellBack.assignment).toMatchObject({ agentId: 'boss', attempt: 2, decidedAt: '2026-11-02T14:03:00.000Z' });
		expect(buildOutcomeRecord(fellBack, { event: 'contacted', at: '2026-11-02T14:04:00Z' }, now)).toMatchObject({ attempt: 2, responseSeconds: 60 });
	});

	it('logs a lapse with the attempt that lapsed, also when the lead stays with its last agent for want of anyone else', () => {
		const first = assignedLead();
		// Nobody else may take it and there is only a queue: the assignment keeps a1 and moves on an attempt.
		const decision = decideEscalation({ lead: first, response: 'declined', now: at('2026-11-02T14:03:00.000Z'), roster, options: { maxAttempts: 1, fallbackQueue: 'desk' } });
		const exhausted = applyEscalation(first, decision) as unknown as Record<string, unknown>;
		expect(exhausted.assignment).toMatchObject({ agentId: 'a1', attempt: 2 });
		expect(buildOutcomeRecord(exhausted, { event: 'declined', agentId: 'a1' }, now)).toMatchObject({ event: 'declined', agentId: 'a1', attempt: 1 });
	});

	it('logs events without a response time even when the lead\'s offer times are unreadable', () => {
		const odd = { ...lead, escalation: { agentId: 'a1', attempt: 1, offeredAt: 'soon', history: [{ agentId: 'a0', attempt: 'first', offeredAt: 'earlier' }] } };
		expect(buildOutcomeRecord(odd, { event: 'won', at: '2026-11-02T16:00:00Z' }, now)).toMatchObject({ attempt: 1, responseSeconds: null });
		// An earlier agent's malformed history entry leaves their attempt and time unknown.
		expect(buildOutcomeRecord(odd, { event: 'contacted', agentId: 'a0', at: '2026-11-02T16:00:00Z' }, now)).toMatchObject({ attempt: null, responseSeconds: null });
		// The holder's own offer time is needed for a contact: unreadable, it names the field.
		expect(() => buildOutcomeRecord(odd, { event: 'contacted', at: '2026-11-02T14:03:00Z' }, now)).toThrow(
			expect.objectContaining({ field: 'escalation.offeredAt', code: 'unreadable' }),
		);
	});

	it.each([
		['an SLA of 123 s given as 123/60 min', 123 / 60],
		['an SLA of 2.05 min', 2.05],
	])('counts a response at exactly the SLA as met with %s', (_label, slaMinutes) => {
		const item = { ...lead, escalation: { status: 'offered', slaMinutes } };
		expect(buildOutcomeRecord(item, { event: 'contacted', at: '2026-11-02T14:02:03Z' }, now)).toMatchObject({ responseSeconds: 123, slaMet: true });
		expect(buildOutcomeRecord(item, { event: 'contacted', at: '2026-11-02T14:02:03.001Z' }, now)).toMatchObject({ responseSeconds: 123.001, slaMet: false });
		expect(buildOutcomeRecord({ ...item, responseSeconds: 123 }, { event: 'contacted' }, now).slaMet).toBe(true);
	});

	it.each([
		[{ account: '  Acme Corp ' }, 'acme corp'],
		[{ accountId: 'ACC-42' }, 'acc-42'],
		[{ company: 'Globex' }, 'globex'],
	])('keeps the lead\'s account %j in the snapshot through a flat row and History', (fields, account) => {
		const record = buildOutcomeRecord({ ...lead, fields }, {}, now);
		expect(record.lead?.account).toBe(account);
		const flat = toFlatRow(record);
		expect(JSON.parse(flat.lead as string).account).toBe(account);
		const history = parseHistory([flat]);
		expect(history.invalid).toEqual([]);
		expect(history.records[0].lead?.account).toBe(account);
		expect(readOutcomeRow(flat, now).lead?.account).toBe(account);
	});

	it('leaves the account out of the snapshot when the lead has none', () => {
		for (const fields of [{}, { account: '   ' }, undefined]) {
			expect(buildOutcomeRecord({ ...lead, fields }, {}, now).lead).not.toHaveProperty('account');
		}
	});

	it('records whether the lead had a phone and an email (never which) through a flat row and History', () => {
		for (const [contact, expected] of [
			[{}, { hasPhone: true, hasEmail: true }],
			[{ phone: null, email: '' }, { hasPhone: false, hasEmail: false }],
			[{ email: null }, { hasPhone: true, hasEmail: false }],
		] as const) {
			const record = buildOutcomeRecord({ ...lead, ...contact }, {}, now);
			expect(record.lead).toMatchObject(expected);
			const history = parseHistory([toFlatRow(record)]);
			expect(history.invalid).toEqual([]);
			expect(history.records[0].lead).toMatchObject(expected);
			// The phone itself is never copied (the email survives only as the dedupe key).
			expect(JSON.stringify(history.records[0].lead)).not.toMatch(/\+1305/);
		}
	});

	it('leaves hasPhone and hasEmail out when the item has no phone or email field at all (a CRM payload)', () => {
		const crm = buildOutcomeRecord({ leadId: 'lead-9', agentId: 'a7', event: 'won' }, {}, now).lead;
		expect(crm).not.toHaveProperty('hasPhone');
		expect(crm).not.toHaveProperty('hasEmail');
		const emailOnly = buildOutcomeRecord({ leadId: 'lead-9', agentId: 'a7', event: 'won', email: 'x@example.com' }, {}, now).lead;
		expect(emailOnly).toMatchObject({ hasEmail: true });
		expect(emailOnly).not.toHaveProperty('hasPhone');
	});

	it('reads event, time, agent and value from a CRM payload, normalising spelling and epoch time', () => {
		const crm = { leadId: 'lead-9', agentId: 'a7', event: 'meeting_booked', at: 1793628000, value: '2,500' };
		expect(buildOutcomeRecord(crm, {}, now)).toMatchObject({
			event: 'meetingBooked',
			agentId: 'a7',
			at: '2026-11-02T14:00:00.000Z',
			value: 2500,
			lead: { leadId: 'lead-9', product: null },
		});
		expect(buildOutcomeRecord(crm, { event: 'won', agentId: 'a8', value: 900 }, now)).toMatchObject({ event: 'won', agentId: 'a8', value: 900 });
	});

	it('uses now for an event with no time anywhere', () => {
		expect(buildOutcomeRecord({ leadId: 'x', agentId: 'a1', event: 'lost' }, {}, now).at).toBe(now.toISOString());
	});

	it('round-trips through a flat row and back', () => {
		for (const event of ['assigned', 'contacted', 'won'] as const) {
			const record = buildOutcomeRecord({ ...lead, holdout: false }, { event, at: '2026-11-02T14:04:00Z' }, now);
			const flat = toFlatRow(record);
			expect(typeof flat.lead).toBe('string');
			for (const value of Object.values(flat)) expect(['string', 'number', 'boolean'].includes(typeof value) || value === null).toBe(true);
			expect(flat).toMatchObject({ product: 'auto', channel: 'paid_search', score: 80, holdout: false });
			expect(readOutcomeRow(flat, now)).toEqual(record);
			// Stores hand flat values back as strings; the reader takes them.
			const asStrings = Object.fromEntries(Object.entries(flat).map(([k, v]) => [k, v === null ? '' : String(v)]));
			expect(readOutcomeRow(asStrings, now)).toEqual(record);
		}
	});

	it('keeps a record without a snapshot readable as a flat row (no "null" text in lead)', () => {
		const record = { ...buildOutcomeRecord(lead, { event: 'won', at: '2026-11-02T14:04:00Z' }, now), lead: null };
		const flat = toFlatRow(record);
		expect(flat.lead).toBeNull();
		expect(readOutcomeRow(flat, now)).toMatchObject({ leadId: 'lead-1', event: 'won' });
		expect(parseHistory([flat]).invalid).toEqual([]);
	});

	it('reads a nested record back unchanged', () => {
		const record = buildOutcomeRecord(lead, { event: 'contacted', at: '2026-11-02T14:01:00Z' }, now);
		expect(readOutcomeRow(JSON.parse(JSON.stringify(record)), now)).toEqual(record);
	});

	it.each([
		[{ ...lead }, { event: 'called' }, 'event', 'unknownEvent'],
		[{ leadId: 'x', agentId: 'a1' }, {}, 'event', 'missingEvent'],
		[{ agentId: 'a1', event: 'won' }, {}, 'leadId', 'missingLeadId'],
		[{ leadId: 'x', event: 'won' }, {}, 'agentId', 'missingAgentId'],
		[{ leadId: 'x', agentId: 'a1', event: 'won', at: 'yesterday-ish' }, {}, 'at', 'unreadable'],
		[{ ...lead }, { event: 'won', at: 'not a time' }, 'at', 'unreadable'],
		[{ leadId: 'x', agentId: 'a1', event: 'won', value: 'lots' }, {}, 'value', 'unreadable'],
		[{ leadId: 'x', agentId: 'a1', event: 'won', propensity: 1.5 }, {}, 'propensity', 'badPropensity'],
		[{ leadId: 'x', agentId: 'a1', event: 'won', lead: '{not json' }, {}, 'lead', 'unreadable'],
	])('rejects bad input #%#, naming the field', (item, overrides, field, code) => {
		expect(() => buildOutcomeRecord(item as Record<string, unknown>, overrides, now)).toThrow(expect.objectContaining({ field, code }));
	});

	it('requires event and time on stored rows', () => {
		expect(() => readOutcomeRow({ leadId: 'x', agentId: 'a', at: '2026-11-02T14:00:00Z' }, now)).toThrow(expect.objectContaining({ field: 'event' }));
		expect(() => readOutcomeRow({ leadId: 'x', agentId: 'a', event: 'won' }, now)).toThrow(expect.objectContaining({ field: 'at' }));
	});
});
