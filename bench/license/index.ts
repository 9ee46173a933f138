/**
 * License Check throughput: 10,000 leads x 200 agents through the engine (roster parsed and
 * indexed by state once, then checkEligibility per lead, reusing verdicts for leads that share
 * state, product and asOf as one node execution does), the engine with no verdict reuse (every
 * lead at its own instant), and the naive baseline (every agent checked for every lead,
 * bench/license/naive.ts). Prints both times and the ratio, medians of
 * several runs, and verifies both found the same eligible agents. Timings are printed, never asserted.
 * Run: node scripts/run-ts.mjs bench/license/index.ts [leads] [agents]
 */
import { checkEligibility, indexRoster } from '../../engine/license';
import { seededRandom, type Random } from '../../engine/random';
import { parseRoster } from '../../engine/roster';
import { naiveEligibility } from './naive';
import { median } from '../stats';

const LEADS = Number(process.argv[2] ?? 10_000);
const AGENTS = Number(process.argv[3] ?? 200);
const RUNS = 5;
const AS_OF = new Date('2026-06-15T15:00:00Z');
const STATES = ['FL', 'TX', 'CA', 'GA', 'NY', 'OH', 'AZ', 'NC', 'PA', 'IL', 'MI', 'NJ', 'VA', 'WA', 'TN', 'IN', 'MO', 'MD', 'WI', 'CO'];
const PRODUCTS = ['auto', 'home', 'bundle', 'renters', 'life', 'annuity', 'health', 'medicare', 'commercialAuto', 'generalLiability'];
const LINE_SETS = [['personalLines'], ['property', 'casualty'], ['life', 'accidentHealth'], ['life'], ['personalLines', 'life']];

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];

/** A roster shaped like a mid-size agency's NIPR export: 3-12 states each, a few lapsed or expired. */
function rosterRows(count: number, random: Random): unknown[] {
	return Array.from({ length: count }, (_, index) => {
		const home = pick(random, STATES);
		const states = new Set([home]);
		const extra = 2 + Math.floor(random() * 10);
		while (states.size < extra) states.add(pick(random, STATES));
		const lines = pick(random, LINE_SETS);
		return {
			id: `agent-${index}`,
			name: `Agent ${index}`,
			active: random() < 0.92,
			residentState: home,
			licenses: [...states].map((state) => ({
				state,
				residency: state === home ? 'resident' : 'nonresident',
				linesOfAuthority: lines,
				status: random() < 0.95 ? 'active' : 'inactive',
				expiresOn: random() < 0.05 ? '2026-05-31' : `202${7 + Math.floor(random() * 3)}-0${1 + Math.floor(random() * 9)}-28`,
			})),
		};
	});
}

const random = seededRandom(20260615);
const rows = rosterRows(AGENTS, random);
const leads = Array.from({ length: LEADS }, (_, index) => ({ leadId: `lead-${index}`, state: pick(random, STATES), product: pick(random, PRODUCTS) }));

const engineTimes: number[] = [];
const naiveTimes: number[] = [];
const indexTimes: number[] = [];
const uncachedTimes: number[] = [];
let engineEligible: string[][] = [];
let naiveEligible: string[][] = [];
for (let run = 0; run < RUNS; run++) {
	let started = performance.now();
	const index = indexRoster(parseRoster(rows));
	const indexedAt = performance.now();
	engineEligible = leads.map((lead) => checkEligibility(lead, index, { asOf: AS_OF, requireNamedInConsent: false }).eligibleAgentIds);
	indexTimes.push(indexedAt - started);
	engineTimes.push(performance.now() - started);

	// Worst case for verdict reuse: every lead checked at its own instant (no two share a verdict).
	started = performance.now();
	const fresh = indexRoster(parseRoster(rows));
	leads.forEach((lead, at) => checkEligibility(lead, fresh, { asOf: new Date(AS_OF.getTime() + at), requireNamedInConsent: false }));
	uncachedTimes.push(performance.now() - started);

	started = performance.now();
	const agents = parseRoster(rows).agents;
	naiveEligible = leads.map((lead) => naiveEligibility(lead, agents, AS_OF.getTime()).eligibleAgentIds);
	naiveTimes.push(performance.now() - started);
}

const same = engineEligible.every((ids, index) => ids.slice().sort().join() === naiveEligible[index].slice().sort().join());
const pairs = engineEligible.reduce((sum, ids) => sum + ids.length, 0);
const engineMs = median(engineTimes);
const naiveMs = median(naiveTimes);
console.log(`License Check: ${LEADS} leads x ${AGENTS} agents (median of ${RUNS} runs; roster parse included in both)`);
console.log(`| implementation | time (ms) | leads/s |`);
console.log(`|---|---|---|`);
console.log(`| engine (roster indexed by state once) | ${engineMs.toFixed(0)} | ${Math.round((LEADS / engineMs) * 1000)} |`);
console.log(`| engine, every lead at its own As Of (no verdict reuse) | ${median(uncachedTimes).toFixed(0)} | ${Math.round((LEADS / median(uncachedTimes)) * 1000)} |`);
console.log(`| naive (every agent for every lead) | ${naiveMs.toFixed(0)} | ${Math.round((LEADS / naiveMs) * 1000)} |`);
console.log(`of which parsing and indexing the roster: ${median(indexTimes).toFixed(1)} ms`);
console.log(`ratio naive / engine: ${(naiveMs / engineMs).toFixed(1)}x; naive / engine without reuse: ${(naiveMs / median(uncachedTimes)).toFixed(1)}x`);
console.log(`eligible (lead, agent) pairs: ${pairs}; same eligible sets as the baseline: ${same ? 'yes' : 'NO'}`);
if (!same) process.exitCode = 1;
