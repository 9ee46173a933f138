/**
 * The fixed roster and history the fuzzed leads are routed against, and an independent legality
 * check written from the roster's truth (not from the engine's parsed roster): if the engine and
 * this check disagree about an assignment, one of them is wrong, and it must never be the engine.
 */

export interface TruthLicense {
	state: string;
	residency: 'resident' | 'nonresident';
	lines: string[];
	status: string;
	/** YYYY-MM-DD; every date here is months away from NOW, so no time zone can change a verdict. */
	expiresOn: string;
}

export interface TruthAgent {
	id: string;
	name: string;
	active: boolean;
	residentState: string;
	agency?: string;
	licenses: TruthLicense[];
}

/** The instant every fuzz run routes at: a Wednesday, 11:00 in New York. */
export const NOW = '2026-03-18T15:00:00.000Z';
const FUTURE = '2027-12-31';
const PAST = '2025-06-30';

const license = (state: string, residency: TruthLicense['residency'], lines: string[], extra: Partial<TruthLicense> = {}): TruthLicense => ({
	state,
	residency,
	lines,
	status: 'active',
	expiresOn: FUTURE,
	...extra,
});

/** What each agent really holds. Rows below spell it in the shapes users keep rosters in. */
export const TRUTH: readonly TruthAgent[] = [
	{ id: 'ana', name: 'Ana Ruiz', active: true, residentState: 'FL', licenses: [license('FL', 'resident', ['personalLines']), license('GA', 'nonresident', ['personalLines', 'life'])] },
	{ id: 'ben', name: 'Ben Okafor', active: true, residentState: 'TX', licenses: [license('TX', 'resident', ['property', 'casualty']), license('NY', 'nonresident', ['property', 'casualty'])] },
	{ id: 'cy', name: 'Cy Park', active: true, residentState: 'FL', agency: 'Sunshine Senior Agency', licenses: [license('FL', 'resident', ['life', 'accidentHealth']), license('OH', 'nonresident', ['accidentHealth'])] },
	// Home-state license expired: the non-resident FL license is worthless.
	{ id: 'dee', name: 'Dee Lane', active: true, residentState: 'GA', licenses: [license('GA', 'resident', ['personalLines'], { expiresOn: PAST }), license('FL', 'nonresident', ['personalLines'])] },
	{ id: 'eli', name: 'Eli Stone', active: true, residentState: 'CA', licenses: [license('CA', 'resident', ['personalLines'], { status: 'suspended' })] },
	{ id: 'fay', name: 'Fay Moss', active: false, residentState: 'NY', licenses: [license('NY', 'resident', ['personalLines', 'property', 'casualty'])] },
	{ id: 'gus', name: 'Gus Hill', active: true, residentState: 'OH', licenses: ['OH', 'PA', 'NJ'].map((state) => license(state, state === 'OH' ? 'resident' : 'nonresident', ['personalLines', 'life'])) },
	{ id: 'hal', name: 'Hal Vance', active: true, residentState: 'NC', licenses: [license('NC', 'resident', ['property', 'casualty', 'accidentHealth']), license('VA', 'nonresident', ['property', 'casualty'])] },
	{ id: 'ivy', name: 'Ivy Chen', active: true, residentState: 'TX', licenses: [license('TX', 'resident', ['personalLines', 'life']), license('FL', 'nonresident', ['personalLines'], { expiresOn: PAST })] },
];

const LINE_SPELLING: Record<string, string> = {
	personalLines: 'Personal Lines',
	property: 'property',
	casualty: 'casualty',
	life: 'Life',
	accidentHealth: 'Accident & Health',
};

function licenseList(agent: TruthAgent): Array<Record<string, unknown>> {
	return agent.licenses.map((entry) => ({
		state: entry.state,
		residency: entry.residency,
		linesOfAuthority: entry.lines,
		status: entry.status,
		expiresOn: entry.expiresOn,
	}));
}

/** One truth agent as a roster row: a JSON list, the same list as sheet text, or flat columns. */
function rowFor(agent: TruthAgent): Record<string, unknown> {
	const common = { id: agent.id, name: agent.name, active: agent.active ? 'yes' : 'no', residentState: agent.residentState, timezone: 'America/New_York', ...(agent.agency ? { agency: agent.agency } : {}) };
	switch (agent.id) {
		case 'gus': // flat sheet columns, one set of lines for every listed state
			return { ...common, licenseStates: 'OH, PA, NJ', linesOfAuthority: 'Personal Lines, Life', licenseExpiresOn: '12/31/2027' };
		case 'hal':
		case 'ben':
			return { ...common, licenses: JSON.stringify(licenseList(agent)), weight: '2' };
		case 'ivy':
			return {
				...common,
				licenses: agent.licenses.map((entry) => ({ ...entry, linesOfAuthority: entry.lines.map((line) => LINE_SPELLING[line]), lines: undefined })),
				capacity: { perDay: 40 },
			};
		default:
			return { ...common, licenses: licenseList(agent) };
	}
}

/**
 * Rows that must never receive a lead: unreadable ones, and a second row for `ana` claiming
 * licenses she does not have (the first row is the one that counts).
 */
export const BROKEN_ROWS: ReadonlyArray<Record<string, unknown>> = [
	{ id: 'zed', name: 'Zed', licenses: '[{"state": "FL", "linesOfAuthority": ["personalLines"]' },
	{ id: 'yan', name: 'Yan', licenses: [{ state: 'XX', linesOfAuthority: ['personalLines'], expiresOn: FUTURE }] },
	{ id: 'wes', name: 'Wes', weight: -1, licenses: [{ state: 'FL', linesOfAuthority: ['personalLines'], expiresOn: FUTURE }] },
	{ id: 'ana', name: 'Ana (stale copy)', licenses: [{ state: 'TX', residency: 'resident', linesOfAuthority: ['life', 'personalLines'], expiresOn: FUTURE }] },
	{ id: 'vic', name: 'Vic', licenses: [{ state: 'FL', linesOfAuthority: ['flying carpets'], expiresOn: FUTURE }] },
];

