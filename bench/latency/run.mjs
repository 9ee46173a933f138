// Webhook-to-response latency and throughput of our node chains against n8n baselines, all on the
// same n8n (regular mode, SQLite, the rig's install of the package), in one run, interleaved.
//
//   node bench/latency/run.mjs [--rounds 150] [--throughput 200] [--skip-throughput]
//
// Latency, one request at a time, every round visits every workflow (order rotated per round):
//   bare      Webhook -> Respond
//   noop-1    Webhook -> NoOp -> Respond                     (the node count of lead-intake.json)
//   intake    workflows/lead-intake.json                     (Webhook -> Lead Normalize -> Respond)
//   noop-8    Webhook -> 8 NoOps -> Respond                  (the node count of bench-routing.json)
//   noop-io   bench-routing.json's shape and Data Table I/O, NoOps in place of our five nodes
//   routing   bench/workflows/bench-routing.json             (Normalize, Score, License Check,
//             Match, Log Outcome + 2 Data Table reads + 1 insert)
//   template  workflows/inbound-lead-routing.json's response path (when it is in the tree)
// Ratios: intake / noop-1, routing / noop-8 and routing / noop-io at p50 (goal <= 1.15). Then a per-node profile from
// the saved executions (n8n's own executionTime per node): which node costs what.
//
// Throughput (issue 6, part 3): our pipeline against the same routing hand-written in a Code node
// (bench-code-routing.json: static-data counter, no I/O; bench-code-table.json: the same Data Table
// reads and insert as ours), N leads each at 10 in flight, alternated A B C A B C; ratio.
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchLead, boundedLoad, clearHistory, percentile, postLead, finishRun, loadAverage, round, runMain, setupTables } from '../queue-mode/load.mjs';
import { ensureBuilt, ensureRuntime, ROOT, startN8n } from '../../scripts/n8n/runtime.mjs';

const TEMPLATE_SETUP = 'workflows/setup-data-tables.json';
const TEMPLATE_INBOUND = 'workflows/inbound-lead-routing.json';

