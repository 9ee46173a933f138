// How late the inbound template acts on an SLA nobody answered: the time from an offer's deadline
// to the next agent's offer, for short (demo) and real SLAs, on one n8n (regular mode, SQLite).
//
//   node bench/latency/sla-lapse.mjs [--slas 20,45,90,150] [--leads 3]
//
// The offer waits in a Wait node (resume on the accept / decline link, limited to the deadline).
// n8n keeps such an execution in its database, and its wait tracker looks every 60 s for those due
// within the next 70 s, then wakes each one with a timer at its own time. So a wait of 60 s or more
// always has a look before it is due, and a shorter one may be found only after. Each lead
// goes to FL auto (three eligible agents, so the lapse has somewhere to go); all leads are posted
// at once, spread over a minute so their deadlines fall at different points of the tracker's cycle.
import { benchLead, finishRun, loadAverage, percentile, postLead, round, runMain, withRoutingTemplates } from '../queue-mode/load.mjs';
import { ensureBuilt, ensureRuntime, waitUntil } from '../../scripts/n8n/runtime.mjs';
import { tableRows } from '../../scripts/n8n/templates.mjs';

function parseArgs(argv) {
	const args = { slas: [20, 45, 90, 150], leads: 3, json: null };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--slas') args.slas = argv[++i].split(',').map(Number);
		else if (a === '--leads') args.leads = Number(argv[++i]);
		else if (a === '--json') args.json = argv[++i];
		else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
	const args = parseArgs(process.argv.slice(2));
	ensureRuntime({ quiet: true });
	ensureBuilt({ quiet: true });
	const t0 = Date.now();
	console.log(`sla-lapse: SLAs ${args.slas.join(', ')} s, ${args.leads} leads each; load ${loadAverage().join(' ')}`);
	const out = { args, loadAtStart: loadAverage(), slas: [] };
	await withRoutingTemplates(['workflows/inbound-lead-routing.json'], async ({ client, baseUrl }) => {
		// Every (SLA, lead) pair, started at an even spread over 60 s.
		const plan = args.slas.flatMap((sla) => Array.from({ length: args.leads }, (_, i) => ({ sla, i })));
		const posted = await Promise.all(
			plan.map(async ({ sla, i }, k) => {
				await sleep((60_000 * k) / plan.length);
				const lead = benchLead(sla * 100 + i, 'sla');
				const res = await postLead(baseUrl, `inbound-lead?slaSeconds=${sla}`, lead, 60_000);
				if (res.status !== 200 || !res.body?.agentId) throw new Error(`lead answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
				return { sla, leadId: res.body.leadId };
			}),
		);
		// The first offer's deadline, then the second offer's creation time (n8n's own createdAt).
		const longest = Math.max(...args.slas);
		await waitUntil(async () => {
			const offers = (await tableRows(client, 'notifications')).filter((row) => row.kind === 'offer');
			return posted.every(({ leadId }) => offers.filter((row) => row.leadId === leadId).length >= 2);
		}, (longest + 150) * 1000, 'every lead offered a second time');
		const offers = (await tableRows(client, 'notifications')).filter((row) => row.kind === 'offer');
		for (const sla of args.slas) {
			const lateSeconds = posted
				.filter((lead) => lead.sla === sla)
				.map(({ leadId }) => {
					const [first, second] = offers.filter((row) => row.leadId === leadId).sort((a, b) => a.id - b.id);
					return (Date.parse(second.createdAt) - Date.parse(first.deadline)) / 1000;
				});
			const entry = { slaSeconds: sla, lateSeconds: lateSeconds.map((s) => round(s, 1)), median: round(percentile(lateSeconds, 50), 1), max: round(Math.max(...lateSeconds), 1) };
			out.slas.push(entry);
			console.log(`SLA ${String(sla).padStart(4)} s: next agent offered ${entry.lateSeconds.join(', ')} s after the deadline (median ${entry.median}, max ${entry.max})`);
		}
	});
	finishRun(out, t0, args.json);
}

runMain(main);