export const BROKEN_IDS = ['zed', 'yan', 'wes', 'vic'];

export function rosterRows(): Array<Record<string, unknown>> {
	const rows = TRUTH.map(rowFor);
	// Broken rows after the truth rows, so `ana`'s first row is the true one.
	return JSON.parse(JSON.stringify([...rows, ...BROKEN_ROWS])) as Array<Record<string, unknown>>;
}

/** A small history: workload, a sticky owner who may no longer take leads, and broken rows. */
export function historyRows(): Array<Record<string, unknown>> {
	const snapshot = (leadId: string, dedupeKey: string) => JSON.stringify({ leadId, dedupeKey, product: 'auto', state: 'FL', source: { kind: 'flat', channel: 'direct' }, score: 50 });
	return [
		{ leadId: 'h1', agentId: 'ana', event: 'assigned', at: '2026-03-18T13:00:00Z', lead: snapshot('h1', 'olivia.chen@example.com') },
		{ leadId: 'h1', agentId: 'ana', event: 'won', at: '2026-03-18T14:00:00Z', value: 1200 },
		{ leadId: 'h2', agentId: 'fay', event: 'assigned', at: '2026-03-10T13:00:00Z', lead: snapshot('h2', 'sam.lee@example.com') },
		{ leadId: 'h3', agentId: 'dee', event: 'assigned', at: '2026-03-17T13:00:00Z', lead: snapshot('h3', 'priyanatarajan@gmail.com') },
		{ leadId: 'h4', agentId: 'ben', event: 'assigned', at: '2026-03-18T12:00:00Z', lead: snapshot('h4', 'x@example.org') },
		{ leadId: 'h4', agentId: 'ben', event: 'assigned', at: '2026-03-18T12:00:00Z', lead: snapshot('h4', 'x@example.org') },
		{ leadId: 'h5', agentId: 'zed', event: 'assigned', at: '2026-03-18T12:30:00Z' },
		{ leadId: 'h6', agentId: 'ana', event: 'teleported', at: '2026-03-18T12:00:00Z' },
		{ leadId: 'h7', agentId: 'ben', event: 'won', at: 'yesterday-ish' },
		{ leadId: 'h8', agentId: 'cy', event: 'lost', at: '2026-03-18T11:00:00Z', lead: '{"leadId": "h8", "__proto__": {"fuzzPolluted": "history"}}' },
		{ leadId: 'h9', agentId: 'cy', event: 'assigned', at: '2099-01-01T00:00:00Z' },
		{ agentId: 'cy', event: 'assigned', at: '2026-03-18T11:00:00Z' },
	];
}

/** Product -> the lines one license must hold (any one alternative), from docs/nodes/license-check.md. */
const PERSONAL = [['personalLines'], ['property', 'casualty']];
const REQUIRED_LINES: Record<string, string[][]> = {
	auto: PERSONAL, home: PERSONAL, bundle: PERSONAL, renters: PERSONAL, condo: PERSONAL, umbrella: PERSONAL, motorcycle: PERSONAL,
	commercialAuto: [['property', 'casualty']], commercialProperty: [['property', 'casualty']],
	generalLiability: [['property', 'casualty']], workersComp: [['property', 'casualty']],
	life: [['life']], finalExpense: [['life']], annuity: [['life']],
	health: [['accidentHealth']], medicare: [['accidentHealth']],
};

function inForce(entry: TruthLicense, today: string): boolean {
	return entry.status === 'active' && entry.expiresOn >= today;
}

function foldName(name: string): string {
	return name.toLowerCase().replace(/\b(llc|inc|co|corp|ltd)\b\.?/g, '').replace(/[^a-z0-9]+/g, '');
}

/**
 * Why `agentId` may NOT legally take a lead in `state` for `product` (null when it may), judged
 * from the truth alone. Unknown agents (broken rows, ids from nowhere) may never take anything.
 */
export function illegalAssignment(agentId: string, lead: { state?: unknown; product?: unknown; consent?: { namedRecipients?: unknown } }): string | null {
	const agent = TRUTH.find((entry) => entry.id === agentId);
	if (!agent) return `${agentId} is not a readable roster agent`;
	if (!agent.active) return `${agentId} is inactive`;
	const product = typeof lead.product === 'string' ? lead.product : '';
	const required = Object.prototype.hasOwnProperty.call(REQUIRED_LINES, product) ? REQUIRED_LINES[product] : undefined;
	if (!required) return `product ${JSON.stringify(lead.product)} has no known lines of authority`;
	const today = NOW.slice(0, 10);
	const usable = agent.licenses.filter(
		(entry) =>
			entry.state === lead.state &&
			inForce(entry, today) &&
			required.some((alternative) => alternative.every((line) => entry.lines.includes(line))) &&
			(entry.residency === 'resident' ||
				agent.licenses.some((home) => home.residency === 'resident' && home.state === agent.residentState && inForce(home, today))),
	);
	if (usable.length === 0) return `${agentId} holds no usable ${product} license in ${String(lead.state)}`;
	if (product === 'medicare') {
		const named = Array.isArray(lead.consent?.namedRecipients) ? (lead.consent!.namedRecipients as unknown[]) : [];
		const names = [agent.agency, agent.name].filter((n): n is string => !!n).map(foldName);
		if (!named.some((entry) => typeof entry === 'string' && names.includes(foldName(entry)))) return `${agentId} is not named in the Medicare consent`;
	}
	return null;
}
