// Faults on n8n queue mode (issue 6): what happens to the leads in flight when a worker dies,
// when Redis restarts and when Postgres refuses connections for a few seconds, and whether each
// lead ends up either routed or visibly failed and re-routable by replaying it.
//
//   node bench/queue-mode/faults.mjs [--leads 300] [--inflight 25] [--only worker,redis,postgres]
//
// Only our own processes and database are disturbed: the cluster's own redis-server (port 6390,
// no persistence) is killed and restarted; Postgres gets `ALTER DATABASE n8n_queue_bench
// ALLOW_CONNECTIONS false` plus terminated backends for a few seconds, never a cluster stop.
// For each fault: the load runs, the fault hits when a third of the leads are answered, then
//   1. every lead is classified: routed once / routed more than once / not routed, and whether the
//      not-routed ones are visible (HTTP error answer or a failed/crashed execution);
//   2. every lead that is not routed is replayed (same payload, same leadId) and checked again;
//   3. idempotency probe: 10 leads that WERE routed are replayed too: a second 'assigned' row for
//      the same leadId means replay is not idempotent (Lead Match does not look up History for an
//      existing assignment of the same leadId).
import { writeFileSync } from 'node:fs';
import { psql, publish, startCluster } from './cluster.mjs';
import { benchLead, boundedLoad, loadAverage, postLead, round, setupTables, statusCounts } from './load.mjs';
import { dbStatuses, lastExecutionId, settle } from './run.mjs';
import { ensureBuilt, ensureRuntime } from '../../scripts/n8n/runtime.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TARGET = { files: ['bench/workflows/bench-routing.json'], workflowId: 'benchRouting0001', path: 'bench-route' };