function parseArgs(argv) {
	const args = { rounds: 150, warmup: 10, throughput: 200, inflight: 10, passes: 2, skipThroughput: false, json: null, profile: 40 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--rounds') args.rounds = Number(argv[++i]);
		else if (a === '--throughput') args.throughput = Number(argv[++i]);
		else if (a === '--inflight') args.inflight = Number(argv[++i]);
		else if (a === '--passes') args.passes = Number(argv[++i]);
		else if (a === '--skip-throughput') args.skipThroughput = true;
		else if (a === '--json') args.json = argv[++i];
		else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

const stats = (ms) => ({ n: ms.length, p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), p99: round(percentile(ms, 99)) });

/** Per-node mean executionTime (ms) over the newest `count` executions of a workflow. */
async function nodeProfile(client, workflowId, count) {
	const list = await client.listExecutions({ workflowId, limit: count, includeData: true });
	const sums = new Map();
	const totals = [];
	for (const execution of list) {
		const runData = execution.data?.resultData?.runData ?? {};
		for (const [name, runs] of Object.entries(runData)) {
			const t = runs.reduce((s, r) => s + (r.executionTime ?? 0), 0);
			sums.set(name, (sums.get(name) ?? 0) + t);
		}
		if (execution.startedAt && execution.stoppedAt) totals.push(Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt));
	}
	const perNode = Object.fromEntries([...sums].map(([name, t]) => [name, round(t / Math.max(1, list.length), 2)]));
	const nodesSum = round(Object.values(perNode).reduce((s, t) => s + t, 0), 1);
	return { executions: list.length, perNode, nodesSum, executionP50: round(percentile(totals, 50)) };
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	ensureRuntime({ quiet: true });
	ensureBuilt({ quiet: true });
	const t0 = Date.now();
	const withTemplate = existsSync(`${ROOT}/${TEMPLATE_INBOUND}`) && existsSync(`${ROOT}/scripts/n8n/templates.mjs`);
	console.log(`latency: ${args.rounds} rounds (+${args.warmup} warm-up), ${cpus().length} cores, load ${loadAverage().join(' ')}; template: ${withTemplate ? 'yes' : 'not in the tree'}`);
	const n8n = await startN8n({
		workflows: [
			'workflows/lead-intake.json',
			'bench/workflows/bench-bare.json',
			'bench/workflows/bench-noop-1.json',
			'bench/workflows/bench-noop-8.json',
			'bench/workflows/bench-noop-io.json',
			'bench/workflows/bench-routing.json',
			'bench/workflows/bench-code-routing.json',
			'bench/workflows/bench-code-table.json',
		],
		env: { N8N_METRICS: 'true' },
	});
	const out = { args, machine: { cores: cpus().length }, loadAtStart: loadAverage() };
	try {
		const { client, baseUrl } = n8n;
		const tables = await setupTables(client);
		const ids = Object.fromEntries(n8n.workflows.map((w) => [w.file, w.id]));
		const targets = [
			{ name: 'bare', path: 'bench-bare', id: ids['bench/workflows/bench-bare.json'] },
			{ name: 'noop-1', path: 'bench-noop-1', id: ids['bench/workflows/bench-noop-1.json'] },
			{ name: 'intake', path: 'lead-intake', id: ids['workflows/lead-intake.json'] },
			{ name: 'noop-8', path: 'bench-noop-8', id: ids['bench/workflows/bench-noop-8.json'] },
			{ name: 'noop-io', path: 'bench-noop-io', id: ids['bench/workflows/bench-noop-io.json'] },
			{ name: 'routing', path: 'bench-route', id: ids['bench/workflows/bench-routing.json'] },
		];
		if (withTemplate) {
			const templates = await import('../../scripts/n8n/templates.mjs');
			await templates.createSigningCredential(client);
			await templates.installTemplate(client, TEMPLATE_SETUP);
			const setup = await client.postWebhook('lead-routing-setup', {});
			if (setup.status !== 200) throw new Error(`template setup answered ${setup.status}`);
			const inbound = await templates.installTemplate(client, TEMPLATE_INBOUND);
			// A long SLA: each execution answers, then waits for the agent's click (the Wait node).
			targets.push({ name: 'template', path: 'inbound-lead?slaSeconds=3600', id: inbound.id });
		}

		// Latency: interleaved, one request at a time.
		const samples = Object.fromEntries(targets.map((t) => [t.name, []]));
		const failures = Object.fromEntries(targets.map((t) => [t.name, 0]));
		let leadNo = 0;
		for (let round_ = 0; round_ < args.warmup + args.rounds; round_++) {
			const order = targets.map((_, i) => targets[(i + round_) % targets.length]);
			for (const target of order) {
				const lead = benchLead(leadNo++, 'lat');
				const res = await postLead(baseUrl, target.path, lead, 30000);
				const ok = res.status === 200 && (target.name === 'routing' || target.name === 'template' ? res.body?.agentId : true);
				if (!ok) failures[target.name]++;
				if (round_ >= args.warmup && ok) samples[target.name].push(res.ms);
			}
		}
		const latency = Object.fromEntries(targets.map((t) => [t.name, { ...stats(samples[t.name]), failures: failures[t.name] }]));
		const ratio = (a, b) => round(latency[a].p50 / latency[b].p50, 2);
		out.latency = latency;
		out.latencyRatios = {
			'intake / noop-1 (p50)': ratio('intake', 'noop-1'),
			'routing / noop-8 (p50)': ratio('routing', 'noop-8'),
			'routing / noop-io (p50)': ratio('routing', 'noop-io'),
			'noop-1 / bare (p50)': ratio('noop-1', 'bare'),
			'noop-8 / bare (p50)': ratio('noop-8', 'bare'),
			...(latency.template ? { 'template / routing (p50)': ratio('template', 'routing') } : {}),
			'per NoOp node, ms (p50)': round((latency['noop-8'].p50 - latency.bare.p50) / 8, 2),
		};
		console.log('latency (ms):');
		for (const t of targets) console.log(`  ${t.name.padEnd(9)} p50 ${latency[t.name].p50}  p95 ${latency[t.name].p95}  p99 ${latency[t.name].p99}  (n ${latency[t.name].n}, failed ${latency[t.name].failures})`);
		console.log('ratios:', JSON.stringify(out.latencyRatios));

		out.profile = {};
		for (const t of targets.filter((x) => ['intake', 'noop-1', 'noop-8', 'noop-io', 'routing', 'template'].includes(x.name))) {
			out.profile[t.name] = await nodeProfile(client, t.id, args.profile);
			console.log(`profile ${t.name}: ${JSON.stringify(out.profile[t.name])}`);
		}

		if (!args.skipThroughput) {
			const phases = [
				{ name: 'nodes', path: 'bench-route', needsAgent: true },
				{ name: 'code-static', path: 'bench-code-route', needsAgent: true },
				{ name: 'code-table', path: 'bench-code-table', needsAgent: true },
			];
			const runs = Object.fromEntries(phases.map((p) => [p.name, []]));
			for (let pass = 0; pass < args.passes; pass++) {
				for (const phase of phases) {
					await clearHistory(client, tables.historyTableId);
					const tag = `tp${pass}${phase.name.replace(/[^a-z]/g, '')}`;
					const load = await boundedLoad({
						count: args.throughput,
						concurrency: args.inflight,
						deadlineMs: 300000,
						task: (i) => postLead(baseUrl, phase.path, benchLead(i, tag), 60000),
					});
					const ok = load.results.filter((r) => r.status === 200 && r.body?.agentId).length;
					const perSecond = round((ok / load.wallMs) * 1000, 2);
					// Fairness of what was answered: weighted share ana 2 : ben, cal, dee 1 each.
					const counts = {};
					for (const r of load.results) if (r.body?.agentId) counts[r.body.agentId] = (counts[r.body.agentId] ?? 0) + 1;
					const deviation = round(Math.max(...Object.entries({ ana: 0.4, ben: 0.2, cal: 0.2, dee: 0.2 }).map(([id, share]) => Math.abs((counts[id] ?? 0) - share * ok))), 1);
					runs[phase.name].push({ ok, wallMs: load.wallMs, perSecond, p50: round(percentile(load.results.map((r) => r.ms), 50)), counts, finalDeviation: deviation });
					console.log(`  throughput pass ${pass + 1} ${phase.name}: ${ok}/${args.throughput} ok, ${perSecond} leads/s, p50 ${runs[phase.name].at(-1).p50} ms, counts ${JSON.stringify(runs[phase.name].at(-1).counts)}`);
				}
			}
			const best = (name) => Math.max(...runs[name].map((r) => r.perSecond));
			out.throughput = {
				runs,
				bestPerSecond: Object.fromEntries(phases.map((p) => [p.name, best(p.name)])),
				ratios: { 'nodes / code-static': round(best('nodes') / best('code-static'), 2), 'nodes / code-table': round(best('nodes') / best('code-table'), 2) },
			};
			console.log('throughput ratios:', JSON.stringify(out.throughput.ratios));
		}
	} finally {
		await n8n.stop();
	}
	finishRun(out, t0, args.json);
}

runMain(main);
