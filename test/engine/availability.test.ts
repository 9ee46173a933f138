import { checkAvailability, nextWorkingStart } from '../../engine/availability';
import { parseHistory, workloadByAgent } from '../../engine/history';
import { parseRoster } from '../../engine/roster';
import { buildOutcomeRecord, toFlatRow } from '../../engine/outcome/record';
import { matchLeads } from '../../engine/match/matchLead';
import { context, lead } from './match/fixtures';

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

	it('skips a next shift that falls inside an out-of-office window', () => {
		// Sunday 2026-12-20 13:00 Denver; out all of Monday the 21st: she next works Tuesday 09:00.
		const [away] = parseRoster([{ id: 'd2', name: 'Dee', timezone: 'America/Denver', workingHours: 'Mon-Fri 09:00-17:00', outOfOffice: [{ from: '2026-12-21', to: '2026-12-21' }] }]).agents;
		expect(checkAvailability(away, new Date('2026-12-20T20:00:00Z')).nextAvailableAt).toBe('2026-12-22T16:00:00.000Z');
	});

	it('opens at the wall-clock start on daylight-saving days', () => {
		const [ny] = parseRoster([{ id: 'n1', name: 'Ny', timezone: 'America/New_York', workingHours: 'Mon-Sun 09:00-17:00' }]).agents;
		// Spring forward (Sunday 2026-03-08): 09:00 EDT is 13:00 UTC, not 10:00 EDT.
		expect(nextWorkingStart(ny, new Date('2026-03-08T06:00:00Z'))?.toISOString()).toBe('2026-03-08T13:00:00.000Z');
		// Fall back (Sunday 2026-11-01) at 08:30 EST: 09:00 EST is 14:00 UTC, half an hour away, not tomorrow.
		expect(nextWorkingStart(ny, new Date('2026-11-01T13:30:00Z'))?.toISOString()).toBe('2026-11-01T14:00:00.000Z');
		// ... and from 00:30 that morning, still 09:00 EST, not 08:00.
		expect(nextWorkingStart(ny, new Date('2026-11-01T04:30:00Z'))?.toISOString()).toBe('2026-11-01T14:00:00.000Z');
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

describe('daily caps and leads that wait overnight', () => {
	const hours = 'Mon-Fri 09:00-17:00';
	const [ava, ben] = parseRoster([
		{ id: 'ava', name: 'Ava', timezone: 'America/New_York', workingHours: hours, capacity: { perDay: 2 } },
		{ id: 'ben', name: 'Ben', timezone: 'America/Chicago', workingHours: hours },
	]).agents;
	const wednesdayNight = new Date('2026-03-19T03:00:00Z'); // 23:00 in New York
	const thursdayMorning = new Date('2026-03-19T13:30:00Z'); // 09:30 in New York
	/** An "assigned" row as Log Outcome writes it for a lead that waits until `availableAt`. */
	const waiting = (leadId: string, agentId: string, availableAt = '2026-03-19T13:00:00.000Z') =>
		toFlatRow(buildOutcomeRecord({ leadId, product: 'auto', state: 'FL', assignment: { agentId, decidedAt: wednesdayNight.toISOString(), attempt: 1, strategy: 'roundRobin:waiting', availableAt } }, { event: 'assigned' }, wednesdayNight));

	it('counts a lead that waited overnight against the day it is worked, not the evening it arrived', () => {
		const { records } = parseHistory([waiting('L1', 'ava'), waiting('L2', 'ava'), { leadId: 'L0', agentId: 'ava', event: 'assigned', at: '2026-03-18T20:00:00Z', strategy: 'roundRobin' }]);
		// Wednesday night: the day's lead counts today; the two waiting for Thursday do not.
		expect(workloadByAgent(records, wednesdayNight, { agents: [ava] }).get('ava')).toMatchObject({ assignedToday: 1, waitingByDay: { '2026-03-19': 2 } });
		// Thursday morning they are Thursday's: her cap of 2 is reached.
		const thursday = workloadByAgent(records, thursdayMorning, { agents: [ava] }).get('ava')!;
		expect(thursday.assignedToday).toBe(2);
		expect(checkAvailability(ava, thursdayMorning, thursday).reasons.map((r) => r.code)).toEqual(['dailyCapReached']);
	});

	it('still counts waiting rows logged before rows kept the opening, and reads an opening written with an offset', () => {
		const legacy = (leadId: string) => ({ leadId, agentId: 'ava', event: 'assigned', at: wednesdayNight.toISOString(), strategy: 'roundRobin:waiting' });
		const { records } = parseHistory([legacy('O1'), legacy('O2')]);
		expect(workloadByAgent(records, thursdayMorning, { agents: [ava] }).get('ava')?.assignedToday).toBe(2);
		// 02:00 New York time on the 19th (06:00Z) is after the 03:00Z assignment, though its text sorts before it.
		const offset = { ...waiting('O3', 'ava'), lead: JSON.stringify({ leadId: 'O3', product: 'auto', state: 'FL', source: null, score: null, dedupeKey: null, availableAt: '2026-03-19T02:00:00-04:00' }) };
		expect(workloadByAgent(parseHistory([offset]).records, thursdayMorning, { agents: [ava] }).get('ava')?.assignedToday).toBe(1);
	});

	it("moves a capped agent's next opening to the next day with room", () => {
		const { records } = parseHistory([waiting('L1', 'ava'), waiting('L2', 'ava')]);
		const workload = workloadByAgent(records, wednesdayNight, { agents: [ava] }).get('ava')!;
		// Thursday 09:00 is full with the two waiting leads, so she next has room Friday 09:00.
		expect(checkAvailability(ava, wednesdayNight, workload).nextAvailableAt).toBe('2026-03-20T13:00:00.000Z');
		// Without them, Thursday 09:00.
		expect(checkAvailability(ava, wednesdayNight, workloadByAgent([], wednesdayNight, { agents: [ava] }).get('ava')).nextAvailableAt).toBe('2026-03-19T13:00:00.000Z');
	});

	it('spreads a night of leads over the days with room, in one batch and one execution per lead alike', () => {
		// One agent with a cap of 2: six leads at 23:00 Wednesday wait for Thursday, Friday and Monday.
		const expected = ['2026-03-19', '2026-03-19', '2026-03-20', '2026-03-20', '2026-03-23', '2026-03-23'];
		const ids = expected.map((_, i) => `N${i}`);
		const batch = matchLeads(ids.map((id) => lead(id)), wednesdayNight, context([ava], [], wednesdayNight, { sticky: { enabled: false } }));
		const dayOf = (decision: (typeof batch)[number]) => (decision.assigned ? (decision.assignment.availableAt ?? '').slice(0, 10) : null);
		expect(batch.map(dayOf)).toEqual(expected);
		// One execution per lead (as the templates run), each reading the rows Log Outcome wrote.
		const rows: ReturnType<typeof waiting>[] = [];
		const days: Array<string | null> = [];
		for (const id of ids) {
			const [decision] = matchLeads([lead(id)], wednesdayNight, context([ava], parseHistory(rows).records, wednesdayNight, { sticky: { enabled: false } }));
			if (!decision.assigned) throw new Error('expected an assignment');
			days.push(dayOf(decision));
			rows.push(waiting(id, 'ava', decision.assignment.availableAt));
		}
		expect(days).toEqual(expected);
	});

	it('sends the third overnight lead to whoever opens next with room', () => {
		// ava opens first (09:00 New York, an hour before ben) and takes two.
		const batch = matchLeads([lead('B1'), lead('B2'), lead('B3')], wednesdayNight, context([ava, ben], [], wednesdayNight, { sticky: { enabled: false } }));
		expect(batch.map((decision) => decision.assigned && decision.assignment.agentId)).toEqual(['ava', 'ava', 'ben']);
	});
});
