/**
 * Broken, duplicated and conflicting roster and history rows (issue 6): each node must say what
 * it could not read (a hint, a reason naming the row), never drop it silently, and never route a
 * lead on the strength of a row it could not read. Gaps found here are `it.skip` with the gap named.
 */
import { parseHistory } from '../../engine/history';
import { parseRoster } from '../../engine/roster';
import { runNode } from '../harness/runWorkflow';
import { payloadStream } from './generate';
import { deepValue } from './strings';
import { seededRandom } from '../../engine/random';
import { historyRows, illegalAssignment, NOW, rosterRows, TRUTH } from './roster';

const LICENSE_CHECK = 'n8n-nodes-lead-routing.licenseCheck';
const LEAD_MATCH = 'n8n-nodes-lead-routing.leadMatch';
const LEAD_SCORE = 'n8n-nodes-lead-routing.leadScore';

type Excluded = Array<{ agentId: string; reasons: Array<{ code: string; message: string }> }>;

/** The fixed fuzz roster plus rows that are broken in every other way a sheet can be. */
function brokenRoster(): Array<Record<string, unknown>> {
	return [
		...rosterRows(),
		{ id: 'kai', name: 'Kai', licenses: '{"state": "FL"}' }, // an object, not a list
		{ id: 'lou', name: 'Lou', licenseStates: 'FL, Atlantis', linesOfAuthority: 'Personal Lines' },
		{ id: 'max', name: 'Max', licenses: [{ state: 'FL', linesOfAuthority: ['personalLines'], expiresOn: 'someday' }] },
		{ id: 'ned', name: 'Ned', timezone: 'Mars/Olympus_Mons', licenseStates: 'FL', linesOfAuthority: 'Personal Lines' },
		{ name: 'No Id At All', licenseStates: 'FL', linesOfAuthority: 'Personal Lines' },
		{ id: 'ben', name: 'Ben again', weight: 50, licenseStates: 'FL', linesOfAuthority: 'Personal Lines', licenseExpiresOn: '2030-01-01' },
		{ id: 'oz', name: 'Oz', licenses: [{ state: 'FL', residency: 'sometimes', linesOfAuthority: ['personalLines'] }] },
	];
}
const BROKEN_ROW_COUNT = 5 + 7; // roster.ts BROKEN_ROWS + the rows above
/** Agents whose rows contradict each other (a stale copy of `ana`, a second `ben`): left out entirely. */
const CONFLICTED = ['ana', 'ben'];
/** Problem entries: every broken row, plus the first (true) row of each conflicted agent. */
const PROBLEM_ROW_COUNT = BROKEN_ROW_COUNT + CONFLICTED.length;
const isRosterProblem = (code: string) => code === 'rosterInvalid' || code === 'rosterConflict';

const leads = [
	{ leadId: 'fl-auto', state: 'FL', product: 'auto', dedupeKey: 'a@example.org', fields: {} },
	{ leadId: 'tx-home', state: 'TX', product: 'home', dedupeKey: 'b@example.org', fields: {} },
	{ leadId: 'ny-home', state: 'NY', product: 'home', dedupeKey: 'c@example.org', fields: {} },
	{ leadId: 'oh-life', state: 'OH', product: 'life', dedupeKey: 'd@example.org', fields: {} },
];

