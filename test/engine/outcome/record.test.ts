import { buildOutcomeRecord, OUTCOME_EVENT_TYPES, readOutcomeRow, toFlatRow } from '../../../engine/outcome/record';
import { assignedLead } from '../escalate/fixtures';
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
