// Shared by the queue-mode and latency benches: bench leads, the Data Tables the bench workflows
// read, a bounded load loop and the routing checks (one assignment per lead, nobody ineligible,
// round-robin deviation).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { AGENT_COLUMNS, BENCH_AGENTS, ELIGIBLE_FL, HISTORY_COLUMNS } from '../workflows/generate.mjs';
import { startN8n } from '../../scripts/n8n/runtime.mjs';
import { createSigningCredential, installTemplate } from '../../scripts/n8n/templates.mjs';

export { BENCH_AGENTS, ELIGIBLE_FL };

/** One Florida personal-lines lead with its own id, email and phone (never a 555-01xx number). */
export function benchLead(i, tag) {
	const n = String(i).padStart(6, '0');
	return {
		leadId: `${tag}-${n}`,
		firstName: 'Pat',
		lastName: `Lead${n}`,
		email: `pat.${tag}.${n}@example.com`,
		phone: `+1305${String(2000000 + i).padStart(7, '0')}`,
		state: 'FL',
		zip: '33101',
		product: i % 3 === 0 ? 'home' : 'auto',
		utm_source: 'google',
		utm_medium: 'cpc',
	};
}

export async function setupTables(client) {
	const agents = (await client.dataTableByName('bench_agents')) ?? (await client.createDataTable('bench_agents', AGENT_COLUMNS));
	const history = (await client.dataTableByName('bench_history')) ?? (await client.createDataTable('bench_history', HISTORY_COLUMNS));
	if ((await client.dataTableRows(agents.id)).length === 0) await client.insertDataTableRows(agents.id, BENCH_AGENTS);
	return { agentsTableId: agents.id, historyTableId: history.id };
}

/** Empties the history table (between phases of one run). */
export async function clearHistory(client, historyTableId) {
	await client.api('POST', `/data-tables/${historyTableId}/rows/clear`).catch(async () => {
		// Older builds: delete with an always-true filter.
		await client.api('DELETE', `/data-tables/${historyTableId}/rows/delete?filter=${encodeURIComponent(JSON.stringify({ type: 'and', filters: [{ columnName: 'id', condition: 'gte', value: 0 }] }))}`);
	});
}

/**
 * Runs `count` tasks with at most `concurrency` in flight; stops starting new ones after
 * `deadlineMs` (so a stuck server cannot keep the loop alive). Each task gets its index and
 * returns a result object; errors become { error }. Returns results in index order.
 */