function parseArgs(argv) {
	const args = { leads: 300, inflight: 25, only: ['worker', 'redis', 'postgres'], concurrency: 10, json: null, database: 'n8n_queue_bench', redisPort: 6390, probe: 10 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--leads') args.leads = Number(argv[++i]);
		else if (a === '--inflight') args.inflight = Number(argv[++i]);
		else if (a === '--only') args.only = argv[++i].split(',');
		else if (a === '--concurrency') args.concurrency = Number(argv[++i]);
		else if (a === '--json') args.json = argv[++i];
		else if (a === '--probe') args.probe = Number(argv[++i]);
		else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

/** The faults. Each returns a short description of what it did. */
const FAULTS = {
	worker: async (cluster) => {
		await cluster.killWorker(1);
		return 'SIGKILL worker 1 (of 2) mid-load; it is started again after the load';
	},
	redis: async (cluster) => {
		await cluster.redis.restart(3000);
		return 'killed our redis-server (no persistence) and started it again 3 s later';
	},
	postgres: async (cluster) => {
		const db = cluster.database;
		psql(`ALTER DATABASE ${db} ALLOW_CONNECTIONS false`);
		psql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}' AND pid <> pg_backend_pid()`);
		await sleep(4000);
		psql(`ALTER DATABASE ${db} ALLOW_CONNECTIONS true`);
		return `refused connections to ${db} for 4 s (ALLOW_CONNECTIONS false + terminated its backends)`;
	},
};

async function historyByLead(cluster, tableId, prefix) {
	const rows = (await cluster.client.dataTableRows(tableId)).filter((r) => r.event === 'assigned' && String(r.leadId).startsWith(prefix));
	const byLead = new Map();
	for (const r of rows) byLead.set(r.leadId, [...(byLead.get(r.leadId) ?? []), r.agentId]);
	return byLead;
}

async function runFault(name, cluster, tables, args) {
	const tag = `f${name}`;
	const leads = Array.from({ length: args.leads }, (_, i) => benchLead(i, tag));
	const afterId = lastExecutionId(cluster.database);
	let faultAt = null;
	let faultNote = '';
	let faultMs = null;
	let faultPromise = null;
	const trigger = Math.floor(args.leads / 3);
	const loadStartedAt = Date.now();
	const load = await boundedLoad({
		count: leads.length,
		concurrency: args.inflight,
		deadlineMs: 600000,
		task: (i) => postLead(cluster.baseUrl, TARGET.path, leads[i], 180000),
		onProgress: (done) => {
			if (done === trigger && !faultPromise) {
				faultAt = Date.now();
				faultPromise = FAULTS[name](cluster).then((note) => {
					faultNote = note;
					faultMs = Date.now() - faultAt;
				});
			}
		},
	});
	await faultPromise;
	// Bounded wait for the executions to settle (a dead worker's jobs are failed by the stalled check).
	const settled = await settle(cluster, TARGET.workflowId, afterId, leads.length, 150000);
	const statuses = settled.db;
	const byLead = await historyByLead(cluster, tables.historyTableId, `${tag}-`);
	const httpOk = (r) => r?.status === 200 && r.body?.agentId;
	const classes = { routedOnce: [], routedTwice: [], notRoutedVisible: [], notRoutedSilent: [] };
	const failedExecutions = Object.entries(statuses).filter(([k]) => k !== 'success').reduce((n, [, v]) => n + v, 0);
	leads.forEach((lead, i) => {
		const n = byLead.get(lead.leadId)?.length ?? 0;
		if (n === 1) classes.routedOnce.push(lead.leadId);
		else if (n > 1) classes.routedTwice.push(lead.leadId);
		// Visible: the caller got an error answer (or none), so it knows to retry / replay.
		else if (!httpOk(load.results[i])) classes.notRoutedVisible.push(lead.leadId);
		else classes.notRoutedSilent.push(lead.leadId);
	});
	// A lead answered 200 with an agent but without a stored assignment row is "silent" too.
	const answeredButNotStored = leads.filter((l, i) => httpOk(load.results[i]) && !byLead.has(l.leadId)).length;
	// Routed, but the caller got an error or no answer: a caller that retries will route it twice
	// while replay is not idempotent.
	const routedButCallerSawFailure = leads.filter((l, i) => !httpOk(load.results[i]) && byLead.has(l.leadId)).length;
	const httpStatus = {};
	for (const r of load.results) {
		const key = r ? String(r.status || r.error) : 'not sent';
		httpStatus[key] = (httpStatus[key] ?? 0) + 1;
	}

	// Bring a killed worker back before replaying.
	if (name === 'worker') await cluster.startWorker(1);

	// Replay every lead that is not routed; then probe idempotency with leads that were routed.
	const toReplay = [...classes.notRoutedVisible, ...classes.notRoutedSilent];
	const probe = classes.routedOnce.slice(0, args.probe);
	const replayIds = [...toReplay, ...probe];
	const replay = await boundedLoad({
		count: replayIds.length,
		concurrency: Math.min(args.inflight, 10),
		deadlineMs: 300000,
		task: (i) => postLead(cluster.baseUrl, TARGET.path, leads.find((l) => l.leadId === replayIds[i]), 90000),
	});
	await settle(cluster, TARGET.workflowId, lastExecutionId(cluster.database), 0, 60000);
	const after = await historyByLead(cluster, tables.historyTableId, `${tag}-`);
	const replayedRouted = toReplay.filter((id) => (after.get(id)?.length ?? 0) === 1).length;
	const probeDoubled = probe.filter((id) => (after.get(id)?.length ?? 0) > 1);
	const probeSameAgent = probeDoubled.filter((id) => new Set(after.get(id)).size === 1).length;
	const stillMissing = leads.filter((l) => !after.has(l.leadId)).length;
	return {
		fault: name,
		what: faultNote,
		leads: leads.length,
		faultAfterAnswers: trigger,
		faultStartedAfterMs: faultAt ? faultAt - loadStartedAt : null,
		faultTookMs: faultMs,
		loadWallMs: load.wallMs,
		http: httpStatus,
		slowestAnswerMs: round(Math.max(...load.results.map((r) => r?.ms ?? 0))),
		executions: statuses,
		executionsInPublicApi: settled.api,
		failedExecutions,
		routedOnce: classes.routedOnce.length,
		routedMoreThanOnce: classes.routedTwice.length,
		notRoutedVisible: classes.notRoutedVisible.length,
		notRoutedSilent: classes.notRoutedSilent.length,
		answeredButNotStored,
		routedButCallerSawFailure,
		replayed: toReplay.length,
		replayedNowRoutedOnce: replayedRouted,
		stillNotRoutedAfterReplay: stillMissing,
		idempotencyProbe: { replayed: probe.length, secondAssignment: probeDoubled.length, sameAgentBothTimes: probeSameAgent, replayHttp: statusCounts(replay.results.slice(toReplay.length).map((r) => ({ status: r.status }))) },
		executionsAfterReplay: dbStatuses(cluster.database, TARGET.workflowId, afterId),
	};
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	ensureRuntime({ quiet: true });
	ensureBuilt({ quiet: true });
	const t0 = Date.now();
	console.log(`faults: ${args.only.join(', ')}; ${args.leads} leads each, ${args.inflight} in flight, 2 workers x ${args.concurrency}; load ${loadAverage().join(' ')}`);
	const cluster = await startCluster({ workers: 2, concurrency: args.concurrency, workflows: TARGET.files, redisPort: args.redisPort, database: args.database });
	const results = [];
	let exitCode = 0;
	try {
		const tables = await setupTables(cluster.client);
		await publish(cluster.client, TARGET.workflowId);
		await boundedLoad({ count: 20, concurrency: 10, task: (i) => postLead(cluster.baseUrl, TARGET.path, benchLead(i, 'warm')) });
		for (const name of args.only) {
			if (!FAULTS[name]) throw new Error(`unknown fault ${name}`);
			const result = await runFault(name, cluster, tables, args);
			result.loadAverage = loadAverage();
			results.push(result);
			console.log(JSON.stringify(result));
			// Lost silently = answered as routed but no record, or not routed with no visible failure.
			if (result.notRoutedSilent || result.answeredButNotStored || result.stillNotRoutedAfterReplay) exitCode = 1;
		}
	} catch (error) {
		console.error(error.stack);
		exitCode = 1;
	} finally {
		await cluster.stop();
	}
	console.log(`total ${round((Date.now() - t0) / 1000)} s; load ${loadAverage().join(' ')}; ${exitCode ? 'a lead was lost silently or not re-routable' : 'no lead lost silently'}`);
	if (args.json) writeFileSync(args.json, JSON.stringify({ args, results }, null, 2));
	process.exit(exitCode);
}

main();
