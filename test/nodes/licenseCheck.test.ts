/** License Check through n8n-core's WorkflowExecute: two inputs, three outputs, hints, Continue On Fail. */
import { runNode } from '../harness/runWorkflow';

const TYPE = 'n8n-nodes-lead-routing.licenseCheck';
const asOf = '2026-03-15T12:00:00Z';

const agents = [
	{
		id: 'fl-pl',
		name: 'Ana Alvarez',
		residentState: 'FL',
		licenses: JSON.stringify([{ state: 'FL', residency: 'resident', linesOfAuthority: ['personalLines'], status: 'active', expiresOn: '2030-12-31' }]),
	},
	{ id: 'ga-flat', name: 'Gus Green', active: 'true', residentState: 'GA', licenseStates: 'GA, FL', linesOfAuthority: 'Property & Casualty', licenseExpiresOn: '2030-06-30' },
	{ id: 'tx-life', name: 'Tia Torres', residentState: 'TX', licenseStates: 'TX', linesOfAuthority: 'life', licenseExpiresOn: '2030-06-30' },
];

const leads = [
	{ leadId: 'l-fl-auto', state: 'FL', product: 'auto' },
	{ leadId: 'l-tx-auto', state: 'TX', product: 'auto' },
	{ leadId: 'l-none', state: null, product: 'auto' },
	{ leadId: 'l-odd', state: 'FL', product: 'spaceTravel' },
	{ leadId: 'l-tx-life', state: 'TX', product: 'life' },
];