export async function boundedLoad({ count, concurrency, deadlineMs = 600000, task, onProgress }) {
	const results = new Array(count);
	const started = Date.now();
	let next = 0;
	let done = 0;
	const worker = async () => {
		for (;;) {
			const i = next++;
			if (i >= count || Date.now() - started > deadlineMs) return;
			const t0 = performance.now();
			try {
				results[i] = await task(i);
			} catch (error) {
				results[i] = { error: error.message };
			}
			results[i].ms ??= performance.now() - t0;
			results[i].endedAt = Date.now();
			done++;
			onProgress?.(done, i, results[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return { results, wallMs: Date.now() - started };
}

/** POST with a timeout (a request that never answers counts as failed, it never hangs the run). */
export async function postLead(baseUrl, path, body, timeoutMs = 120000) {
	const t0 = performance.now();
	try {
		const res = await fetch(`${baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, body: json ?? text, ms: performance.now() - t0 };
	} catch (error) {
		return { status: 0, error: error.name === 'TimeoutError' ? 'timeout' : error.message, ms: performance.now() - t0 };
	}
}

export function percentile(values, p) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

export const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);

/**
 * The routing checks over the history table's rows (insertion order = row id):
 * - per lead: how many 'assigned' rows (must be exactly 1 for every lead sent);
 * - assignments to agents outside the eligible set (must be 0);
 * - round-robin deviation: along the sequence of assignments, the largest |count - weighted share|
 *   of any eligible agent (running maximum), and the spread: the largest gap between the most and
 *   the least owed agent's shortfall (what Lead Match's Max Lead limits).
 */
export function checkAssignments(rows, leadIds, { eligible = ELIGIBLE_FL, agents = BENCH_AGENTS } = {}) {
	const assigned = rows.filter((r) => r.event === 'assigned').sort((a, b) => a.id - b.id);
	const perLead = new Map();
	for (const row of assigned) perLead.set(row.leadId, (perLead.get(row.leadId) ?? 0) + 1);
	const expected = new Set(leadIds);
	const missing = leadIds.filter((id) => !perLead.has(id));
	const doubled = [...perLead].filter(([, n]) => n > 1).map(([id, n]) => ({ leadId: id, count: n }));
	const unexpected = [...perLead.keys()].filter((id) => !expected.has(id));
	const ineligible = assigned.filter((r) => !eligible.includes(r.agentId)).map((r) => ({ leadId: r.leadId, agentId: r.agentId }));

	const weights = Object.fromEntries(agents.filter((a) => eligible.includes(a.agentId)).map((a) => [a.agentId, a.weight]));
	const totalWeight = Object.values(weights).reduce((s, w) => s + w, 0);
	const counts = Object.fromEntries(Object.keys(weights).map((id) => [id, 0]));
	let n = 0;
	let maxDeviation = 0;
	let maxDeviationAt = 0;
	let maxSpread = 0;
	for (const row of assigned) {
		if (!(row.agentId in counts)) continue;
		counts[row.agentId]++;
		n++;
		const shortfalls = [];
		for (const [id, w] of Object.entries(weights)) {
			const deviation = Math.abs(counts[id] - (n * w) / totalWeight);
			shortfalls.push((n * w) / totalWeight - counts[id]);
			if (deviation > maxDeviation) {
				maxDeviation = deviation;
				maxDeviationAt = n;
			}
		}
		// Lead Match's own measure: how far the most owed agent is ahead of the least owed (Max Lead).
		maxSpread = Math.max(maxSpread, Math.max(...shortfalls) - Math.min(...shortfalls));
	}
	const finalDeviation = Math.max(...Object.entries(weights).map(([id, w]) => Math.abs(counts[id] - (n * w) / totalWeight)));
	return {
		assignedRows: assigned.length,
		leadsSent: leadIds.length,
		leadsWithOneAssignment: leadIds.filter((id) => perLead.get(id) === 1).length,
		missing,
		doubled,
		unexpected,
		ineligible,
		counts,
		maxDeviation: round(maxDeviation, 2),
		maxDeviationAt,
		maxSpread: round(maxSpread, 2),
		finalDeviation: round(finalDeviation, 2),
	};
}

/** Every execution of a workflow (public API, paginated), without data. */
export async function allExecutions(client, workflowId) {
	return await client.apiAll(`/executions?limit=250&workflowId=${workflowId}`);
}

export function statusCounts(executions) {
	const counts = {};
	for (const e of executions) counts[e.status] = (counts[e.status] ?? 0) + 1;
	return counts;
}

export function loadAverage() {
	return loadavg().map((x) => round(x, 2));
}

/** Closes a real-n8n bench run: the machine's load and the run's length into `out`, printed, and `out` written to `jsonPath` if given. */
export function finishRun(out, startedAtMs, jsonPath) {
	out.loadAtEnd = loadAverage();
	out.totalSeconds = round((Date.now() - startedAtMs) / 1000);
	console.log(`total ${out.totalSeconds} s; load ${out.loadAtEnd.join(' ')}`);
	if (jsonPath) writeFileSync(jsonPath, JSON.stringify(out, null, 2));
}

/** Runs a bench's main(); a failure prints its stack and exits 1. */
export function runMain(main) {
	main().catch((error) => {
		console.error(error.stack);
		process.exit(1);
	});
}

/**
 * Runs `body(n8n, installed)` on a fresh n8n (regular mode, the rig's install of the package) set
 * up as a user does it: the signing credential, the setup template run once, then `templates`
 * imported and published (`installed`, in the same order). n8n's log is added to an error, and n8n
 * is stopped however the body ends.
 */
export async function withRoutingTemplates(templates, body) {
	const n8n = await startN8n({ workflows: [] });
	try {
		await createSigningCredential(n8n.client);
		await installTemplate(n8n.client, 'workflows/setup-data-tables.json');
		const setup = await n8n.client.postWebhook('lead-routing-setup', {});
		if (setup.status !== 200) throw new Error(`template setup answered ${setup.status}`);
		const installed = [];
		for (const file of templates) installed.push(await installTemplate(n8n.client, file));
		return await body(n8n, installed);
	} catch (error) {
		error.message += `\n--- n8n log ---\n${n8n.logTail(40)}`;
		throw error;
	} finally {
		await n8n.stop();
	}
}

/**
 * Mean executionTime of the named nodes over a workflow's newest `count` executions, and the median
 * size of one saved execution. Fetched one at a time: twenty executions of tens of MB in one
 * response is more than n8n answers.
 */
export async function executionProfile(client, workflowId, count, names) {
	const sums = Object.fromEntries(names.map((name) => [name, 0]));
	const sizes = [];
	const listed = await client.listExecutions({ workflowId, limit: count });
	for (const { id } of listed) {
		const execution = await client.getExecution(id, true);
		const runData = execution.data?.resultData?.runData ?? {};
		for (const name of names) sums[name] += (runData[name] ?? []).reduce((s, r) => s + (r.executionTime ?? 0), 0);
		sizes.push(JSON.stringify(execution.data ?? {}).length);
	}
	return {
		...Object.fromEntries(names.map((name) => [name, round(sums[name] / Math.max(1, listed.length), 1)])),
		executionKB: round(percentile(sizes, 50) / 1024, 0),
	};
}
