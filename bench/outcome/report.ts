/**
 * Log Outcome's Report over a large history: 100,000 outcome rows (flat rows as a Data Table or
 * Postgres returns them: strings, lead snapshot as JSON text) for 20 agents.
 * Measures, as medians of several runs: reading the rows into records, the report (one pass into
 * per-lead facts), the naive baseline on the same records (filter per agent, then per lead:
 * bench/outcome/naive.ts), and rendering the HTML dashboard. Checks that the agent rows agree.
 * Timings are printed, never asserted.
 * Run: node scripts/run-ts.mjs bench/outcome/report.ts [rows]
 */
import { renderDashboard } from '../../engine/outcome/dashboard';
import { readOutcomeRow, toFlatRow } from '../../engine/outcome/record';
import { buildOutcomeReport } from '../../engine/outcome/report';
import { seededRandom, type Random } from '../../engine/random';
import type { OutcomeRecord } from '../../engine/types';
import { naiveAgentRows } from './naive';
import { median } from '../stats';

const ROWS = Number(process.argv[2] ?? 100_000);
const AGENTS = 20;
const RUNS = 5;
const PRODUCTS = ['auto', 'home', 'bundle', 'renters', 'life', 'medicare'];
const CHANNELS = ['paid_search', 'paid_social', 'organic', 'referral', 'aggregator', 'direct'];

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];

/** About four rows per lead: assigned, sometimes declined + reassigned, contacted, won or lost. */
function history(rows: number, random: Random): Array<Record<string, unknown>> {
	const out: Array<Record<string, unknown>> = [];
	const start = Date.parse('2026-09-01T00:00:00Z');
	for (let n = 0; out.length < rows; n++) {
		const leadId = `lead-${n}`;
		const lead = { leadId, product: pick(random, PRODUCTS), state: 'TX', source: { kind: 'flat', channel: pick(random, CHANNELS) }, score: Math.floor(random() * 100), dedupeKey: `${leadId}@x.test` };
		const t0 = start + n * 60_000;
		const holdout = random() < 0.1;
		let agent = `agent-${Math.floor(random() * AGENTS)}`;
		const base = { leadId, lead, strategy: holdout ? 'learned:holdout' : 'learned', propensity: 0.05 + random() * 0.5, holdout };
		const at = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();
		const push = (event: OutcomeRecord['event'], offsetMs: number, extra: Partial<OutcomeRecord> = {}) =>
			out.push(toFlatRow({ ...base, agentId: agent, event, at: at(offsetMs), value: null, responseSeconds: null, slaMet: null, attempt: 1, ...extra }));
		push('assigned', 0);
		if (random() < 0.15) {
			push('declined', 90_000);
			agent = `agent-${Math.floor(random() * AGENTS)}`;
			push('assigned', 90_000, { attempt: 2 });
		}
		if (random() < 0.8) {
			const seconds = Math.round(30 + random() * 900);
			push('contacted', 90_000 + seconds * 1000, { responseSeconds: seconds, slaMet: seconds <= 300 });
		}
		const won = random() < 0.2;
		push(won ? 'won' : 'lost', 86_400_000, { value: won ? Math.round(500 + random() * 3000) : null });
	}
	return out.slice(0, rows);
}

function time<T>(work: () => T): { result: T; ms: number } {
	const started = process.hrtime.bigint();
	const result = work();
	return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

const now = new Date('2026-11-30T00:00:00Z');
// Stored rows come back as strings from many stores: read them the hard way.
const rows = history(ROWS, seededRandom(45)).map((row) =>
	Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value === null ? '' : String(value)])),
);

const readTimes: number[] = [];
const reportTimes: number[] = [];
const naiveTimes: number[] = [];
const dashboardTimes: number[] = [];
let records: OutcomeRecord[] = [];
for (let run = 0; run < RUNS; run++) {
	const read = time(() => rows.map((row) => readOutcomeRow(row, now)));
	records = read.result;
	readTimes.push(read.ms);
	const report = time(() => buildOutcomeReport(records, { weights: { 'agent-0': 2 } }));
	reportTimes.push(report.ms);
	dashboardTimes.push(time(() => renderDashboard(report.result)).ms);
	const naive = time(() => naiveAgentRows(records));
	naiveTimes.push(naive.ms);
	if (run === 0) {
		const mismatch = report.result.agents.find((row, index) => {
			const other = naive.result[index];
			return (
				!other ||
				other.agentId !== row.agentId ||
				other.leads !== row.leads ||
				other.contacted !== row.contacted ||
				other.won !== row.won ||
				Math.abs(other.value - row.value) > 0.01 ||
				Math.abs((other.responseP90Seconds ?? 0) - (row.responseP90Seconds ?? 0)) > 0.1
			);
		});
		if (mismatch) throw new Error(`report and naive baseline disagree for ${mismatch.agentId}`);
		const lift = report.result.summary.lift;
		console.log(
			`${ROWS} rows, ${report.result.summary.leads} leads, ${report.result.agents.length} agents; agent rows agree with the baseline; ` +
				`lift ${lift?.lift} (CI ${lift?.ci.low}..${lift?.ci.high})`,
		);
	}
}

const report = median(reportTimes);
const naive = median(naiveTimes);
console.log(`read rows (strings -> records): ${median(readTimes).toFixed(0)} ms`);
console.log(`report (engine):                ${report.toFixed(0)} ms`);
console.log(`report (naive baseline):        ${naive.toFixed(0)} ms   -> engine is ${(naive / report).toFixed(1)}x faster`);
console.log(`dashboard HTML:                 ${median(dashboardTimes).toFixed(1)} ms`);