describe('License Check node', () => {
	it('routes each lead to Eligible, No Eligible Agent or Needs Review, with pairedItem and counts kept', async () => {
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: { asOf }, inputs: [leads, agents] });
		expect(error).toBeUndefined();
		const [eligible, none, review] = nodeOutputs;
		expect(eligible.map((item) => item.json.leadId)).toEqual(['l-fl-auto', 'l-tx-life']);
		expect(none.map((item) => item.json.leadId)).toEqual(['l-tx-auto']);
		expect(review.map((item) => item.json.leadId)).toEqual(['l-none', 'l-odd']);
		expect(nodeOutputs.flat()).toHaveLength(leads.length);
		expect(eligible.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 4 }]);
		expect(review.map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 3 }]);
		expect(eligible[0].json.eligibility).toMatchObject({ status: 'eligible', eligibleAgentIds: ['fl-pl', 'ga-flat'], checkedAt: '2026-03-15T12:00:00.000Z' });
		const noneEligibility = none[0].json.eligibility as { excluded: Array<{ agentId: string; reasons: Array<{ code: string }> }> };
		expect(noneEligibility.excluded.find((entry) => entry.agentId === 'tx-life')?.reasons.map((reason) => reason.code)).toEqual(['missingLineOfAuthority']);
	});

	it('names unreadable roster rows in a hint and excludes them with rosterInvalid', async () => {
		const badAgents = [...agents, { id: 'broken', licenses: '[{"state":' }];
		const { nodeOutputs, run, error } = await runNode({ type: TYPE, parameters: { asOf }, inputs: [leads.slice(0, 1), badAgents] });
		expect(error).toBeUndefined();
		const eligibility = nodeOutputs[0][0].json.eligibility as { excluded: Array<{ agentId: string; reasons: Array<{ code: string }> }> };
		expect(eligibility.excluded.filter((entry) => entry.agentId === 'broken')).toEqual([
			{ agentId: 'broken', reasons: [expect.objectContaining({ code: 'rosterInvalid' })] },
		]);
		const hints = run.data.resultData.runData['Under Test'][0].hints ?? [];
		expect(hints.map((hint) => hint.message).join(' ')).toMatch(/1 roster row\(s\) could not be read.*broken/);
	});

	it('sends every lead to Needs Review (emptyRoster) when the Agents input is empty', async () => {
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: { asOf }, inputs: [leads.slice(0, 2), []] });
		expect(error).toBeUndefined();
		expect(nodeOutputs[2].map((item) => (item.json.eligibility as { reasons: Array<{ code: string }> }).reasons[0].code)).toEqual([
			'emptyRoster',
			'emptyRoster',
		]);
	});

	it('makes the check reproducible with As Of: a license valid tonight is expired tomorrow morning', async () => {
		const expiring = [{ id: 'x', name: 'X', residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'personalLines', licenseExpiresOn: '2026-03-31' }];
		const tonight = await runNode({ type: TYPE, parameters: { asOf: '2026-03-31T23:30:00-04:00' }, inputs: [leads.slice(0, 1), expiring] });
		expect(tonight.nodeOutputs[0]).toHaveLength(1);
		expect((tonight.nodeOutputs[0][0].json.eligibility as { warnings: Array<{ code: string }> }).warnings[0].code).toBe('licenseExpiringSoon');
		const tomorrow = await runNode({ type: TYPE, parameters: { asOf: '2026-04-01T08:00:00-04:00' }, inputs: [leads.slice(0, 1), expiring] });
		expect(tomorrow.nodeOutputs[1]).toHaveLength(1);
	});

	it("reads an As Of without an offset in the workflow's time zone, not the server's", async () => {
		const expiring = [{ id: 'x', name: 'X', residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'personalLines', licenseExpiresOn: '2026-03-31' }];
		const at = async (asOfValue: string, timezone: string) => {
			const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: { asOf: asOfValue }, inputs: [leads.slice(0, 1), expiring], settings: { timezone } });
			expect(error).toBeUndefined();
			return nodeOutputs[0].length === 1 ? 'valid' : 'expired';
		};
		// 23:30 on March 31st in New York is still the expiry day in Florida; the same clock time in
		// Los Angeles is 02:30 on April 1st in Florida.
		expect(await at('2026-03-31T23:30:00', 'America/New_York')).toBe('valid');
		expect(await at('2026-03-31T23:30:00', 'America/Los_Angeles')).toBe('expired');
		// A date alone is its midnight in the workflow's zone: April 1st is past a March 31st expiry.
		expect(await at('2026-04-01', 'America/New_York')).toBe('expired');
		expect(await at('2026-03-31', 'America/Los_Angeles')).toBe('valid');
	});

	it('applies options: product lines and required appointments', async () => {
		const withCarrier = [{ leadId: 'c', state: 'FL', product: 'auto', carrier: 'Progressive' }];
		const options = { requireAppointment: true, productLines: '{"auto": "property + casualty"}' };
		const { nodeOutputs } = await runNode({ type: TYPE, parameters: { asOf, options }, inputs: [withCarrier, agents] });
		const eligibility = nodeOutputs[1][0].json.eligibility as { excluded: Array<{ agentId: string; reasons: Array<{ code: string }> }> };
		expect(eligibility.excluded.find((entry) => entry.agentId === 'fl-pl')?.reasons.map((reason) => reason.code)).toEqual([
			'missingLineOfAuthority',
			'noAppointment',
		]);
		expect(eligibility.excluded.find((entry) => entry.agentId === 'ga-flat')?.reasons.map((reason) => reason.code)).toEqual(['noAppointment']);
	});

	it('lets an agent not yet appointed take a lead in a Just-in-Time Appointment State, with a warning', async () => {
		const withCarrier = [
			{ leadId: 'fl', state: 'FL', product: 'auto', carrier: 'Progressive' },
			{ leadId: 'ga', state: 'GA', product: 'auto', carrier: 'Progressive' },
		];
		const options = { requireAppointment: true, justInTimeAppointmentStates: 'fl, tx' };
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: { asOf, options }, inputs: [withCarrier, agents] });
		expect(error).toBeUndefined();
		const [eligible, none] = nodeOutputs;
		expect(eligible.map((item) => item.json.leadId)).toEqual(['fl']);
		const eligibility = eligible[0].json.eligibility as { eligibleAgentIds: string[]; warnings: Array<{ code: string; agentId: string }> };
		expect(eligibility.eligibleAgentIds).toEqual(['fl-pl', 'ga-flat']);
		expect(eligibility.warnings.filter((warning) => warning.code === 'appointmentJustInTime').map((warning) => warning.agentId)).toEqual(['fl-pl', 'ga-flat']);
		// Georgia is not listed: an appointment in force is still required there.
		expect(none.map((item) => item.json.leadId)).toEqual(['ga']);
	});

	it('with Require Medicare Certification, sends a Medicare lead only to agents certified for its plan year, from Data Table-style rows', async () => {
		const health = (id: string, extra: Record<string, unknown>) => ({ id, name: id, residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'Accident & Health', licenseExpiresOn: '2030-06-30', ...extra });
		const roster = [
			health('certified', { medicarePlanYears: '2026' }),
			health('ready-to-sell', { medicareCertifications: JSON.stringify([{ planYear: 2026 }, { planYear: 2026, carrier: 'Humana' }]) }),
			health('last-year', { medicarePlanYears: '2025' }),
		];
		const medicare = { state: 'FL', product: 'medicare', consent: { given: true, namedRecipients: ['certified', 'ready-to-sell', 'last-year'] } };
		const options = { requireMedicareCertification: true };
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: { asOf, options }, inputs: [[{ leadId: 'm1', ...medicare }, { leadId: 'm2', ...medicare, carrier: 'Humana' }], roster] });
		expect(error).toBeUndefined();
		const eligibility = (leadId: string) => nodeOutputs[0].find((item) => item.json.leadId === leadId)!.json.eligibility as { eligibleAgentIds: string[]; excluded: Array<{ agentId: string; reasons: Array<{ code: string }> }> };
		expect(eligibility('m1').eligibleAgentIds).toEqual(['certified', 'ready-to-sell']);
		expect(eligibility('m2').eligibleAgentIds).toEqual(['ready-to-sell']);
		expect(eligibility('m2').excluded.map((entry) => [entry.agentId, entry.reasons.map((reason) => reason.code)])).toEqual([
			['certified', ['medicareNotCertified']],
			['last-year', ['medicareNotCertified']],
		]);
	});

	it('gives each lead its own lists, even when two leads share one verdict', async () => {
		const twins = [
			{ leadId: 'a', state: 'FL', product: 'auto', carrier: 'Progressive' },
			{ leadId: 'b', state: 'FL', product: 'auto', carrier: 'Progressive' },
		];
		const options = { requireAppointment: true, justInTimeAppointmentStates: 'FL' };
		const { nodeOutputs } = await runNode({ type: TYPE, parameters: { asOf, options }, inputs: [twins, agents] });
		type Lists = { eligibleAgentIds: string[]; warnings: Array<{ code: string }>; excluded: unknown[] };
		const [first, second] = nodeOutputs[0].map((item) => item.json.eligibility as Lists);
		expect(second).toEqual(first);
		for (const key of ['eligibleAgentIds', 'warnings', 'excluded'] as const) expect(second[key]).not.toBe(first[key]);
		first.warnings[0].code = 'edited downstream';
		expect(second.warnings[0].code).toBe('appointmentJustInTime');
	});

	it('names the option for a state list it cannot read, and keeps every item with Continue On Fail', async () => {
		const parameters = { asOf, options: { requireAppointment: true, justInTimeAppointmentStates: 'FL, Florida' } };
		const failed = await runNode({ type: TYPE, parameters, inputs: [leads, agents] });
		expect(failed.error?.message).toMatch(/^Item 0: field "justInTimeAppointmentStates" lists "Florida", which is not a US state code/);
		const continued = await runNode({ type: TYPE, parameters, inputs: [leads, agents], onError: 'continueErrorOutput' });
		expect(continued.error).toBeUndefined();
		expect(continued.nodeOutputs.flat()).toHaveLength(leads.length);
		expect(continued.nodeOutputs[3].map((item) => item.pairedItem)).toEqual(leads.map((_, item) => ({ item })));
	});

	it('stops with an error naming the item and field for a bad option, or keeps every item with Continue On Fail', async () => {
		const parameters = { asOf, options: { productLines: '{"auto": "wizardry"}' } };
		const failed = await runNode({ type: TYPE, parameters, inputs: [leads, agents] });
		expect(failed.error?.message).toMatch(/^Item 0: field "productLines.auto"/);

		const continued = await runNode({ type: TYPE, parameters, inputs: [leads, agents], onError: 'continueRegularOutput' });
		expect(continued.error).toBeUndefined();
		expect(continued.nodeOutputs.flat()).toHaveLength(leads.length);
		// Failed items never flow down Eligible: they wait in Needs Review.
		expect(continued.nodeOutputs[0]).toHaveLength(0);
		expect(continued.nodeOutputs[2]).toHaveLength(leads.length);
		expect(continued.nodeOutputs[2].every((item) => typeof item.json.error === 'string')).toBe(true);
		expect(continued.nodeOutputs[2].map((item) => item.pairedItem)).toEqual(leads.map((_, item) => ({ item })));

		const badAsOf = await runNode({ type: TYPE, parameters: { asOf: '={{ $json.leadId === "l-odd" ? "not a date" : "" }}' }, inputs: [leads, agents], onError: 'continueErrorOutput' });
		expect(badAsOf.error).toBeUndefined();
		expect(badAsOf.nodeOutputs).toHaveLength(4);
		expect(badAsOf.nodeOutputs[3].map((item) => item.pairedItem)).toEqual([{ item: 3 }]);
		expect(badAsOf.nodeOutputs.flat()).toHaveLength(leads.length);
	});
});
