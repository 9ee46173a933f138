// `npm run demo`: the whole product on this machine in one command.
// It installs what is missing, starts a local n8n with this package and the templates, sends the
// sample leads through them, prints what came out, and leaves n8n running so you can open the
// editor and look at every execution. Ctrl-C stops it; `--exit` (or CI=true) stops when done.
//
// The demo is a list of steps (DEMO_STEPS below). To show more of the routing loop, add a template
// to DEMO_WORKFLOWS and a step that posts to it and prints a table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { ensureBuilt, ensureRuntime, freePort, OWNER, ROOT, startN8n, waitUntil } from './n8n/runtime.mjs';
import { loadSamplePayloads } from './n8n/samples.mjs';
import { clickLink, createSigningCredential, installTemplate, tableRows } from './n8n/templates.mjs';

const args = process.argv.slice(2);
const exitWhenDone = args.includes('--exit') || process.env.CI === 'true';
const requestedPort = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : 5678;

/** Templates the rig imports before n8n starts; those starting from a webhook are published. */
const DEMO_WORKFLOWS = ['workflows/lead-intake.json'];
/**
 * The routing templates, imported after start through the public API, once the signing credential
 * exists (n8n binds Lead Escalate's credential by name on import).
 */
const ROUTING_TEMPLATES = [
	'workflows/setup-data-tables.json',
	'workflows/inbound-lead-routing.json',
	'workflows/insurance-aggregator-intake.json',
	'workflows/outcome-feedback.json',
	'workflows/nightly-training-and-report.json',
];
/** SLA for leads whose agent "lets it lapse" in the demo, and for everyone else. */
const LAPSE_SLA_SECONDS = 15;
const CALM_SLA_SECONDS = 900;

function heading(text) {
	console.log(`\n== ${text}`);
}

