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
import { benchLead, executionProfile, finishRun, loadAverage, percentile, postLead, round, runMain, withRoutingTemplates } from '../queue-mode/load.mjs';
import { templateVariant } from '../../scripts/n8n/templates.mjs';
import { ensureBuilt, ensureRuntime } from '../../scripts/n8n/runtime.mjs';
import { fillTo } from './pastOutcomes.mjs';

const INBOUND = 'workflows/inbound-lead-routing.json';

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
	return templateVariant(INBOUND, {
		suffix: 'every row',
		path: 'inbound-lead-every-row',
		webhookId: '0a7d1f52-3c1e-4d6b-9c41-5e2f6b7a8c90',
		edit: (json) => {
			const getHistory = json.nodes.find((node) => node.name === 'Get History');
			delete getHistory.parameters.matchType;
			delete getHistory.parameters.filters;
		},
	});
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
				entry.variants[variant.name] = { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), ...(await executionProfile(client, variant.id, args.leads, ['Get History', 'Lead Match'])) };
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
