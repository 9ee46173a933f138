/**
 * Reading History, on every execution of Lead Match, Lead Score and Lead Escalate: rows as Log
 * Outcome writes them (canonical UTC times, read without luxon) against the same rows with their
 * times written with an offset ("+00:00", which goes through luxon's ISO parser: the path every
 * row took before). Same instants, same records out; median of 5 runs each, interleaved.
 *
 *   node scripts/run-ts.mjs bench/history/parse.ts
 */
import { performance } from 'node:perf_hooks';

import { parseHistory } from '../../engine/history';
import { median } from '../stats';

function rows(outcomes: number, offsetForm: boolean): Array<Record<string, unknown>> {
	const start = Date.UTC(2026, 0, 1);
	const out: Array<Record<string, unknown>> = [];
	const at = (ms: number) => {
		const iso = new Date(ms).toISOString();
		return offsetForm ? iso.replace('Z', '+00:00') : iso;
	};
	for (let i = 0; i < outcomes; i++) {
		const lead = { leadId: `L${i}`, product: 'auto', state: 'TX', source: { channel: 'referral' }, score: 50 };
		const base = { leadId: `L${i}`, agentId: `agent-${i % 8}`, strategy: 'learned', propensity: 0.8, lead };
		const arrived = start + i * 97_000;
		out.push({ ...base, event: 'assigned', at: at(arrived) });
		out.push({ ...base, event: i % 3 === 0 ? 'won' : 'lost', at: at(arrived + 86_400_000 + (i % 7) * 3_600_000) });
	}
	return out;
}

console.log('outcomes (rows) | Log Outcome form | offset form (luxon) | ratio | same records');
for (const outcomes of [1_000, 5_000, 10_000, 20_000]) {
	const canonical = rows(outcomes, false);
	const offset = rows(outcomes, true);
	const times: Record<'canonical' | 'offset', number[]> = { canonical: [], offset: [] };
	let same = true;
	for (let run = 0; run < 5; run++) {
		for (const [name, input] of [['canonical', canonical], ['offset', offset]] as const) {
			const started = performance.now();
			const parsed = parseHistory(input);
			times[name].push(performance.now() - started);
			if (name === 'offset') same &&= JSON.stringify(parsed.records) === JSON.stringify(parseHistory(canonical).records);
		}
	}
	const fast = median(times.canonical);
	const slow = median(times.offset);
	console.log(`${outcomes.toLocaleString('en-US')} (${canonical.length.toLocaleString('en-US')}) | ${fast.toFixed(0)} ms | ${slow.toFixed(0)} ms | ${(slow / fast).toFixed(1)}x | ${same ? 'yes' : 'NO'}`);
}