describe('roster with broken, duplicated and conflicting rows', () => {
	it('License Check: eligible agents are exactly the legal ones; every unreadable row is named', async () => {
		const { nodeOutputs, run, error } = await runNode({ type: LICENSE_CHECK, parameters: { asOf: NOW }, inputs: [leads, brokenRoster()] });
		expect(error).toBeUndefined();
		expect(nodeOutputs.flat()).toHaveLength(leads.length);
		for (const item of nodeOutputs.flat()) {
			const eligibility = item.json.eligibility as { eligibleAgentIds: string[]; excluded: Excluded };
			// The independent check from the roster truth decides who is legal; the node must agree exactly.
			// Conflicting rows fail closed: those agents are out whatever their true licenses.
			const legal = TRUTH.filter((agent) => !CONFLICTED.includes(agent.id) && illegalAssignment(agent.id, item.json as never) === null).map((agent) => agent.id);
			expect([...eligibility.eligibleAgentIds].sort()).toEqual(legal.sort());
			const invalid = eligibility.excluded.filter((entry) => entry.reasons.some((reason) => isRosterProblem(reason.code)));
			expect(invalid).toHaveLength(PROBLEM_ROW_COUNT);
			for (const entry of invalid) expect(entry.reasons[0].message).toMatch(/roster row \d+/);
		}
		const hint = (run.data.resultData.runData['Under Test'][0].hints ?? []).map((h) => h.message).join(' ');
		expect(hint).toMatch(new RegExp(`${PROBLEM_ROW_COUNT} roster row\\(s\\) could not be read`));
		expect(hint).toMatch(/not valid JSON/);
		expect(hint).toMatch(/not a US state/);
		expect(hint).toMatch(/negative/);
		expect(hint).toMatch(/appears on rows \d+, \d+ with different data/);
	});

	it('License Check: rows that disagree about one agent leave that agent out (fail closed), with the rows named', async () => {
		const { nodeOutputs, error } = await runNode({ type: LICENSE_CHECK, parameters: { asOf: NOW }, inputs: [[leads[0]], brokenRoster()] });
		expect(error).toBeUndefined();
		const eligibility = nodeOutputs.flat()[0].json.eligibility as { eligibleAgentIds: string[]; excluded: Excluded };
		// `ben` row 1 holds TX/NY only; his second row claims FL: neither copy can be trusted.
		expect(eligibility.eligibleAgentIds).not.toContain('ben');
		expect(eligibility.eligibleAgentIds).not.toContain('ana');
		const messages = eligibility.excluded.flatMap((entry) => entry.reasons.map((reason) => reason.message)).join(' | ');
		expect(messages).toMatch(/agent id "ben" appears on rows 1, \d+ with different data/);
		expect(messages).toMatch(/agent id "ana" appears on rows 0, \d+ with different data/);
	});

	it('License Check: a roster with no readable row sends every lead to Needs Review, never Eligible', async () => {
		const unreadable = brokenRoster().slice(TRUTH.length);
		const { nodeOutputs, error } = await runNode({ type: LICENSE_CHECK, parameters: { asOf: NOW }, inputs: [leads, unreadable.filter((row) => row.id !== 'ana' && row.id !== 'ben')] });
		expect(error).toBeUndefined();
		expect(nodeOutputs[0]).toHaveLength(0);
		expect(nodeOutputs[2]).toHaveLength(leads.length);
		for (const item of nodeOutputs[2]) {
			const codes = (item.json.eligibility as { reasons: Array<{ code: string }> }).reasons.map((reason) => reason.code);
			expect(codes).toContain('emptyRoster');
		}
	});

	it('Lead Match: never assigns an agent whose row could not be read, even when a forged eligibility names it', async () => {
		const forged = leads.map((lead) => ({
			...lead,
			eligibility: { status: 'eligible', eligibleAgentIds: ['zed', 'yan', 'wes', 'vic', 'kai', 'lou'], excluded: [], warnings: [], checkedAt: NOW },
		}));
		const { nodeOutputs, error } = await runNode({
			type: LEAD_MATCH,
			parameters: { strategy: 'roundRobin', afterHours: 'waitForNextOpen', options: { now: NOW } },
			inputs: [forged, brokenRoster(), historyRows()],
		});
		expect(error).toBeUndefined();
		expect(nodeOutputs[0]).toHaveLength(0);
		expect(nodeOutputs[1]).toHaveLength(forged.length);
		for (const item of nodeOutputs[1]) {
			const unassigned = item.json.unassigned as { rosterProblems?: Array<{ code: string; row: number; message: string }>; agents: Excluded };
			// Documented in docs/nodes/lead-match.md: unreadable rows are listed under rosterProblems.
			expect(unassigned.rosterProblems).toHaveLength(PROBLEM_ROW_COUNT);
			expect(unassigned.rosterProblems!.every((problem) => isRosterProblem(problem.code) && typeof problem.row === 'number')).toBe(true);
			expect(unassigned.agents.find((entry) => entry.agentId === 'zed')?.reasons.map((reason) => reason.code)).toEqual(['notInRoster']);
		}
	});

	// A run where every lead was assigned must still say which roster rows it skipped.
	it('Lead Match: names unreadable roster rows in a hint, as License Check does', async () => {
		const { run, error } = await runNode({
			type: LEAD_MATCH,
			parameters: { strategy: 'roundRobin', options: { now: NOW } },
			inputs: [[leads[0]], brokenRoster(), []],
		});
		expect(error).toBeUndefined();
		const hint = (run.data.resultData.runData['Under Test'][0].hints ?? []).map((h) => h.message).join(' ');
		expect(hint).toMatch(/roster row\(s\) could not be read/);
	});

	it('parseRoster never throws, even on values nested 10,000 deep', () => {
		const deep = deepValue(seededRandom(1));
		const roster = parseRoster([{ id: 'deep', name: deep, licenses: [deep] }, { id: deep }, { id: 'ok', licenseStates: 'FL', linesOfAuthority: 'life' }]);
		expect(roster.agents.map((agent) => agent.id)).toEqual(['ok']);
		expect(roster.invalid).toHaveLength(2);
	});
});

