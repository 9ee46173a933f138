// Scale-out on n8n queue mode (issue 6). One run, side by side: the same leads through one worker,
// then through two, on one main process with our own Redis and a fresh Postgres database.
//
//   node bench/queue-mode/run.mjs                 1,000 leads, 25 in flight, 1 worker then 2
//   node bench/queue-mode/run.mjs --quick         CI: 100 leads, 1 worker, no faults (~2-3 min)
//   options: --leads N --inflight N --workers 1,2 --concurrency N (per worker, default 10)
//            --workflow bench|template  (template = workflows/inbound-lead-routing.json, once it lands)
//            --redis-port 6390 --database n8n_queue_bench --json out.json
//            --duplicates N  (new leads each posted 4 times at once after the phase, default 5)
//
// Checks per phase (exit status 1 when one fails): every lead has exactly one 'assigned' row in
// the history Data Table (read through the public API); every execution ended in success (none
// left new/running/waiting); no assignment to an agent who is not eligible; the round-robin
// deviation stays within the bound for the phase's concurrency (docs/scaling.md).
// Every process started here (main, workers, redis-server) is stopped in `finally`.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { psql, publish, startCluster } from './cluster.mjs';
import { BENCH_AGENTS, ELIGIBLE_FL, allExecutions, benchLead, boundedLoad, checkAssignments, clearHistory, loadAverage, percentile, postLead, round, setupTables, statusCounts } from './load.mjs';
import { ensureBuilt, ensureRuntime, ROOT, waitUntil } from '../../scripts/n8n/runtime.mjs';

