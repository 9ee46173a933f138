/**
 * Fuzz, engine tier: FUZZ_COUNT (default 10,000) seeded malformed payloads through
 * normalizeLead -> scoreLead -> checkEligibility -> matchLead against a fixed roster and history.
 * See docs/fuzzing.md. Replay one payload with `payloadAt(seed, index)` from generate.ts.
 */
import { parseHistory } from '../../engine/history';
import { checkEligibility, indexRoster } from '../../engine/license';
import { createMatchContext, matchLead, modelFromHistory, resolveMatchOptions, type MatchContext } from '../../engine/match';
import { normalizeLead, resolveOptions } from '../../engine/normalize';
import { parseRoster } from '../../engine/roster';
import { parseResponseStatus } from '../../engine/escalate/response';
import { scoreLead } from '../../engine/score';
import type { Eligibility, Lead } from '../../engine/types';
import { InputError } from '../../engine/types';
import { mutateRecord, payloadStream, type FuzzPayload } from './generate';
import { seededRandom } from '../../engine/random';
import { issueProblems, prototypeChanges, snapshotPrototypes, unexpectedThrow, unsafeParts } from './oracle';
import { BROKEN_IDS, historyRows, illegalAssignment, NOW, rosterRows } from './roster';

const COUNT = Number(process.env.FUZZ_COUNT ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** Leads per match context; the strategy rotates between chunks so all three are fuzzed. */
const CHUNK = 500;

/** Eligibility blocks no License Check wrote: Lead Match must fail closed or reject them. */
const FORGED_ELIGIBILITY: unknown[] = [
	null,
	'eligible',
	{ status: 'eligible' },
	{ status: 'eligible', eligibleAgentIds: 'ana' },
	{ status: 'eligible', eligibleAgentIds: [null, 5, {}, 'zed'] },
	{ status: 'none', eligibleAgentIds: ['ana'] },
	{ status: 'needsReview', eligibleAgentIds: ['ana', 'ben'] },
	{ status: 'ELIGIBLE', eligibleAgentIds: ['ana'] },
	{ status: 'eligible', eligibleAgentIds: ['fay', 'eli'], excluded: 'nope' },
	[],
];

/** What each hostile kind must be reported as (docs/nodes/lead-normalize.md, "Errors"). */
function expectedHostileCode(fuzz: FuzzPayload): string | null {
	if (fuzz.notAnObject) return null;
	if (fuzz.kind === 'deepNesting') return 'tooDeep';
	if (fuzz.kind === 'protoKeys' && /(top-level|nested) /.test(fuzz.note)) return 'unsafeKey';
	return null;
}

function contexts(): Array<{ name: string; context: MatchContext }> {
	const roster = parseRoster(rosterRows());
	const history = parseHistory(historyRows());
	const now = new Date(NOW);
	const make = (options: Parameters<typeof resolveMatchOptions>[0]) =>
		createMatchContext({ agents: roster.agents, records: history.records, now, options: resolveMatchOptions(options), model: modelFromHistory(history.records) });
	return [
		{ name: 'roundRobin', context: make({ strategy: 'roundRobin', afterHours: 'waitForNextOpen' }) },
		// A rule pool that names agents who may never take a lead (broken rows, inactive, suspended).
		{ name: 'rules', context: make({ strategy: 'rules', rules: [{ name: 'Everyone', matches: true, agentIds: ['fay', 'eli', 'dee', ...BROKEN_IDS, 'ana', 'ben'] }], fallbackAgentIds: ['zed'] }) },
		{ name: 'learned', context: make({ strategy: 'learned', afterHours: 'onCall', learned: { holdoutPercent: 20 } as never }) },
	];
}

describe('fuzz: engine chain (normalize -> score -> license -> match)', () => {
	it(`${COUNT} seeded malformed payloads: no crash, nothing lost, no unlicensed assignment, no pollution`, () => {
		const before = snapshotPrototypes();
		const started = Date.now();
		const now = new Date(NOW);
		const normalizeOptions = resolveOptions({ now });
		const roster = parseRoster(rosterRows());
		const licenseIndex = indexRoster(roster);
		const matchContexts = contexts();
		const failures: string[] = [];
		const tally: Record<string, number> = {};
		const count = (key: string) => (tally[key] = (tally[key] ?? 0) + 1);

		for (const fuzz of payloadStream(SEED, COUNT)) {
			const fail = (message: string) => failures.push(`#${fuzz.index} ${fuzz.kind} [${fuzz.note.slice(0, 140)}]: ${message}`);
			let result: ReturnType<typeof normalizeLead>;
			try {
				result = normalizeLead(fuzz.payload, normalizeOptions);
			} catch (error) {
				const problem = unexpectedThrow(error, fuzz.payload);
				if (problem) fail(`normalize ${problem}`);
				count('rejected');
				continue;
			}
			if (fuzz.notAnObject) fail('normalized a payload that is not an object');
			const lead: Lead = result.lead;
			if (!result.valid) {
				count('invalid');
				issueProblems(result.errors).forEach(fail);
			} else count('valid');
			const hostile = expectedHostileCode(fuzz);
			if (hostile && (result.valid || !result.errors.some((issue) => issue.code === hostile))) count(`unreported:${hostile}`);
			for (const part of unsafeParts(lead)) fail(`the lead carries ${part}`);
			try {
				JSON.stringify(lead);
			} catch (error) {
				fail(`lead is not JSON: ${String(error)}`);
			}

			// Every lead, valid or not, goes on: later nodes must cope with whatever reaches them.
			try {
				lead.score = scoreLead(lead, { mode: 'rules', asOf: now });
			} catch (error) {
				if (!(error instanceof InputError) || !error.field || !error.code) fail(`score threw ${String(error)}`);
			}
			let eligibility: Eligibility;
			try {
				eligibility = checkEligibility(lead, licenseIndex, { asOf: now });
			} catch (error) {
				fail(`license check threw ${String(error)}`);
				continue;
			}
			if (!['eligible', 'none', 'needsReview'].includes(eligibility.status)) fail(`eligibility status ${eligibility.status}`);
			for (const excluded of eligibility.excluded) {
				if (!excluded.reasons.length || excluded.reasons.some((reason) => !reason.code)) fail(`exclusion of ${excluded.agentId} without a reason code`);
			}
			if (eligibility.status === 'needsReview' && !eligibility.reasons?.length) fail('needsReview without reasons');
			for (const agentId of eligibility.eligibleAgentIds) {
				const illegal = illegalAssignment(agentId, lead);
				if (illegal) fail(`License Check lists ${agentId} as eligible: ${illegal}`);
			}
			count(`eligibility:${eligibility.status}`);

			const { name, context } = matchContexts[Math.floor(fuzz.index / CHUNK) % matchContexts.length];
			try {
				const decision = matchLead({ ...lead, eligibility }, now, context);
				if (decision.assigned) {
					const agentId = decision.assignment.agentId;
					count(`assigned:${name}`);
					if (eligibility.status !== 'eligible') fail(`${name} assigned ${agentId} although eligibility is ${eligibility.status}`);
					if (!eligibility.eligibleAgentIds.includes(agentId)) fail(`${name} assigned ${agentId}, not in eligibleAgentIds`);
					const illegal = illegalAssignment(agentId, lead);
					if (illegal) fail(`${name} assigned ${agentId}: ${illegal}`);
				} else {
					count('unassigned');
					if (!decision.unassigned.reasons.length || decision.unassigned.reasons.some((reason) => !reason.code)) fail('unassigned without reason codes');
				}
			} catch (error) {
				fail(`match (${name}) threw ${String(error)}`);
			}
		}

		const pollution = prototypeChanges(before);
		console.log(`fuzz engine chain: ${COUNT} payloads (seed ${SEED}) in ${Date.now() - started} ms`, tally);
		expect(pollution).toEqual([]);
		expect(failures.slice(0, 25)).toEqual([]);
		// The fuzz reaches every stage: some leads are rejected, some invalid, some assigned.
		if (COUNT >= 1_000) {
			expect(tally.rejected).toBeGreaterThan(0);
			expect(tally.invalid).toBeGreaterThan(0);
			expect(Object.keys(tally).some((key) => key.startsWith('assigned:'))).toBe(true);
		}
	}, Math.max(120_000, COUNT * 15));

	// License Check and Lead Match take "any items with state and product" (a Data Table, a CRM):
	// leads that never went through Lead Normalize, with any field of any type.
	it('leads with mutated fields, straight into score, License Check and Lead Match', () => {
		const before = snapshotPrototypes();
		const now = new Date(NOW);
		const random = seededRandom(SEED);
		const licenseIndex = indexRoster(parseRoster(rosterRows()));
		const [{ context }] = contexts();
		const base = normalizeLead({ email: 'ana@mail.example.org', phone: '3055550142', state: 'FL', product: 'auto', consent: 'yes', utm_source: 'google' }, { now }).lead;
		const failures: string[] = [];
		let assigned = 0;
		for (let index = 0; index < Math.min(COUNT, 3_000); index++) {
			const lead = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
			const notes = mutateRecord(random, lead, 1 + Math.floor(random() * 4)).join('; ');
			const fail = (message: string) => failures.push(`#${index} [${notes}]: ${message}`);
			try {
				scoreLead(lead as never, { mode: 'rules', asOf: now });
			} catch (error) {
				if (!(error instanceof InputError)) fail(`score threw ${String(error)}`);
			}
			let eligibility: Eligibility;
			try {
				eligibility = checkEligibility(lead as never, licenseIndex, { asOf: now });
			} catch (error) {
				fail(`license check threw ${String(error)}`);
				continue;
			}
			// Now and then a malformed eligibility block, as a hand-built or stored lead might carry.
			const forged = random() < 0.15 ? FORGED_ELIGIBILITY[Math.floor(random() * FORGED_ELIGIBILITY.length)] : undefined;
			try {
				const decision = matchLead({ ...lead, eligibility: forged === undefined ? eligibility : forged }, now, context);
				if (decision.assigned) {
					assigned++;
					const agentId = decision.assignment.agentId;
					if (forged === undefined) {
						const illegal = illegalAssignment(agentId, lead);
						if (illegal) fail(`assigned ${agentId}: ${illegal}`);
					} else {
						const block = forged as { status?: unknown; eligibleAgentIds?: unknown } | null;
						const trusted = block === null || (block.status === 'eligible' && Array.isArray(block.eligibleAgentIds) && block.eligibleAgentIds.includes(agentId));
						if (!trusted) fail(`assigned ${agentId} under forged eligibility ${JSON.stringify(forged)}`);
					}
				}
			} catch (error) {
				// A lead without a usable leadId, or an eligibility block without a list of ids, is the
				// documented InputError naming the field; anything else is a crash.
				if (!(error instanceof InputError) || !['leadId', 'eligibility.eligibleAgentIds'].includes(error.field)) fail(`match threw ${String(error)}`);
			}
		}
		expect(prototypeChanges(before)).toEqual([]);
		expect(failures.slice(0, 25)).toEqual([]);
		expect(assigned).toBeGreaterThan(0);
	});

	// Regression for bugs the fuzz found: table lookups by outside text used to find
	// Object.prototype members (lead.product became the Object constructor; rosters crashed).
	it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])(
		'"%s" as a product, channel, email domain, line of authority or response is just unknown text',
		(word) => {
			const now = new Date(NOW);
			const { lead } = normalizeLead({ email: `ana@mail.${word}`, phone: '3055550142', state: 'FL', product: word, utm_medium: word, utm_source: word }, { now });
			expect(lead.product).toBeNull();
			expect(typeof lead.source.channel).toBe('string');
			expect(lead.emailSuggestion === undefined || typeof lead.emailSuggestion === 'string').toBe(true);
			expect(() => JSON.stringify(lead)).not.toThrow();

			const index = indexRoster(parseRoster(rosterRows()));
			const eligibility = checkEligibility({ state: 'FL', product: word }, index, { asOf: now });
			expect(eligibility.status).toBe('needsReview');
			expect(eligibility.reasons?.map((reason) => reason.code)).toContain('unknownProduct');

			const roster = parseRoster([
				{ id: 'x', licenses: [{ state: 'FL', linesOfAuthority: [word], expiresOn: '2027-01-01' }] },
				{ id: 'y', licenses: [{ state: word, linesOfAuthority: ['life'], expiresOn: '2027-01-01' }] },
			]);
			expect(roster.agents).toEqual([]);
			expect(roster.invalid.map((problem) => problem.reasons[0].code)).toEqual(['rosterInvalid', 'rosterInvalid']);

			expect(() => parseResponseStatus(word)).toThrow(InputError);
		},
	);
});