describe('history with broken, duplicated and conflicting rows', () => {
	it('parseHistory reads the good rows and names every bad one with historyInvalid', () => {
		const rows = historyRows();
		const history = parseHistory([...rows, { leadId: deepValue(seededRandom(2)), agentId: 'ana', event: 'won', at: NOW }]);
		const messages = history.invalid.map((problem) => problem.reasons[0].message);
		expect(history.invalid.every((problem) => problem.reasons[0].code === 'historyInvalid')).toBe(true);
		expect(messages.join(' | ')).toMatch(/event is not one of/); // "teleported"
		expect(messages.join(' | ')).toMatch(/at is not a date/); // "yesterday-ish"
		expect(messages.join(' | ')).toMatch(/leadId is missing/);
		// Every row is accounted for: read, rejected with a reason, or counted once as a repeat (h4).
		expect(history.records.length + history.invalid.length + history.duplicates.length).toBe(rows.length + 1);
		expect(history.duplicates).toHaveLength(1);
		expect(({} as Record<string, unknown>).fuzzPolluted).toBeUndefined(); // `lead` JSON carried a __proto__ key
	});

	it('Lead Score (learned mode) names unreadable history rows in a hint', async () => {
		const { run, error } = await runNode({ type: LEAD_SCORE, parameters: { mode: 'learned', options: { asOf: NOW } }, inputs: [[leads[0]], historyRows()] });
		expect(error).toBeUndefined();
		const hint = (run.data.resultData.runData['Under Test'][0].hints ?? []).map((h) => h.message).join(' ');
		expect(hint).toMatch(/3 history row\(s\) could not be read/);
	});

	it('Lead Match still routes with a broken history, and every lead comes out once', async () => {
		const { nodeOutputs, error } = await runNode({
			type: LEAD_MATCH,
			parameters: { strategy: 'roundRobin', options: { now: NOW } },
			inputs: [leads, rosterRows(), historyRows()],
		});
		expect(error).toBeUndefined();
		expect(nodeOutputs.flat().map((item) => item.pairedItem)).toHaveLength(leads.length);
		for (const item of nodeOutputs[0]) {
			const agentId = (item.json.assignment as { agentId: string }).agentId;
			// No eligibility on these leads, so Lead Match considers the whole roster: still never a broken row.
			expect(['zed', 'yan', 'wes', 'vic']).not.toContain(agentId);
		}
	});

	// A typo in the event column must not silently change round-robin counts and caps.
	it('Lead Match: names unreadable history rows in a hint', async () => {
		const { run, error } = await runNode({
			type: LEAD_MATCH,
			parameters: { strategy: 'roundRobin', options: { now: NOW } },
			inputs: [[leads[0]], rosterRows(), historyRows()],
		});
		expect(error).toBeUndefined();
		const hint = (run.data.resultData.runData['Under Test'][0].hints ?? []).map((h) => h.message).join(' ');
		expect(hint).toMatch(/history row\(s\) could not be read/);
	});

	// The same "assigned" row twice (a retried Data Table insert) must not cap an agent after one real lead.
	it('Lead Match: a duplicated history row counts once toward the daily cap', async () => {
		const agent = { id: 'solo', name: 'Solo', timezone: 'America/New_York', capacity: { perDay: 2 }, licenseStates: 'FL', linesOfAuthority: 'Personal Lines' };
		const row = { leadId: 'old', agentId: 'solo', event: 'assigned', at: '2026-03-18T13:00:00Z' };
		const { nodeOutputs, error } = await runNode({
			type: LEAD_MATCH,
			parameters: { strategy: 'roundRobin', afterHours: 'leaveUnassigned', options: { now: NOW } },
			inputs: [[leads[0]], [agent], [row, { ...row }]],
		});
		expect(error).toBeUndefined();
		expect(nodeOutputs[0]).toHaveLength(1);
	});
});

describe('Known Leads (Lead Normalize side input) full of malformed rows', () => {
	it('marks duplicates without failing: every lead comes out once', async () => {
		const known: object[] = [];
		for (const fuzz of payloadStream(99, 200)) {
			try {
				const json = JSON.parse(JSON.stringify(fuzz.payload)) as unknown;
				if (json !== null && typeof json === 'object' && !Array.isArray(json)) known.push(json);
			} catch {
				// 10,000-deep payloads cannot be n8n items (see docs/fuzzing.md)
			}
		}
		known.push(...historyRows(), { leadId: 'k1', email: 'ana.ruiz@example.org', receivedAt: 'not a date' }, { leadId: { nested: true }, email: ['x@example.org'] });
		const leads = [
			{ email: 'Ana.Ruiz@example.org', phone: '3055550142', state: 'FL', product: 'auto' },
			{ email: 'new.person@example.org', state: 'TX', product: 'home' },
		];
		const { nodeOutputs, error } = await runNode({
			type: 'n8n-nodes-lead-routing.leadNormalize',
			parameters: { options: { now: NOW } },
			inputs: [leads, known],
		});
		expect(error).toBeUndefined();
		expect(nodeOutputs.flat().map((item) => item.pairedItem)).toEqual(expect.arrayContaining([{ item: 0 }, { item: 1 }]));
		expect(nodeOutputs.flat()).toHaveLength(leads.length);
		const first = nodeOutputs.flat().find((item) => (item.pairedItem as { item: number }).item === 0)!;
		expect(first.json.duplicateOf).toBe('k1');
	});
});
