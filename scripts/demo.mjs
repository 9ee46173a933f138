// `npm run demo`: the whole product on this machine in one command.
// It installs what is missing, starts a local n8n with this package and the templates, sends the
// sample leads through them, prints what came out, and leaves n8n running so you can open the
// editor and look at every execution. Ctrl-C stops it; `--exit` (or CI=true) stops when done.
//
// The demo is a list of steps (DEMO_STEPS below). To show more of the routing loop, add a template
// to DEMO_WORKFLOWS and a step that posts to it and prints a table.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { ensureBuilt, ensureRuntime, freePort, OWNER, ROOT, startN8n } from './n8n/runtime.mjs';
import { loadSamplePayloads } from './n8n/samples.mjs';

const args = process.argv.slice(2);
const exitWhenDone = args.includes('--exit') || process.env.CI === 'true';
const requestedPort = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : 5678;

/** Templates the demo imports; those starting from a webhook are published. */
const DEMO_WORKFLOWS = ['workflows/lead-intake.json'];

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

function printHowToLook(state) {
	heading('Look around');
	console.log(`Editor:     ${state.n8n.baseUrl}`);
	console.log(`Login:      ${OWNER.email} / ${OWNER.password}`);
	console.log(`Webhook:    curl -X POST ${state.n8n.baseUrl}/webhook/lead-intake -H 'content-type: application/json' -d '{"email":"ana@example.com","phone":"305-555-0100","state":"FL","product":"auto"}'`);
	console.log(`API key:    ${state.n8n.apiKey}  (header X-N8N-API-KEY, ${state.n8n.baseUrl}/api/v1/executions)`);
	console.log(`n8n log:    ${state.n8n.logFile}`);
}

const DEMO_STEPS = [installWhatIsMissing, startLocalN8n, sendSampleLeads, printHowToLook];

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
