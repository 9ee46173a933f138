import { parseRoster } from '../../engine/roster';
import { parseWorkingHours } from '../../engine/workingHours';

describe('parseRoster', () => {
	it('reads a JSON roster with nested licenses and appointments', () => {
		const { agents, invalid } = parseRoster([
			{
				id: 'a1',
				name: 'Ana Reyes',
				active: true,
				timezone: 'America/Chicago',
				workingHours: 'Mon-Fri 09:00-17:00',
				weight: 2,
				capacity: { perDay: 10, open: 25 },
				skills: ['home', 'auto', 'es'],
				residentState: 'TX',
				licenses: [
					{ state: 'TX', linesOfAuthority: ['personalLines'], status: 'Active', expiresOn: '2027-05-31' },
					{ state: 'OK', residency: 'nonresident', linesOfAuthority: ['Property', 'Casualty'], expiresOn: '2027-01-31' },
				],
				appointments: [{ carrier: 'Acme Mutual', state: 'TX', status: 'active', effectiveOn: '2024-01-01' }],
			},
		]);
		expect(invalid).toEqual([]);
		const [ana] = agents;
		expect(ana).toMatchObject({ id: 'a1', weight: 2, capacity: { perDay: 10, open: 25 }, residentState: 'TX' });
		expect(ana.licenses[0]).toMatchObject({ state: 'TX', residency: 'resident', status: 'active', linesOfAuthority: ['personalLines'] });
		expect(ana.licenses[1]).toMatchObject({ state: 'OK', residency: 'nonresident', linesOfAuthority: ['property', 'casualty'] });
		expect(ana.workingHours).toEqual([{ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 }]);
		expect(ana.appointments[0]).toMatchObject({ carrier: 'Acme Mutual', state: 'TX', effectiveOn: '2024-01-01' });
	});

	it('reads a flat sheet row: strings for booleans and numbers, JSON strings, comma lists', () => {
		const { agents, invalid } = parseRoster([
			{
				id: 'b2',
				firstName: 'Ben',
				lastName: 'Cole',
				active: 'TRUE',
				weight: '1.5',
				capacityPerDay: '8',
				skills: 'life, annuity',
				residentState: 'Florida',
				licenseStates: 'FL, GA',
				linesOfAuthority: 'Life, Accident & Health',
				licenseExpiresOn: '3/31/2027',
				outOfOffice: '[{"from":"2026-12-24","to":"2026-12-26"}]',
			},
		]);
		expect(invalid).toEqual([]);
		const [ben] = agents;
		expect(ben.name).toBe('Ben Cole');
		expect(ben.active).toBe(true);
		expect(ben.weight).toBe(1.5);
		expect(ben.capacity).toEqual({ perDay: 8 });
		expect(ben.skills).toEqual(['life', 'annuity']);
		expect(ben.residentState).toBe('FL');
		expect(ben.licenses.map((l) => [l.state, l.residency, l.expiresOn])).toEqual([
			['FL', 'resident', '2027-03-31'],
			['GA', 'nonresident', '2027-03-31'],
		]);
		expect(ben.licenses[0].linesOfAuthority).toEqual(['life', 'accidentHealth']);
		expect(ben.outOfOffice).toEqual([{ from: '2026-12-24', to: '2026-12-26' }]);
	});

	it('reads licenses given as a JSON string', () => {
		const { agents } = parseRoster([
			{ id: 'c3', active: 'false', licenses: '[{"state":"CA","linesOfAuthority":"Property & Casualty","expiresOn":"2027-02-28"}]' },
		]);
		expect(agents[0].active).toBe(false);
		expect(agents[0].licenses[0]).toMatchObject({ state: 'CA', linesOfAuthority: ['property', 'casualty'] });
	});

	it('takes the agent id from agentId when a Data Table row also has its own numeric id', () => {
		const rows = [
			{ id: 1, agentId: 'ana', name: 'Ana', createdAt: '2026-01-01T00:00:00.000Z' },
			{ id: 2, agentId: 'gus', name: 'Gus', createdAt: '2026-01-01T00:00:00.000Z' },
		];
		const { agents, invalid } = parseRoster(rows);
		expect(invalid).toEqual([]);
		expect(agents.map((agent) => agent.id)).toEqual(['ana', 'gus']);
	});

	it('skips the empty placeholder row n8n emits for an empty table', () => {
		expect(parseRoster([{}])).toEqual({ agents: [], invalid: [], duplicates: [] });
	});

	it('fails closed on unreadable rows, naming the row and the field', () => {
		const { agents, invalid } = parseRoster([
			'not a row',
			{ name: 'No Id' },
			{ id: 'x1', active: 'maybe' },
			{ id: 'x2', licenses: '[{"state":"Atlantis"}]' },
			{ id: 'x3', licenses: '{not json' },
			{ id: 'x4', timezone: 'Mars/Olympus' },
			{ id: 'x5', weight: -1 },
			{ id: 'x6', licenseStates: 'TX', licenseExpiresOn: 'someday' },
			{ id: 'ok' },
		]);
		expect(agents.map((a) => a.id)).toEqual(['ok']);
		expect(invalid.map((p) => p.row)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(invalid.every((p) => p.reasons[0].code === 'rosterInvalid')).toBe(true);
		const messages = invalid.map((p) => p.reasons[0].message);
		expect(messages[2]).toMatch(/row 2 \(agent "x1"\): active is not a yes\/no value/);
		expect(messages[3]).toMatch(/licenses\[0\]\.state is not a US state/);
		expect(messages[4]).toMatch(/licenses is not valid JSON/);
		expect(messages[5]).toMatch(/timezone is not an IANA time zone/);
		expect(messages[7]).toMatch(/licenseExpiresOn is not a date/);
	});

	it('reads an expiry written with a time and offset as the date it says, and refuses a year or month alone', () => {
		const row = (expiresOn: unknown) => ({ id: 'e', residentState: 'FL', licenses: [{ state: 'FL', linesOfAuthority: 'life', expiresOn }] });
		const expiryOf = (expiresOn: unknown) => parseRoster([row(expiresOn)]).agents[0]?.licenses[0].expiresOn;
		// An export's local end of day: the 14th in its own offset, the 15th in UTC.
		expect(expiryOf('2026-03-14T23:59:59-05:00')).toBe('2026-03-14');
		expect(expiryOf('2026-03-14 23:59:59-05:00')).toBe('2026-03-14');
		expect(expiryOf('2026-03-14T00:00:00.000Z')).toBe('2026-03-14');
		expect(expiryOf('20260314')).toBe('2026-03-14');
		expect(expiryOf('3/14/2026')).toBe('2026-03-14');
		for (const partial of ['2027', '2027-03']) {
			const { agents, invalid } = parseRoster([row(partial)]);
			expect(agents).toEqual([]);
			expect(invalid[0].reasons[0].message).toMatch(/licenses\[0\]\.expiresOn is not a date/);
		}
	});

	it('refuses a state cell that names two states instead of reading the first', () => {
		const { agents, invalid } = parseRoster([
			{ id: 'two', licenseStates: 'FL/GA', linesOfAuthority: 'life', licenseExpiresOn: '2030-01-01' },
			{ id: 'one', licenseStates: 'FL - Florida; GA', linesOfAuthority: 'life', licenseExpiresOn: '2030-01-01' },
		]);
		expect(invalid.map((problem) => problem.agentId)).toEqual(['two']);
		expect(invalid[0].reasons[0].message).toMatch(/licenseStates is not a US state: "FL\/GA"/);
		expect(agents[0].licenses.map((license) => license.state)).toEqual(['FL', 'GA']);
	});

	it('counts an exact repeat once, and leaves out an agent whose rows disagree (fail closed)', () => {
		const { agents, invalid, duplicates } = parseRoster([
			{ id: 'same', licenseStates: 'FL', linesOfAuthority: 'personalLines' },
			{ id: 'both', licenseStates: 'FL', linesOfAuthority: 'personalLines' },
			{ id: 'same', licenseStates: 'FL', linesOfAuthority: 'personalLines' },
			{ id: 'both', licenseStates: 'FL, GA', linesOfAuthority: 'personalLines' },
			{ id: 'both', licenseStates: 'Atlantis' },
		]);
		expect(agents.map((a) => a.id)).toEqual(['same']);
		expect(invalid.map((p) => [p.row, p.agentId, p.reasons[0].code])).toEqual([
			[1, 'both', 'rosterConflict'],
			[3, 'both', 'rosterConflict'],
			[4, 'both', 'rosterInvalid'],
		]);
		expect(duplicates.map((p) => [p.row, p.agentId, p.reasons[0].code])).toEqual([[2, 'same', 'rosterDuplicate']]);
		expect(invalid[0].reasons[0].message).toMatch(/appears on rows 1, 3, 4 with different data/);
	});
});

describe('parseWorkingHours', () => {
	it.each([
		['Mon-Fri 9am-5pm', [{ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 }]],
		['Mon,Wed 08:00-12:00; Sat 10-14', [
			{ days: [1, 3], startMinute: 480, endMinute: 720 },
			{ days: [6], startMinute: 600, endMinute: 840 },
		]],
		['Sat-Mon 22:00-06:00', [{ days: [0, 1, 6], startMinute: 1320, endMinute: 360 }]],
		['24/7', []],
		[{ mon: '09:00-17:00', sun: null }, [{ days: [1], startMinute: 540, endMinute: 1020 }]],
		[{ days: ['Tue'], start: '10:00', end: '11:30' }, [{ days: [2], startMinute: 600, endMinute: 690 }]],
		// Office shorthand: "9-5" is 09:00-17:00, not a 20-hour night; an evening start stays overnight.
		['Mon-Fri 9-5', [{ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 }]],
		['Mon-Fri 8:30-5:30', [{ days: [1, 2, 3, 4, 5], startMinute: 510, endMinute: 1050 }]],
		['Fri 22-6', [{ days: [5], startMinute: 1320, endMinute: 360 }]],
		['Fri 10pm-6am', [{ days: [5], startMinute: 1320, endMinute: 360 }]],
		['weekdays 0900-1700', [{ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 }]],
		// ISO numbering (Monday 1 ... Sunday 7): 7 is Sunday.
		[{ days: [6, 7], start: '10:00', end: '14:00' }, [{ days: [6, 0], startMinute: 600, endMinute: 840 }]],
	])('parses %j', (input, expected) => {
		expect(parseWorkingHours(input)).toEqual(expected);
	});

	it.each(['Mon-Fri', 'Funday 9-5', 'Mon 25:00-26:00', 'Mon 9-9', { days: [8], start: '9', end: '17' }, { days: [1.5], start: '9', end: '17' }])('rejects %j', (input) => {
		expect(() => parseWorkingHours(input)).toThrow();
	});
});
