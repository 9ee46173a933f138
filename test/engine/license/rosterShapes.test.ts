/** Every roster shape parseRoster accepts reaches the same eligibility; unreadable rows fail closed. */
import { parseRoster } from '../../../engine/roster';
import { indexRoster } from '../../../engine/license';
import { agentRow, check, lead, reasonCodes } from './fixtures';

const licenses = [
	{ state: 'FL', residency: 'resident', linesOfAuthority: ['personalLines'], status: 'active', expiresOn: '2030-12-31' },
	{ state: 'GA', residency: 'nonresident', linesOfAuthority: ['personalLines'], status: 'active', expiresOn: '2030-12-31' },
];

const shapes: Record<string, Record<string, unknown>> = {
	'nested arrays': agentRow({ licenses }),
	'licenses as a JSON string': agentRow({ licenses: JSON.stringify(licenses), active: 'true' }),
	'flat columns': {
		id: 'a1',
		name: 'Ana Alvarez',
		active: 'TRUE',
		residentState: 'FL',
		licenseStates: 'FL, GA',
		linesOfAuthority: 'Personal Lines',
		licenseExpiresOn: '12/31/2030',
		weight: '1',
	},
	'flat columns with a JSON list of states': {
		id: 'a1',
		name: 'Ana Alvarez',
		residentState: 'Florida',
		licenseStates: '["FL","GA"]',
		linesOfAuthority: 'personalLines',
		licenseExpiresOn: '2030-12-31',
	},
};

describe('License Check with every roster shape', () => {
	for (const [shape, row] of Object.entries(shapes)) {
		it(`reads ${shape}`, () => {
			expect(check(lead({ state: 'FL' }), [row]).eligibleAgentIds).toEqual(['a1']);
			expect(check(lead({ state: 'GA' }), [row]).eligibleAgentIds).toEqual(['a1']);
			expect(reasonCodes(check(lead({ state: 'AL' }), [row]), 'a1')).toEqual(['noLicenseInState']);
		});
	}

	it('excludes an inactive agent given as the string "false"', () => {
		expect(reasonCodes(check(lead(), [{ ...shapes['flat columns'], active: 'false' }]), 'a1')).toEqual(['inactive']);
	});
});

describe('unreadable roster rows', () => {
	const bad = [
		{ id: 'broken-json', licenses: '[{"state": "FL"' },
		{ id: 'bad-state', licenses: [{ state: 'Atlantis', linesOfAuthority: ['life'] }] },
		{ id: 'bad-line', licenseStates: 'FL', linesOfAuthority: 'wizardry' },
		'not an object',
		{ name: 'No Id' },
	];

	it('excludes each with `rosterInvalid` and a message naming the field, while good rows still route', () => {
		const result = check(lead(), [agentRow(), ...bad]);
		expect(result.status).toBe('eligible');
		expect(result.eligibleAgentIds).toEqual(['a1']);
		expect(reasonCodes(result, 'broken-json')).toEqual(['rosterInvalid']);
		expect(result.excluded.find((entry) => entry.agentId === 'bad-state')?.reasons[0].message).toContain('licenses[0].state');
		expect(result.excluded.find((entry) => entry.agentId === 'bad-line')?.reasons[0].message).toContain('linesOfAuthority');
		expect(reasonCodes(result, 'row 4')).toEqual(['rosterInvalid']);
		expect(reasonCodes(result, 'row 5')).toEqual(['rosterInvalid']);
	});

	it('never says "none" when an unreadable row might have been eligible: the lead goes to review', () => {
		const result = check(lead({ state: 'GA' }), [agentRow(), bad[0]]);
		expect(result.status).toBe('needsReview');
		expect(result.reasons?.map((reason) => reason.code)).toEqual(['rosterInvalid']);
	});

	it('keeps items in = agents out: every agent is either eligible or excluded exactly once', () => {
		const rows = [agentRow(), agentRow({ id: 'a2', active: false }), agentRow({ id: 'a3', residentState: 'GA', licenses: [] }), ...bad];
		const result = check(lead(), rows);
		const seen = [...result.eligibleAgentIds, ...result.excluded.map((entry) => entry.agentId)];
		expect(new Set(seen).size).toBe(rows.length);
		expect(indexRoster(parseRoster(rows)).agentCount + bad.length).toBe(rows.length);
	});
});