function run(command, commandArgs) {
	const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (exit ${result.status})`);
}

/** Prints rows as a fixed-width table; long cells are cut so one lead stays on one line. */
function printTable(rows, columns, maxWidth = 30) {
	const cell = (value) => {
		const text = value === null || value === undefined || value === '' ? '-' : String(value);
		return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
	};
	const widths = columns.map((c) => Math.max(c.length, ...rows.map((row) => cell(row[c]).length)));
	const line = (values) => values.map((v, i) => v.padEnd(widths[i])).join('  ');
	console.log(line(columns));
	console.log(line(widths.map((w) => '-'.repeat(w))));
	for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}

function portInUse(port) {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function installWhatIsMissing() {
	heading('Checking what is installed');
	if (!existsSync(join(ROOT, 'node_modules', '.bin', 'jest'))) {
		console.log('node_modules missing: npm ci');
		run('npm', ['ci', '--no-audit', '--no-fund']);
	}
	console.log(ensureBuilt() ? 'built dist/' : 'dist/ is up to date');
	ensureRuntime();
}

async function startLocalN8n(state) {
	heading('Starting n8n');
	let port = requestedPort;
	if (await portInUse(port)) {
		port = await freePort();
		console.log(`port ${requestedPort} is busy, using ${port} instead`);
	}
	state.n8n = await startN8n({ port, workflows: DEMO_WORKFLOWS });
	const t = state.n8n.timings;
	console.log(`ready in ${(t.totalMs / 1000).toFixed(1)} s (import ${t.importMs} ms, start ${t.readyMs} ms)`);
	for (const w of state.n8n.workflows) console.log(`  ${w.active ? 'published' : 'imported '}  ${w.name}`);
}

/** Step 1 of the routing loop: every sample payload through the intake webhook. */
async function sendSampleLeads(state) {
	heading('Sending the sample leads to POST /webhook/lead-intake');
	const samples = loadSamplePayloads();
	if (samples.length === 0) console.log('(no samples in workflows/samples/payloads/ yet)');
	const rows = [];
	for (const sample of samples) {
		const res = await state.n8n.client.postWebhook('lead-intake', sample.body, { contentType: sample.contentType });
		const lead = res.status === 200 && typeof res.body === 'object' ? res.body : null;
		rows.push({
			sample: sample.name,
			source: lead?.source?.kind,
			name: lead?.fullName ?? [lead?.firstName, lead?.lastName].filter(Boolean).join(' '),
			email: lead?.email,
			phone: lead?.phone,
			state: lead?.state,
			product: lead?.product,
			result: lead ? 'valid' : res.status === 422 ? `invalid: ${errorCodes(res.body)}` : `HTTP ${res.status}`,
			ms: Math.round(res.ms),
		});
	}
	state.leads = rows;
	printTable(rows, ['sample', 'source', 'name', 'email', 'phone', 'state', 'product', 'result', 'ms']);
	const valid = rows.filter((row) => row.result === 'valid').length;
	const times = rows.map((row) => row.ms).sort((a, b) => a - b);
	const median = times.length ? times[Math.floor(times.length / 2)] : 0;
	console.log(`\n${valid} valid, ${rows.length - valid} not; median webhook round trip ${median} ms`);
}

function errorCodes(body) {
	const errors = body && typeof body === 'object' && Array.isArray(body.errors) ? body.errors : [];
	return errors.map((e) => e.code ?? e.field ?? '?').join(', ') || '?';
}

/** Sample leads for the routing loop, and what their agents do with the offer. */
const DEMO_LEADS = [
	{ name: 'Maria Lopez', state: 'FL', product: 'bundle', plan: 'accept' },
	{ name: 'Tom Baker', state: 'TX', product: 'auto', plan: 'accept' },
	{ name: 'Priya Shah', state: 'NY', product: 'life', plan: 'accept' },
	{ name: 'Carlos Diaz', state: 'FL', product: 'home', plan: 'decline, accept' },
	{ name: 'Jenny Park', state: 'CA', product: 'home', plan: 'accept' },
	{ name: 'Sam Wilson', state: 'FL', product: 'auto', plan: 'lapse, accept' },
	{ name: 'Lena Ford', state: 'FL', product: 'renters', plan: 'decline all' },
	{ name: 'Omar Haddad', state: 'GA', product: 'auto', plan: 'lapse, accept' },
	{ name: 'Rita Moreno', state: 'FL', product: 'life', plan: 'accept' },
	{ name: 'Bill Stone', state: 'WY', product: 'home', plan: 'none' },
];

async function installRoutingTemplates(state) {
	heading('Importing the routing templates');
	const { client } = state.n8n;
	await createSigningCredential(client);
	console.log('created the "Lead Routing Signing" credential (random secret)');
	for (const file of ROUTING_TEMPLATES) {
		const installed = await installTemplate(client, file);
		console.log(`  published  ${installed.name}`);
	}
}

async function runSetup(state) {
	heading('Setting up the Data Tables and the sample roster (POST /webhook/lead-routing-setup)');
	const res = await state.n8n.client.postWebhook('lead-routing-setup', {});
	if (res.status !== 200) throw new Error(`setup answered ${res.status}: ${res.text}`);
	const agents = await tableRows(state.n8n.client, 'agents');
	printTable(
		agents.map((a) => ({
			agent: a.agentId,
			name: a.name,
			active: a.active ? 'yes' : 'NO',
			weight: a.weight,
			hours: a.workingHours,
			licenses: JSON.parse(a.licenses)
				.map((l) => `${l.state}${l.residency === 'nonresident' ? '*' : ''}${l.expiresOn < new Date().toISOString().slice(0, 10) ? '(expired)' : ''}`)
				.join(' '),
			appointments: JSON.parse(a.appointments).map((ap) => `${ap.carrier}/${ap.state}`).join(' '),
		})),
		['agent', 'name', 'active', 'weight', 'hours', 'licenses', 'appointments'],
		40,
	);
	console.log('(* non-resident license)');
}

async function offerFor(client, leadId, attempt, timeoutMs = 30000) {
	return await waitUntil(
		async () => (await tableRows(client, 'notifications')).find((r) => r.kind === 'offer' && r.leadId === leadId && r.attempt === attempt),
		timeoutMs,
		`offer ${attempt} for ${leadId}`,
	);
}

async function routeLeads(state) {
	heading(`Routing ${DEMO_LEADS.length + 1} leads (POST /webhook/inbound-lead and /webhook/insurance-lead)`);
	const { client } = state.n8n;
	state.routed = [];
	for (const [i, lead] of DEMO_LEADS.entries()) {
		const [first, last] = lead.name.split(' ');
		const sla = lead.plan.startsWith('lapse') ? LAPSE_SLA_SECONDS : CALM_SLA_SECONDS;
		const body = {
			first_name: first, last_name: last, email: `${first}.${last}@example.com`.toLowerCase(),
			phone: `(305) 555-${String(2100 + i)}`, state: lead.state, product: lead.product, utm_source: i % 2 ? 'google' : 'facebook', utm_medium: 'cpc',
		};
		const res = await client.postWebhook(`inbound-lead?slaSeconds=${sla}`, body);
		state.routed.push({ ...lead, response: res.body, status: res.status, ms: res.ms });
	}
	const aggregator = loadSamplePayloads().find((s) => s.name.startsWith('18-insurance-post'));
	if (aggregator) {
		const res = await client.postWebhook(`insurance-lead?slaSeconds=${CALM_SLA_SECONDS}`, aggregator.body, { contentType: aggregator.contentType });
		state.routed.push({ name: 'Kevin Miller (EverQuote post)', state: 'FL', product: 'auto', plan: 'accept', response: res.body, status: res.status, ms: res.ms });
	}
	const times = state.routed.map((r) => r.ms).sort((a, b) => a - b);
	console.log(`answered in ${Math.round(times[0])}-${Math.round(times[times.length - 1])} ms (median ${Math.round(times[Math.floor(times.length / 2)])} ms): the offers go out after the answer`);

	heading('Agents answer: accept, decline, or let the SLA lapse');
	for (const lead of state.routed) {
		if (lead.response?.status !== 'assigned') continue;
		const leadId = lead.response.leadId;
		const first = await offerFor(client, leadId, 1);
		if (lead.plan === 'accept') lead.final = await clickLink(first.acceptUrl);
		if (lead.plan === 'decline, accept') {
			await clickLink(first.declineUrl);
			lead.final = await clickLink((await offerFor(client, leadId, 2)).acceptUrl);
		}
		if (lead.plan === 'decline all') {
			let res = await clickLink(first.declineUrl);
			for (let attempt = 2; res.body?.status === 'reassigned'; attempt++) {
				res = await clickLink((await offerFor(client, leadId, attempt)).declineUrl);
			}
			lead.final = res;
		}
		console.log(`  ${lead.name.padEnd(30)} ${lead.plan.padEnd(16)} -> ${lead.final?.body?.status ?? 'waiting'}`);
	}
	const lapsing = state.routed.filter((lead) => lead.plan.startsWith('lapse') && lead.response?.status === 'assigned');
	if (lapsing.length) {
		console.log(`\nWaiting for ${lapsing.length} offers to lapse (SLA ${LAPSE_SLA_SECONDS} s; n8n checks expired waits once a minute, so this takes up to ~75 s)...`);
		for (const lead of lapsing) {
			const second = await offerFor(client, lead.response.leadId, 2, 180000);
			lead.final = await clickLink(second.acceptUrl);
			console.log(`  ${lead.name.padEnd(30)} lapsed, escalated to ${second.agentId}, who accepted -> ${lead.final.body?.status}`);
		}
	}
}

async function logCrmOutcomes(state) {
	heading('The CRM reports back (POST /webhook/lead-outcome)');
	const accepted = state.routed.filter((lead) => lead.final?.body?.status === 'accepted');
	const events = ['won', 'lost', 'meetingBooked', 'won', 'contacted', 'lost', 'won', 'noShow'];
	const rows = [];
	for (const [i, lead] of accepted.entries()) {
		const event = events[i % events.length];
		const value = event === 'won' ? 900 + 350 * i : undefined;
		const body = { leadId: lead.final.body.leadId, agentId: lead.final.body.agentId, event, value, at: new Date().toISOString() };
		const res = await state.n8n.client.postWebhook('lead-outcome', body);
		lead.outcome = event;
		rows.push({ lead: lead.name, agent: body.agentId, event, value, result: res.status === 200 ? 'logged' : `HTTP ${res.status}` });
	}
	printTable(rows, ['lead', 'agent', 'event', 'value', 'result']);
}

async function buildReport(state) {
	heading('The nightly report, run now (GET /webhook/lead-routing-report)');
	const res = await fetch(`${state.n8n.baseUrl}/webhook/lead-routing-report`);
	const html = await res.text();
	if (res.status !== 200) throw new Error(`report answered ${res.status}: ${html.slice(0, 300)}`);
	const dir = join(ROOT, '.cache', 'demo');
	mkdirSync(dir, { recursive: true });
	state.dashboardPath = join(dir, 'dashboard.html');
	writeFileSync(state.dashboardPath, html);
	console.log(`dashboard (${html.length} characters) saved to ${state.dashboardPath}`);
}

async function printRoutingTable(state) {
	heading('Routing table');
	const outcomes = await tableRows(state.n8n.client, 'outcomes');
	const rows = state.routed.map((lead) => {
		const leadId = lead.response?.leadId;
		const mine = outcomes.filter((r) => r.leadId === leadId).sort((a, b) => a.id - b.id);
		const offers = mine.filter((r) => r.event === 'assigned' && r.agentId !== 'manager');
		const path = mine
			.filter((r) => ['accepted', 'declined', 'expired'].includes(r.event))
			.map((r) => `${r.agentId}:${r.event}`)
			.join(' > ');
		const final = lead.final?.body;
		return {
			lead: lead.name,
			state: lead.state,
			product: lead.response?.product ?? lead.product,
			tier: lead.response?.tier,
			agent: final?.agentId ?? lead.response?.agentId,
			strategy: lead.response?.strategy,
			attempts: offers.length || '-',
			status: final?.status === 'exhausted' ? 'fallback owner' : final?.status ?? lead.response?.status ?? `HTTP ${lead.status}`,
			path: path || '-',
			crm: lead.outcome,
		};
	});
	printTable(rows, ['lead', 'state', 'product', 'tier', 'agent', 'strategy', 'attempts', 'status', 'path', 'crm'], 48);
	console.log(`\n${outcomes.length} rows in the outcomes table; dashboard: ${state.dashboardPath}`);
}

function printHowToLook(state) {
	heading('Look around');
	console.log(`Editor:     ${state.n8n.baseUrl}`);
	console.log(`Login:      ${OWNER.email} / ${OWNER.password}`);
	console.log(`Webhook:    curl -X POST ${state.n8n.baseUrl}/webhook/lead-intake -H 'content-type: application/json' -d '{"email":"ana@example.com","phone":"305-555-0100","state":"FL","product":"auto"}'`);
	console.log(`API key:    ${state.n8n.apiKey}  (header X-N8N-API-KEY, ${state.n8n.baseUrl}/api/v1/executions)`);
	console.log(`Route:      curl -X POST '${state.n8n.baseUrl}/webhook/inbound-lead?slaSeconds=60' -H 'content-type: application/json' -d '{"email":"new@example.com","phone":"305-555-2199","state":"FL","product":"home"}'`);
	console.log(`Report:     ${state.n8n.baseUrl}/webhook/lead-routing-report`);
	if (state.dashboardPath) console.log(`Dashboard:  ${state.dashboardPath}`);
	console.log(`n8n log:    ${state.n8n.logFile}`);
}

const DEMO_STEPS = [
	installWhatIsMissing,
	startLocalN8n,
	sendSampleLeads,
	installRoutingTemplates,
	runSetup,
	routeLeads,
	logCrmOutcomes,
	buildReport,
	printRoutingTable,
	printHowToLook,
];

async function main() {
	const state = {};
	const stop = async () => {
		if (state.n8n) {
			console.log('\nStopping n8n...');
			await state.n8n.stop();
		}
	};
	process.on('SIGINT', () => stop().then(() => process.exit(0)));
	process.on('SIGTERM', () => stop().then(() => process.exit(0)));
	try {
		for (const step of DEMO_STEPS) await step(state);
	} catch (error) {
		console.error(`\ndemo failed: ${error.message}`);
		await stop();
		process.exit(1);
	}
	if (exitWhenDone) {
		await stop();
		return;
	}
	console.log('\nn8n keeps running. Press Ctrl-C to stop it.');
}

await main();