export function parseArgs(argv) {
	const args = { leads: 1000, inflight: 25, workers: [1, 2], concurrency: 10, workflow: 'bench', redisPort: 6390, database: 'n8n_queue_bench', quick: false, json: null, warmup: 25, duplicates: 5 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--quick') Object.assign(args, { quick: true, leads: 100, workers: [1], warmup: 10 });
		else if (a === '--leads') args.leads = Number(argv[++i]);
		else if (a === '--inflight') args.inflight = Number(argv[++i]);
		else if (a === '--workers') args.workers = argv[++i].split(',').map(Number);
		else if (a === '--concurrency') args.concurrency = Number(argv[++i]);
		else if (a === '--workflow') args.workflow = argv[++i];
		else if (a === '--redis-port') args.redisPort = Number(argv[++i]);
		else if (a === '--database') args.database = argv[++i];
		else if (a === '--json') args.json = argv[++i];
		else if (a === '--warmup') args.warmup = Number(argv[++i]);
		else if (a === '--duplicates') args.duplicates = Number(argv[++i]);
		else if (a === '--missing-package') Object.assign(args, { missingPackage: true, leads: 5, workers: [1], warmup: 0 });
		else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

/**
 * Which workflow carries the load, and how to read its assignments back.
 * - bench: bench/workflows/bench-routing.json (its own tables bench_agents / bench_history).
 * - template: workflows/setup-data-tables.json + workflows/inbound-lead-routing.json installed as a
 *   user does (signing credential, import, publish, run setup), leads posted with ?slaSeconds=3600:
 *   each execution answers with the assignment and then waits for the agent's click (status
 *   'waiting' by design, not stuck).
 */
export function routingTarget(kind) {
	if (kind === 'template') {
		for (const file of ['workflows/inbound-lead-routing.json', 'workflows/setup-data-tables.json', 'scripts/n8n/templates.mjs']) {
			if (!existsSync(`${ROOT}/${file}`)) throw new Error(`${file} is not in the tree: use --workflow bench`);
		}
		return { kind, files: [], path: 'inbound-lead?slaSeconds=3600', waitingIsDone: true, ...templatePool() };
	}
	return { kind, files: ['bench/workflows/bench-routing.json'], workflowId: 'benchRouting0001', path: 'bench-route', waitingIsDone: false, eligible: ELIGIBLE_FL, agents: BENCH_AGENTS };
}

/**
 * Who may take a Florida personal-lines lead in workflows/samples/roster.json, judged here from
 * the roster itself (active; an unexpired active FL license with personal lines; a non-resident
 * license only with an active resident license), not by License Check.
 */
function templatePool() {
	const roster = JSON.parse(readFileSync(`${ROOT}/workflows/samples/roster.json`, 'utf8')).agents;
	const today = new Date().toISOString().slice(0, 10);
	const valid = (l) => l && l.status === 'active' && l.expiresOn >= today;
	const eligible = roster
		.filter((a) => a.active !== false)
		.filter((a) => {
			const fl = a.licenses.find((l) => l.state === 'FL');
			if (!valid(fl) || !fl.linesOfAuthority.includes('personalLines')) return false;
			return fl.residency === 'resident' || valid(a.licenses.find((l) => l.residency === 'resident'));
		})
		.map((a) => a.agentId);
	return { eligible, agents: roster.map((a) => ({ agentId: a.agentId, weight: a.weight ?? 1 })) };
}

/** Installs the target's workflows and tables; returns { workflowId, historyTableId }. */
async function installTarget(cluster, target) {
	if (target.kind !== 'template') {
		const tables = await setupTables(cluster.client);
		await publish(cluster.client, target.workflowId);
		return { workflowId: target.workflowId, historyTableId: tables.historyTableId };
	}
	const templates = await import('../../scripts/n8n/templates.mjs');
	await templates.createSigningCredential(cluster.client);
	await templates.installTemplate(cluster.client, 'workflows/setup-data-tables.json');
	const setup = await cluster.client.postWebhook('lead-routing-setup', {});
	if (setup.status !== 200) throw new Error(`setup-data-tables answered ${setup.status}: ${setup.text.slice(0, 300)}`);
	const inbound = await templates.installTemplate(cluster.client, 'workflows/inbound-lead-routing.json');
	const outcomes = await cluster.client.dataTableByName('outcomes');
	return { workflowId: inbound.id, historyTableId: outcomes.id };
}

/**
 * The documented bound (docs/scaling.md). One at a time, Lead Match never lets the gap between the
 * most and the least owed agent pass Max Lead (K, default 3). Each execution reads History once at
 * its start and appends its row at its end, so a decision can miss at most c - 1 others (c =
 * executions running at once = min(in flight, workers x worker concurrency)), and up to c
 * decisions can be made on the same counts. Bound, for the spread and so for any agent's distance
 * from their weighted share: K + c - 1.
 */
export function deviationBound(inflight, workers, concurrency, maxLead = 3) {
	const c = Math.min(inflight, workers * concurrency);
	return { c, bound: maxLead + c - 1 };
}

/** Newest execution id in the database (executions after it belong to the next phase). */
export function lastExecutionId(database) {
	return Number(psql('SELECT COALESCE(MAX(id), 0) FROM execution_entity', { database }));
}

/** Status counts of a workflow's executions after `afterId`, read from the database itself. */
export function dbStatuses(database, workflowId, afterId) {
	const out = psql(`SELECT status, COUNT(*) FROM execution_entity WHERE "workflowId" = '${workflowId}' AND id > ${Number(afterId)} GROUP BY status`, { database });
	const counts = {};
	for (const line of out.split('\n').filter(Boolean)) {
		const [status, n] = line.split('|');
		counts[status] = Number(n);
	}
	return counts;
}

/**
 * Waits (bounded) until the workflow has `expected` executions after `afterId` and none is
 * new/running/waiting. Statuses come from the database: n8n 2.41's public execution list leaves
 * out every execution main still tracks as active (executions.public.controller.js passes
 * excludeRunning), so a stuck execution does not show up there at all; the API's view is
 * returned next to it.
 */
export async function settle(cluster, workflowId, afterId, expected, timeoutMs = 120000, waitingIsDone = false) {
	let db = {};
	try {
		await waitUntil(async () => {
			db = dbStatuses(cluster.database, workflowId, afterId);
			const total = Object.values(db).reduce((a, b) => a + b, 0);
			const open = (db.new ?? 0) + (db.running ?? 0) + (waitingIsDone ? 0 : db.waiting ?? 0);
			return total >= expected && open === 0;
		}, timeoutMs, 'executions to finish');
	} catch {
		// reported as stuck / missing
	}
	db = dbStatuses(cluster.database, workflowId, afterId);
	const api = statusCounts((await allExecutions(cluster.client, workflowId)).filter((e) => Number(e.id) > afterId));
	return { db, api };
}

export async function runPhase({ cluster, target, tables, workers, args, tag, log = console.log }) {
	await clearHistory(cluster.client, tables.historyTableId);
	const afterId = lastExecutionId(cluster.database);
	const leads = Array.from({ length: args.leads }, (_, i) => benchLead(i, tag));
	const load = await boundedLoad({
		count: leads.length,
		concurrency: args.inflight,
		deadlineMs: 900000,
		task: (i) => postLead(cluster.baseUrl, target.path, leads[i]),
		onProgress: (done) => done % 250 === 0 && log(`  ${tag}: ${done}/${leads.length}`),
	});
	const settled = await settle(cluster, target.workflowId, afterId, leads.length, 120000, target.waitingIsDone);
	const rows = await cluster.client.dataTableRows(tables.historyTableId);
	const check = checkAssignments(rows, leads.map((l) => l.leadId), { eligible: target.eligible, agents: target.agents });
	const ok = load.results.filter((r) => r.status === 200 && r.body?.agentId);
	const ms = load.results.map((r) => r.ms);
	const { c, bound } = deviationBound(args.inflight, workers, args.concurrency);
	const statuses = settled.db;
	const failures = [];
	const failed = psql(`SELECT id, status FROM execution_entity WHERE "workflowId" = '${target.workflowId}' AND id > ${afterId} AND status NOT IN ('success'${target.waitingIsDone ? ", 'waiting'" : ''}) ORDER BY id LIMIT 5`, { database: cluster.database }).split('\n').filter(Boolean);
	for (const line of failed) {
		const [id, status] = line.split('|');
		const e = { id, status };
		const full = await cluster.client.getExecution(e.id, true).catch(() => null);
		const error = full?.data?.resultData?.error;
		failures.push({ id: e.id, status: e.status, node: full?.data?.resultData?.lastNodeExecuted ?? null, error: error?.message ?? null, description: error?.description ?? null });
	}
	const replay = await replayProbe({ cluster, target, tables, leads, tag, duplicates: args.duplicates });
	return {
		replay,
		failures,
		tag,
		workers,
		leads: leads.length,
		inflight: args.inflight,
		concurrencyPerWorker: args.concurrency,
		wallMs: load.wallMs,
		leadsPerSecond: round((leads.length / load.wallMs) * 1000, 2),
		http: { answered200WithAgent: ok.length, failed: load.results.filter((r) => !(r.status === 200 && r.body?.agentId)).map((r) => r.status || r.error).slice(0, 5), p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), p99: round(percentile(ms, 99)) },
		executions: statuses,
		executionsInPublicApi: settled.api,
		stuck: (statuses.new ?? 0) + (statuses.running ?? 0) + (target.waitingIsDone ? 0 : statuses.waiting ?? 0),
		check,
		c,
		deviationBound: bound,
	};
}

/**
 * Replay idempotency, after the phase's checks are taken: (1) 10 routed leads posted again one by
 * one; (2) --duplicates new leads (default 5) each posted 4 times at once (a vendor's duplicate
 * delivery). Counts leads that end up with more than one 'assigned' row. Reported, not a failing
 * check: the bench chain has no guard against it (the templates do).
 */
async function replayProbe({ cluster, target, tables, leads, tag, duplicates }) {
	const sequential = leads.slice(0, 10);
	const answers = [];
	for (const lead of sequential) answers.push(await postLead(cluster.baseUrl, target.path, lead, 60000));
	const burst = Array.from({ length: duplicates }, (_, i) => benchLead(900000 + i, `${tag}dup`));
	await boundedLoad({ count: burst.length * 4, concurrency: 20, task: (i) => postLead(cluster.baseUrl, target.path, burst[i % burst.length], 60000) });
	await settle(cluster, target.workflowId, lastExecutionId(cluster.database) - (burst.length * 4 + 20), 0, 120000, target.waitingIsDone);
	const rows = (await cluster.client.dataTableRows(tables.historyTableId)).filter((r) => r.event === 'assigned');
	const count = (id) => rows.filter((r) => r.leadId === id).length;
	return {
		sequentialReplays: sequential.length,
		sequentialSecondAssignment: sequential.filter((l) => count(l.leadId) > 1).length,
		sequentialAnswers: [...new Set(answers.map((a) => a.body?.status ?? a.body?.event ?? a.status))],
		concurrentDuplicates: `${burst.length} leads x 4 at once`,
		concurrentLeadsAssignedMoreThanOnce: burst.filter((l) => count(l.leadId) > 1).length,
		concurrentAssignedRows: burst.reduce((n, l) => n + count(l.leadId), 0),
	};
}

export function verdicts(phase, target) {
	const problems = [];
	const { check } = phase;
	if (phase.http.answered200WithAgent !== phase.leads) problems.push(`${phase.leads - phase.http.answered200WithAgent} leads not answered 200 with an agent`);
	if (check.leadsWithOneAssignment !== phase.leads) problems.push(`${phase.leads - check.leadsWithOneAssignment} leads without exactly one assignment (missing ${check.missing.length}, doubled ${check.doubled.length})`);
	if (check.ineligible.length) problems.push(`${check.ineligible.length} assignments to ineligible agents`);
	if (phase.stuck) problems.push(`${phase.stuck} executions left new/running/waiting`);
	const done = target.waitingIsDone ? ['success', 'waiting'] : ['success'];
	const failed = Object.entries(phase.executions).filter(([s]) => !done.includes(s)).reduce((n, [, k]) => n + k, 0);
	if (failed) problems.push(`${failed} executions not successful: ${JSON.stringify(phase.executions)}`);
	if (check.maxDeviation > phase.deviationBound) problems.push(`round-robin deviation ${check.maxDeviation} above the bound ${phase.deviationBound} (c = ${phase.c})`);
	if (check.maxSpread > phase.deviationBound) problems.push(`round-robin spread ${check.maxSpread} above the bound ${phase.deviationBound} (c = ${phase.c})`);
	return problems;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	ensureRuntime({ quiet: true });
	ensureBuilt({ quiet: true });
	const target = routingTarget(args.workflow);
	const t0 = Date.now();
	const maxWorkers = Math.max(...args.workers);
	console.log(`queue mode: ${args.leads} leads, ${args.inflight} in flight, workers ${args.workers.join(' then ')}, concurrency ${args.concurrency}/worker; ${cpus().length} cores, ${round(totalmem() / 2 ** 30)} GB; load ${loadAverage().join(' ')}`);
	const cluster = await startCluster({ workers: Math.min(...args.workers), concurrency: args.concurrency, workflows: target.files, redisPort: args.redisPort, database: args.database, installOnWorkers: !args.missingPackage });
	if (args.missingPackage) return await missingPackage(cluster, target, args);
	const phases = [];
	let exitCode = 0;
	try {
		console.log(`cluster up in ${round((Date.now() - t0) / 1000)} s (import ${round(cluster.timings.importMs / 1000)} s, main ready ${round(cluster.timings.mainReadyMs / 1000)} s, workers ready ${round(cluster.timings.workersReadyMs / 1000)} s)`);
		const installed = await installTarget(cluster, target);
		target.workflowId = installed.workflowId;
		const tables = { historyTableId: installed.historyTableId };
		for (const workers of args.workers) {
			while (cluster.workers.filter((w) => w && !w.exited).length < workers) await cluster.startWorker(cluster.workers.filter((w) => w && !w.exited).length);
			// Warm-up (not counted): first executions load code and fill caches on each worker.
			await boundedLoad({ count: args.warmup, concurrency: Math.min(args.inflight, args.warmup), task: (i) => postLead(cluster.baseUrl, target.path, benchLead(i, `warm${workers}`)) });
			await settle(cluster, target.workflowId, 0, 0, 30000, target.waitingIsDone);
			const phase = await runPhase({ cluster, target, tables, workers, args, tag: `w${workers}` });
			phase.problems = verdicts(phase, target);
			phase.loadAverage = loadAverage();
			phases.push(phase);
			console.log(JSON.stringify({ workers, leadsPerSecond: phase.leadsPerSecond, http: phase.http, executions: phase.executions, oneAssignment: `${phase.check.leadsWithOneAssignment}/${phase.leads}`, ineligible: phase.check.ineligible.length, counts: phase.check.counts, maxDeviation: phase.check.maxDeviation, maxSpread: phase.check.maxSpread, finalDeviation: phase.check.finalDeviation, bound: phase.deviationBound, problems: phase.problems, failures: phase.failures, replay: phase.replay, load: phase.loadAverage }));
			if (phase.problems.length) exitCode = 1;
		}
	} catch (error) {
		console.error(error.stack);
		exitCode = 1;
	} finally {
		await cluster.stop();
	}
	if (phases.length === 2) {
		console.log(`throughput ratio, ${phases[1].workers} workers / ${phases[0].workers}: ${round(phases[1].leadsPerSecond / phases[0].leadsPerSecond, 2)}x (${phases[0].leadsPerSecond} -> ${phases[1].leadsPerSecond} leads/s)`);
	}
	console.log(`total ${round((Date.now() - t0) / 1000)} s; load ${loadAverage().join(' ')}; ${exitCode ? 'FAILED' : 'all checks passed'}`);
	if (args.json) writeFileSync(args.json, JSON.stringify({ args, phases }, null, 2));
	process.exit(exitCode);
}

/**
 * The classic queue-mode failure: the package is installed on main (so the workflow publishes)
 * but not on the workers. Shows what the caller and the execution list see.
 */
async function missingPackage(cluster, target, args) {
	try {
		await setupTables(cluster.client);
		await publish(cluster.client, target.workflowId);
		const { results } = await boundedLoad({ count: args.leads, concurrency: 5, task: (i) => postLead(cluster.baseUrl, target.path, benchLead(i, 'nopkg'), 60000) });
		const settled = await settle(cluster, target.workflowId, 0, args.leads, 60000);
		const firstId = psql(`SELECT MIN(id) FROM execution_entity WHERE "workflowId" = '${target.workflowId}'`, { database: cluster.database });
		const first = firstId ? await cluster.client.getExecution(firstId, true).catch(() => null) : null;
		console.log(JSON.stringify({
			http: results.map((r) => `${r.status || r.error} ${typeof r.body === 'string' ? r.body.slice(0, 120) : JSON.stringify(r.body).slice(0, 120)}`),
			executions: settled,
			error: first?.data?.resultData?.error?.message ?? null,
		}, null, 1));
	} finally {
		await cluster.stop();
	}
	process.exit(0);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
