// What scoring each lead with the nightly Lead Score model costs the inbound template, side by side
// on one n8n: the template as shipped (Latest Score Model reads the newest leadScore row, Lead
// Score scores with it) against the same template scoring by the rules alone (no Latest Score
// Model), on the same tables, leads interleaved.
//
//   node bench/latency/score-model.mjs [--history 3000] [--leads 30]
//
// The outcomes table is filled with --history rows of older History (3 rows a lead, a quarter won),
// the nightly template is run once through its webhook so models holds both kinds, then --leads
// leads are posted to each variant in turn, one request at a time. Per variant: answer time p50 /
// p95 and n8n's own executionTime of Latest Score Model and Lead Score (mean over the executions).
import { ensureBuilt, ensureRuntime, waitUntil } from '../../scripts/n8n/runtime.mjs';
import { benchLead, executionProfile, finishRun, loadAverage, percentile, postLead, round, runMain, withRoutingTemplates } from '../queue-mode/load.mjs';
import { templateVariant } from '../../scripts/n8n/templates.mjs';
import { fillTo } from './pastOutcomes.mjs';

const INBOUND = 'workflows/inbound-lead-routing.json';
const NIGHTLY = 'workflows/nightly-training-and-report.json';

function parseArgs(argv) {
	const args = { history: 3000, leads: 30, json: null };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--history') args.history = Number(argv[++i]);
		else if (a === '--leads') args.leads = Number(argv[++i]);
		else if (a === '--json') args.json = argv[++i];
		else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

/** The template as it was before the stored model: Lead Score on its rules, no Latest Score Model. Its own webhook path. */
function rulesOnlyVariant() {
	return templateVariant(INBOUND, {
		suffix: 'rules only',
		path: 'inbound-lead-rules-only',
		webhookId: '6c1f0a3e-8d2b-4f7a-9e5c-3b2a1d0f9e84',
		edit: (json) => {
			json.nodes = json.nodes.filter((node) => node.name !== 'Latest Score Model');
			delete json.connections['Latest Score Model'];
			for (const outputs of json.connections['Lead Normalize'].main) {
				for (let i = outputs.length - 1; i >= 0; i--) if (outputs[i].node === 'Latest Score Model') outputs.splice(i, 1);
			}
			json.nodes.find((node) => node.name === 'Lead Score').parameters = {};
		},
	});
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	ensureRuntime({ quiet: true });
	ensureBuilt({ quiet: true });
	const t0 = Date.now();
	console.log(`score-model: ${args.history} outcome rows, ${args.leads} leads per variant; load ${loadAverage().join(' ')}`);
	const out = { args, loadAtStart: loadAverage() };
	await withRoutingTemplates([INBOUND, rulesOnlyVariant(), NIGHTLY], async ({ client, baseUrl }, [shipped, rulesOnly]) => {
		const outcomes = await client.dataTableByName('outcomes');
		await fillTo(client, outcomes.id, args.history, 0, 30);
		const report = await fetch(`${baseUrl}/webhook/lead-routing-report`);
		if (report.status !== 200) throw new Error(`nightly report answered ${report.status}`);
		const models = await client.dataTableByName('models');
		const stored = await waitUntil(async () => (await client.dataTableRows(models.id)).find((row) => row.kind === 'leadScore' && row.model !== 'null'), 60_000, 'a stored Lead Score model');
		out.storedModel = { records: stored.records, characters: stored.model.length };
		const variants = [
			{ ...shipped, name: 'storedModel', path: 'inbound-lead' },
			{ ...rulesOnly, name: 'rulesOnly', path: 'inbound-lead-rules-only' },
		];
		const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
		for (let i = 0; i < args.leads; i++) {
			for (const variant of i % 2 === 0 ? variants : [...variants].reverse()) {
				// A long SLA: each execution answers, then waits for the agent (the Wait node).
				const res = await postLead(baseUrl, `${variant.path}?slaSeconds=3600`, benchLead(i * 2 + (variant.name === 'rulesOnly' ? 1 : 0), 'sm'), 120000);
				if (res.status !== 200 || !res.body?.agentId) throw new Error(`${variant.name} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
				samples[variant.name].push(res.ms);
			}
		}
		out.variants = {};
		for (const variant of variants) {
			const ms = samples[variant.name];
			out.variants[variant.name] = { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), ...(await executionProfile(client, variant.id, args.leads, ['Latest Score Model', 'Lead Score', 'Latest Model'])) };
		}
		const s = out.variants.storedModel;
		const r = out.variants.rulesOnly;
		out.storedOverRulesP50 = round(s.p50 / r.p50, 2);
		console.log(`stored model (${stored.records} outcomes, ${stored.model.length} characters): p50 ${s.p50} ms, p95 ${s.p95}, Latest Score Model ${s['Latest Score Model']} ms (Latest Model, Lead Match's: ${s['Latest Model']} ms), Lead Score ${s['Lead Score']} ms, execution ${s.executionKB} KB`);
		console.log(`rules only:   p50 ${r.p50} ms, p95 ${r.p95}, Lead Score ${r['Lead Score']} ms, execution ${r.executionKB} KB`);
		console.log(`stored model / rules only p50: ${out.storedOverRulesP50}x`);
	});
	finishRun(out, t0, args.json);
}

runMain(main);
