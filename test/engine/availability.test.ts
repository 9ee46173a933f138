import { checkAvailability, nextWorkingStart } from '../../engine/availability';
import { parseHistory, workloadByAgent } from '../../engine/history';
import { parseRoster } from '../../engine/roster';

const [denver] = parseRoster([
	{
		id: 'd1',
		name: 'Dana',
		timezone: 'America/Denver',
		workingHours: 'Mon-Fri 09:00-17:00',
		capacity: { perDay: 2, open: 3 },
		outOfOffice: [{ from: '2026-12-24', to: '2026-12-26' }],
	},
]).agents;

describe('checkAvailability', () => {
	it('uses the agent own zone for working hours', () => {
		// Wednesday 2026-11-25 16:30 UTC = 09:30 in Denver.
		expect(checkAvailability(denver, new Date('2026-11-25T16:30:00Z')).available).toBe(true);
		// 15:30 UTC = 08:30 in Denver: closed, opens at 09:00 local = 16:00 UTC.
		const early = checkAvailability(denver, new Date('2026-11-25T15:30:00Z'));
		expect(early.available).toBe(false);
		expect(early.reasons.map((r) => r.code)).toEqual(['outsideWorkingHours']);
		expect(early.nextAvailableAt).toBe('2026-11-25T16:00:00.000Z');
	});

	it('finds Monday morning from a Friday evening', () => {
		// Friday 2026-11-27 18:00 Denver = Sat 01:00 UTC.
		expect(nextWorkingStart(denver, new Date('2026-11-28T01:00:00Z'))?.toISOString()).toBe('2026-11-30T16:00:00.000Z');
	});

	it('honours out-of-office days in the agent zone, through the end of the last day', () => {
		const away = checkAvailability(denver, new Date('2026-12-26T20:00:00Z'));
		expect(away.reasons.map((r) => r.code)).toContain('outOfOffice');
		// Back on Monday Dec 28, 09:00 Denver.
		expect(away.nextAvailableAt).toBe('2026-12-28T16:00:00.000Z');
	});

	it('applies the daily and open caps from history', () => {
		const { records } = parseHistory([
			{ leadId: 'l1', agentId: 'd1', event: 'assigned', at: '2026-11-25T16:00:00Z' },
			{ leadId: 'l2', agentId: 'd1', event: 'assigned', at: '2026-11-25T16:10:00Z' },
			{ leadId: 'l0', agentId: 'd1', event: 'assigned', at: '2026-11-24T16:10:00Z' },
			{ leadId: 'l0', agentId: 'd1', event: 'won', at: '2026-11-24T18:10:00Z' },
		]);
		const now = new Date('2026-11-25T17:00:00Z');
		const workload = workloadByAgent(records, now, { agents: [denver] }).get('d1');
		expect(workload).toMatchObject({ assignedToday: 2, open: 2 });
		const capped = checkAvailability(denver, now, workload);
		expect(capped.available).toBe(false);
		expect(capped.reasons.map((r) => r.code)).toEqual(['dailyCapReached']);
		expect(capped.nextAvailableAt).toBe('2026-11-26T16:00:00.000Z');
		expect(checkAvailability(denver, now, workload, { ignoreCaps: true }).available).toBe(true);
	});

	it('never offers an inactive agent', () => {
		const inactive = { ...denver, active: false };
		expect(checkAvailability(inactive, new Date('2026-11-25T16:30:00Z')).reasons[0].code).toBe('inactive');
	});
});

describe('history', () => {
	it('reads flat rows with a JSON lead snapshot and rejects bad rows with reasons', () => {
		const { records, invalid } = parseHistory([
			{ leadId: 'l1', agentId: 'a', event: 'won', at: 1764000000, value: '1200', lead: '{"product":"auto","state":"TX"}' },
			{ leadId: 'l2', agentId: 'a', event: 'teleported', at: '2026-11-25T00:00:00Z' },
			{ agentId: 'a', event: 'won', at: '2026-11-25T00:00:00Z' },
			42,
		]);
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({ value: 1200, lead: { leadId: 'l1', product: 'auto', state: 'TX' } });
		expect(records[0].at).toBe('2025-11-24T16:00:00.000Z');
		expect(invalid.map((p) => p.row)).toEqual([1, 2, 3]);
		expect(invalid[0].reasons[0].message).toMatch(/event is not one of/);
		expect(invalid[1].reasons[0].message).toMatch(/leadId is missing/);
	});

	it('skips the empty placeholder row n8n emits for an empty table', () => {
		expect(parseHistory([{}])).toEqual({ records: [], invalid: [], duplicates: [] });
	});

	it('counts a repeated row (a retried insert) once, and says so', () => {
		const row = { leadId: 'l1', agentId: 'a', event: 'assigned', at: '2026-11-25T10:00:00Z' };
		const history = parseHistory([row, { ...row, at: '2026-11-25T10:00:00.000Z' }, { ...row, event: 'accepted' }]);
		expect(history.records.map((r) => r.event)).toEqual(['assigned', 'accepted']);
		expect(history.duplicates).toEqual([{ row: 1, reasons: [{ code: 'historyDuplicate', message: 'history row 1 repeats row 0; counted once' }] }]);
	});

	it('releases a lead from an agent who declined or let it expire', () => {
		const { records } = parseHistory([
			{ leadId: 'l1', agentId: 'a', event: 'assigned', at: '2026-11-25T10:00:00Z' },
			{ leadId: 'l1', agentId: 'a', event: 'expired', at: '2026-11-25T10:05:00Z' },
			{ leadId: 'l1', agentId: 'b', event: 'assigned', at: '2026-11-25T10:05:01Z' },
		]);
		const workloads = workloadByAgent(records, new Date('2026-11-25T12:00:00Z'));
		expect(workloads.get('a')?.open).toBe(0);
		expect(workloads.get('b')?.open).toBe(1);
		expect(workloads.get('a')?.assignedInInterval).toBe(1);
	});
});
