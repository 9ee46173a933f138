// Memory of the n8n process (regular mode: the main process runs the executions) before and after
// routing 10,000 leads through bench-routing.json (Normalize, Score, License Check, Match, Log
// Outcome, Data Table reads and insert), bounded: at most --inflight requests at a time and a
// deadline.
//
//   node bench/latency/memory.mjs [--leads 10000] [--inflight 10] [--every 2000] [--history-window 1000]
//
// Heap from n8n's own /metrics (N8N_METRICS=true: nodejs_heap_size_used_bytes) and RSS from
// /proc/<pid>/status, sampled after a warm-up and every --every leads. The history table is emptied
// every --history-window leads, so each execution reads at most that many rows: the figure is about
// the process (our nodes' caches, n8n's per-execution state), not about a table that keeps growing.
import { readFileSync } from 'node:fs';
import { benchLead, boundedLoad, clearHistory, postLead, finishRun, loadAverage, round, runMain, setupTables } from '../queue-mode/load.mjs';
import { ensureBuilt, ensureRuntime, startN8n } from '../../scripts/n8n/runtime.mjs';

function parseArgs(argv) {
	const args = { leads: 10000, inflight: 10, every: 2000, historyWindow: 1000, warmup: 200, json: null, deadlineMinutes: 30 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--leads') args.leads = Number(argv[++i]);
		else if (a === '--inflight') args.inflight = Number(argv[++i]);
		else if (a === '--every') args.every = Number(argv[++i]);
		else if (a === '--history-window') args.historyWindow = Number(argv[++i]);
		else if (a === '--warmup') args.warmup = Number(argv[++i]);
		else if (a === '--deadline-minutes') args.deadlineMinutes = Number(argv[++i]);
		else if (a === '--json') args.json = argv[++i];
		else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

/**
 * One reading is mostly a matter of when V8 last collected garbage (the heap swings by hundreds of
 * MB under load). So, with no request in flight, read every 250 ms for a few seconds and keep the
 * floor: the lowest heap used seen, which is what survives collection.
 */
async function sample(baseUrl, pid, label, windowMs = 6000) {
	const readings = [];
	const until = Date.now() + windowMs;
	do {
		readings.push(await readOnce(baseUrl, pid));
		await new Promise((r) => setTimeout(r, 250));
	} while (Date.now() < until);
	const floor = readings.reduce((a, b) => (b.heapUsedMb < a.heapUsedMb ? b : a));
	return { label, ...floor, heapUsedMaxMb: Math.max(...readings.map((r) => r.heapUsedMb)), readings: readings.length };
}

async function readOnce(baseUrl, pid) {
	const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
	const metric = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)`, 'm').exec(metrics)?.[1] ?? NaN);
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
	const mb = (bytes) => round(bytes / 2 ** 20, 1);
	return {
		heapUsedMb: mb(metric('n8n_nodejs_heap_size_used_bytes') || metric('nodejs_heap_size_used_bytes')),
		heapTotalMb: mb(metric('n8n_nodejs_heap_size_total_bytes') || metric('nodejs_heap_size_total_bytes')),
		externalMb: mb(metric('n8n_nodejs_external_memory_bytes') || metric('nodejs_external_memory_bytes')),
		rssMb: round(rssKb / 1024, 1),
		at: new Date().toISOString(),
	};
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	ensureRuntime({ quiet: true });
	ensureBuilt({ quiet: true });
	const t0 = Date.now();
	console.log(`memory: ${args.leads} routed leads, ${args.inflight} in flight, history emptied every ${args.historyWindow}; load ${loadAverage().join(' ')}`);
	const n8n = await startN8n({ workflows: ['bench/workflows/bench-routing.json'], env: { N8N_METRICS: 'true' } });
	const out = { args, samples: [], loadAtStart: loadAverage() };
	try {
		const tables = await setupTables(n8n.client);
		const post = (i, tag) => postLead(n8n.baseUrl, 'bench-route', benchLead(i, tag), 60000);
		out.samples.push(await sample(n8n.baseUrl, n8n.pid, 'after start'));
		await boundedLoad({ count: args.warmup, concurrency: args.inflight, task: (i) => post(i, 'memwarm') });
		await clearHistory(n8n.client, tables.historyTableId);
		out.samples.push(await sample(n8n.baseUrl, n8n.pid, `after ${args.warmup} warm-up leads (before)`));
		console.log(JSON.stringify(out.samples.at(-1)));
		const deadline = Date.now() + args.deadlineMinutes * 60000;
		let routed = 0;
		let failed = 0;
		for (let start = 0; start < args.leads && Date.now() < deadline; start += args.historyWindow) {
			const count = Math.min(args.historyWindow, args.leads - start);
			const load = await boundedLoad({ count, concurrency: args.inflight, deadlineMs: deadline - Date.now(), task: (i) => post(start + i, 'mem') });
			const ok = load.results.filter((r) => r?.status === 200 && r.body?.agentId).length;
			routed += ok;
			failed += count - ok;
			await clearHistory(n8n.client, tables.historyTableId);
			if ((start + count) % args.every === 0 || start + count >= args.leads) {
				out.samples.push(await sample(n8n.baseUrl, n8n.pid, `after ${start + count} leads`));
				console.log(JSON.stringify({ ...out.samples.at(-1), routed, failed, leadsPerSecond: round((routed / (Date.now() - t0)) * 1000, 1) }));
			}
		}
		out.routed = routed;
		out.failed = failed;
		const before = out.samples[1];
		const after = out.samples.at(-1);
		out.delta = { heapUsedMb: round(after.heapUsedMb - before.heapUsedMb, 1), rssMb: round(after.rssMb - before.rssMb, 1), heapRatio: round(after.heapUsedMb / before.heapUsedMb, 2) };
		console.log(`routed ${routed} (failed ${failed}); heap used ${before.heapUsedMb} -> ${after.heapUsedMb} MB (${out.delta.heapRatio}x), RSS ${before.rssMb} -> ${after.rssMb} MB`);
	} finally {
		await n8n.stop();
	}
	finishRun(out, t0, args.json);
}

runMain(main);
