// How the inbound template's answer time grows with the outcomes log, the template as shipped
// (Get History reads a bounded window of recent events) against the same template reading every
// row (as it did before), side by side on one n8n, on the same table, leads interleaved.
//
//   node bench/latency/history-size.mjs [--sizes 0,6000,30000,60000] [--leads 20] [--per-day 30]
//
// For each size the outcomes table is filled up to that many rows of older History (each past lead:
// an assigned, an accepted and a won or lost row, --per-day leads a day going back from yesterday,
// for the sample roster: 60,000 rows are 20,000 leads, 667 days at 30 a day), then --leads leads
// are posted to each variant in turn, one request at a time.
// Per variant and size: answer time p50 / p95, n8n's own executionTime of Get History and Lead Match
// (mean over the size's executions) and how big one saved execution is (n8n stores every node's
// output of every production execution; Get History's rows are most of it).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchLead, finishRun, loadAverage, percentile, postLead, round, runMain, withRoutingTemplates } from '../queue-mode/load.mjs';
import { ensureBuilt, ensureRuntime, ROOT } from '../../scripts/n8n/runtime.mjs';

const INBOUND = 'workflows/inbound-lead-routing.json';
const ROSTER = JSON.parse(readFileSync(join(ROOT, 'workflows/samples/roster.json'), 'utf8')).agents;
const PRODUCTS = ['auto', 'home', 'bundle', 'life'];
const CHANNELS = ['paid_search', 'referral', 'aggregator'];

function parseArgs(argv) {
	const args = { sizes: [0, 6000, 30000, 60000], leads: 20, perDay: 30, json: null };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--sizes') args.sizes = argv[++i].split(',').map(Number);
		else if (a === '--leads') args.leads = Number(argv[++i]);
		else if (a === '--per-day') args.perDay = Number(argv[++i]);
		else if (a === '--json') args.json = argv[++i];
		else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

/**
 * The template with Get History reading every row: the filter on `at` taken off. Its own webhook
 * path, so both variants can run on one n8n against the same tables.
 */
function everyRowVariant() {
	const json = JSON.parse(readFileSync(join(ROOT, INBOUND), 'utf8'));
	json.name = `${json.name} (every row)`;
	for (const node of json.nodes) {
		if (node.name === 'Get History') {
			delete node.parameters.matchType;
			delete node.parameters.filters;
		}
		if (node.type === 'n8n-nodes-base.webhook') {
			node.parameters.path = 'inbound-lead-every-row';
			node.webhookId = '0a7d1f52-3c1e-4d6b-9c41-5e2f6b7a8c90';
		}
	}
	const file = join(mkdtempSync(join(tmpdir(), 'history-size-')), 'every-row.json');
	writeFileSync(file, JSON.stringify(json));
	return file;
}

/**
 * Rows `from` .. `from + count` of older History, for a team that gets `perDay` leads a day: each
 * lead an assigned, an accepted and a won or lost row. Lead 0 came in yesterday, each next one
 * 1 / perDay days before it, so a bigger table reaches further back and the last 45 days always
 * hold the same 45 x perDay leads.
 */
function historyRows(from, count, perDay) {
	const rows = [];
	const yesterday = Date.now() - 86_400_000;
	for (let row = from; row < from + count; row++) {
		const lead = Math.floor(row / 3);
		const assignedAt = yesterday - (lead / perDay) * 86_400_000;
		const agent = ROSTER[lead % ROSTER.length];
		const product = PRODUCTS[lead % PRODUCTS.length];
		const channel = CHANNELS[lead % CHANNELS.length];
		const leadId = `old-${String(lead).padStart(7, '0')}`;
		const snapshot = { leadId, product, state: 'FL', source: { kind: 'form', channel }, score: 40 + (lead % 50), dedupeKey: `${leadId}@example.com`, value: null };
		const event = ['assigned', 'accepted', lead % 4 === 0 ? 'won' : 'lost'][row % 3];
		const at = new Date(assignedAt + (row % 3) * 3_600_000).toISOString();
		rows.push({
			leadId, agentId: agent.agentId, event, at, value: null, responseSeconds: event === 'accepted' ? 120 : null, slaMet: event === 'accepted' ? true : null,
			strategy: 'learned', propensity: 0.5, attempt: 1, holdout: false, product, state: 'FL', channel, score: snapshot.score, lead: JSON.stringify(snapshot),
		});
	}
	return rows;
}

async function fillTo(client, tableId, size, filled, perDay) {
	for (let from = filled; from < size; from += 1000) {
		await client.api('POST', `/data-tables/${tableId}/rows`, { data: historyRows(from, Math.min(1000, size - from), perDay), returnType: 'count' });
	}
}

/**
 * Mean executionTime of the named nodes over a workflow's newest `count` executions, and the median
 * size of one saved execution. Fetched one at a time: twenty executions of tens of MB in one
 * response is more than n8n answers.
 */
async function profile(client, workflowId, count, names) {
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

async function main() {
	const args = parseArgs(process.argv.slice(2));
	ensureRuntime({ quiet: true });
	ensureBuilt({ quiet: true });
	const t0 = Date.now();
	console.log(`history-size: sizes ${args.sizes.join(', ')} rows (${args.perDay} leads a day, 3 rows each), ${args.leads} leads per variant and size; load ${loadAverage().join(' ')}`);
	const out = { args, loadAtStart: loadAverage(), sizes: [] };
	await withRoutingTemplates([INBOUND, everyRowVariant()], async ({ client, baseUrl }, [shipped, everyRow]) => {
		const variants = [
			{ ...shipped, name: 'window', path: 'inbound-lead' },
			{ ...everyRow, name: 'everyRow', path: 'inbound-lead-every-row' },
		];
		const outcomes = await client.dataTableByName('outcomes');
		let filled = 0;
		let leadNo = 0;
		for (const size of args.sizes) {
			await fillTo(client, outcomes.id, size, filled, args.perDay);
			filled = Math.max(filled, size);
			const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
			for (let i = 0; i < args.leads; i++) {
				for (const variant of i % 2 === 0 ? variants : [...variants].reverse()) {
					// A long SLA: each execution answers, then waits for the agent (the Wait node).
					const res = await postLead(baseUrl, `${variant.path}?slaSeconds=3600`, benchLead(leadNo++, `hs${size}`), 120000);
					if (res.status !== 200 || !res.body?.agentId) throw new Error(`${variant.name} at ${size} rows answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
					samples[variant.name].push(res.ms);
				}
			}
			const entry = { rows: size, variants: {} };
			for (const variant of variants) {
				// This size's executions: each variant ran exactly --leads since the last size.
				const ms = samples[variant.name];
				entry.variants[variant.name] = { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), ...(await profile(client, variant.id, args.leads, ['Get History', 'Lead Match'])) };
			}
			const w = entry.variants.window;
			const e = entry.variants.everyRow;
			entry.everyRowOverWindowP50 = round(e.p50 / w.p50, 2);
			out.sizes.push(entry);
			console.log(
				`${String(size).padStart(6)} rows | window: p50 ${w.p50} ms, p95 ${w.p95}, Get History ${w['Get History']} ms, Lead Match ${w['Lead Match']} ms, execution ${w.executionKB} KB` +
					` | every row: p50 ${e.p50} ms, p95 ${e.p95}, Get History ${e['Get History']} ms, Lead Match ${e['Lead Match']} ms, execution ${e.executionKB} KB | every row / window p50 ${entry.everyRowOverWindowP50}x`,
			);
		}
	});
	finishRun(out, t0, args.json);
}

runMain(main);
