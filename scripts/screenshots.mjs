// Screenshots for the docs: every workflow template open in the n8n editor, one executed routing
// run, and the outcome dashboard, saved as docs/images/*.png (see docs/images/README.md).
//
// Usage: npm run screenshots [-- --keep-open] [-- --only <name>[,<name>...]]
//
// One command does everything, installing what is missing first: Chromium (Debian's package, via
// apt-get, when /usr/bin/chromium is absent), the n8n runtime (scripts/n8n/install.sh) and dist/.
// Then it starts n8n with the rig (scripts/n8n/runtime.mjs) on a free port, installs every
// template the way a user does (signing credential first, then import and publish), runs the
// setup template, routes one sample lead, seeds the outcomes table with a sample history and asks
// the nightly report template for its dashboard. Headless Chromium (playwright-core, no browser
// download) signs in to the editor as the rig's owner and photographs each view. n8n and Chromium
// are stopped at the end, also when something fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureBuilt, ensureRuntime, OWNER, ROOT, startN8n } from './n8n/runtime.mjs';
import { createSigningCredential, installTemplate } from './n8n/templates.mjs';

const CHROMIUM = '/usr/bin/chromium';
const IMAGES_DIR = join(ROOT, 'docs', 'images');
const VIEWPORT = { width: 1600, height: 900 };
/** Templates with more nodes than this get a wider window, so zoom-to-fit keeps labels readable. */
const LARGE_WORKFLOW_NODES = 20;
const LARGE_VIEWPORT = { width: 3200, height: 1400 };
const DASHBOARD_VIEWPORT = { width: 1000, height: 1400 };
/** Larger than this and a picture is too heavy for a README. */
const MAX_PNG_BYTES = 400 * 1024;

/** Templates in the order a user meets them: setup first. Any other workflows/*.json follow. */
const PREFERRED_ORDER = [
	'setup-data-tables',
	'lead-intake',
	'inbound-lead-routing',
	'insurance-aggregator-intake',
	'outcome-feedback',
	'nightly-training-and-report',
];

/** A lead for the routing run: FL home insurance, which the sample roster covers. */
const SAMPLE_LEAD = {
	first_name: 'Maria',
	last_name: 'Lopez',
	email: 'maria.lopez@example.com',
	phone: '(305) 555-0142',
	state: 'FL',
	zip: '33101',
	product: 'home',
	utm_source: 'google',
	utm_medium: 'cpc',
	utm_campaign: 'fl-home-q4',
};

const log = (message) => console.log(`[screenshots] ${message}`);

function parseArgs(argv) {
	const args = { only: null, keepOpen: false };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--only') args.only = new Set(argv[++i].split(','));
		else if (argv[i] === '--keep-open') args.keepOpen = true;
		else throw new Error(`unknown argument ${argv[i]} (usage: npm run screenshots [-- --only name,name] [-- --keep-open])`);
	}
	return args;
}

function templateFiles() {
	const names = readdirSync(join(ROOT, 'workflows'))
		.filter((file) => file.endsWith('.json'))
		.map((file) => file.replace(/\.json$/, ''));
	const rank = (name) => (PREFERRED_ORDER.includes(name) ? PREFERRED_ORDER.indexOf(name) : PREFERRED_ORDER.length);
	return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((name) => ({ name, file: `workflows/${name}.json` }));
}

// ---------------------------------------------------------------------------------------------
// Installing what is missing

function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	log(`${CHROMIUM} missing: installing Debian's chromium package`);
	if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing; install it with: sudo apt-get install -y chromium`);
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
	}
	if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
}

// ---------------------------------------------------------------------------------------------
// A sample outcome history for the dashboard (seeded: the same picture every run)

/** mulberry32: a small seeded generator, so the sample history is identical on every run. */
function seeded(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Products an agent may sell per line of authority (a simplified reading of the roster). */
const PRODUCTS_BY_LINE = {
	personalLines: ['auto', 'home', 'renters', 'bundle', 'condo'],
	property: ['home', 'condo', 'commercialProperty'],
	casualty: ['auto'],
	life: ['life'],
};
const CHANNELS = ['paid_search', 'paid_social', 'organic', 'referral', 'aggregator'];

function startOfTodayUtc() {
	const today = new Date();
	today.setUTCHours(0, 0, 0, 0);
	return today;
}

/** What an agent row may take on `day`: [{state, product}], from its active, unexpired licenses. */
function licensedPairs(agent, day) {
	let licenses = [];
	try {
		licenses = JSON.parse(agent.licenses ?? '[]');
	} catch {}
	return licenses
		.filter((license) => license.status === 'active' && (!license.expiresOn || license.expiresOn >= day))
		.flatMap((license) =>
			(license.linesOfAuthority ?? []).flatMap((line) => (PRODUCTS_BY_LINE[line] ?? []).map((product) => ({ state: license.state, product }))),
		);
}

/**
 * Two weeks of routing outcomes up to today (so the live routing run comes last) for the sample
 * roster's agents, as the flat rows Log Outcome writes to the outcomes table. Each lead goes to an
 * active agent licensed for its state and product, by weight: assigned (learned strategy, 10%
 * random holdout), sometimes declined or expired and re-offered to another licensed agent,
 * contacted after a response time, then won (with a premium), lost, or still open. Each agent has
 * its own speed and close rate, so the charts have something to show. Seeded: the same history on
 * every run, only the dates move.
 */
function sampleOutcomeRows(agents, { leads = 320, seed = 7, end = startOfTodayUtc() } = {}) {
	const random = seeded(seed);
	const pick = (list) => list[Math.floor(random() * list.length)];
	const day = end.toISOString().slice(0, 10);
	const pool = agents
		.filter((agent) => agent.active !== false)
		.map((agent) => ({ agent, pairs: licensedPairs(agent, day) }))
		.filter(({ pairs }) => pairs.length > 0);
	const profile = new Map(
		pool.map(({ agent }, i) => [agent.agentId, { medianSeconds: 60 + ((i * 7) % 10) * 50, closeRate: 0.1 + ((i * 5) % 8) * 0.03 }]),
	);
	const weighted = pool.flatMap((entry) => Array.from({ length: Math.max(1, Number(entry.agent.weight) || 1) }, () => entry));
	const rows = [];
	const start = end.getTime() - 14 * 86_400_000;
	for (let n = 0; n < leads; n++) {
		const leadId = `lead-${String(n + 1).padStart(4, '0')}`;
		const arrived = start + Math.floor(random() * 14 * 86_400_000);
		let { agent, pairs } = pick(weighted);
		const { state, product } = pick(pairs);
		const channel = pick(CHANNELS);
		const score = Math.round(30 + random() * 65);
		// Lead Score's default tiers (A from 75, B 50, C 25), kept in the snapshot as Log Outcome does.
		const tier = score >= 75 ? 'A' : score >= 50 ? 'B' : score >= 25 ? 'C' : 'D';
		const lead = { leadId, product, state, source: { kind: 'flat', channel }, score, tier, dedupeKey: `${leadId}@example.com` };
		const holdout = random() < 0.1;
		const base = { leadId, product, state, channel, score: lead.score, lead: JSON.stringify(lead), value: null, responseSeconds: null, slaMet: null, propensity: null, attempt: null, holdout: null };
		const licensed = pool.filter((entry) => entry.pairs.some((pair) => pair.state === state && pair.product === product));
		const at = (ms) => new Date(arrived + ms).toISOString();
		let attempt = 1;
		let clock = 0;
		const assign = () =>
			rows.push({ ...base, agentId: agent.agentId, event: 'assigned', at: at(clock), strategy: holdout ? 'roundRobin' : 'learned', propensity: holdout ? Math.round((1 / licensed.length) * 100) / 100 : Math.round((0.3 + random() * 0.6) * 100) / 100, attempt, holdout });
		assign();
		const others = licensed.filter((entry) => entry.agent.agentId !== agent.agentId);
		if (random() < 0.08) {
			clock += 60_000 + Math.floor(random() * 240_000);
			rows.push({ ...base, agentId: agent.agentId, event: random() < 0.6 ? 'declined' : 'expired', at: at(clock), attempt });
			if (others.length === 0) continue; // nobody else may take it: back to the manager
			agent = pick(others).agent;
			attempt++;
			assign();
		}
		const { medianSeconds, closeRate } = profile.get(agent.agentId);
		if (random() < 0.06) continue; // never contacted (still open)
		const responseSeconds = Math.max(15, Math.round(medianSeconds * Math.exp((random() - 0.5) * 1.6)));
		clock += responseSeconds * 1000;
		rows.push({ ...base, agentId: agent.agentId, event: 'contacted', at: at(clock), responseSeconds, slaMet: responseSeconds <= 300, attempt });
		// Higher-scored leads close more often (0.8x at score 30 to 1.45x at 95), as scoring intends.
		const close = (holdout ? closeRate * 0.8 : closeRate * 1.1) * (0.5 + score / 100);
		clock += 86_400_000 * (1 + Math.floor(random() * 5));
		if (arrived + clock > end.getTime()) continue; // decided after the report: still open
		if (random() < close) {
			rows.push({ ...base, agentId: agent.agentId, event: 'won', at: at(clock), value: 400 + Math.round(random() * 26) * 100, attempt });
		} else if (random() < 0.75) {
			rows.push({ ...base, agentId: agent.agentId, event: 'lost', at: at(clock), attempt });
		}
	}
	return rows;
}

// ---------------------------------------------------------------------------------------------
// n8n: templates, one routing run, the dashboard

async function prepareN8n(templates) {
	ensureRuntime();
	ensureBuilt();
	log('starting n8n (rig, free port)');
	const n8n = await startN8n({ workflows: [] });
	if (n8n.packageMissing.length) log(`warning: not built, left out of the package: ${n8n.packageMissing.join(', ')}`);
	try {
		await createSigningCredential(n8n.client);
		const installed = new Map();
		for (const { name, file } of templates) {
			const { id } = await installTemplate(n8n.client, file);
			installed.set(name, id);
		}
		log(`n8n ready at ${n8n.baseUrl}; ${installed.size} templates installed and published`);
		return { n8n, installed };
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}

/** Runs setup, routes SAMPLE_LEAD, returns the routing execution's id (or null). */
async function routeOneLead(n8n, installed) {
	if (!installed.has('setup-data-tables') || !installed.has('inbound-lead-routing')) return null;
	const setup = await n8n.client.postWebhook('lead-routing-setup', {});
	if (setup.status !== 200) throw new Error(`setup webhook answered ${setup.status}: ${setup.text.slice(0, 300)}`);
	const routed = await n8n.client.postWebhook('inbound-lead', SAMPLE_LEAD);
	if (routed.status !== 200 || routed.body?.status !== 'assigned') throw new Error(`inbound-lead answered ${routed.status}: ${routed.text.slice(0, 300)}`);
	log(`routed the sample lead to ${routed.body.agentId} (execution ${routed.body.executionId})`);
	// The run now waits for the agent's answer (Wait for Answer): click the offer's accept link,
	// as the agent would, so the execution finishes through Verify Click and Log Accepted.
	const notifications = await n8n.client.dataTableByName('notifications');
	const offer = notifications && (await n8n.client.dataTableRows(notifications.id)).find((row) => row.kind === 'offer' && row.leadId === routed.body.leadId);
	if (offer?.acceptUrl) {
		// The link answers only once the execution is parked in the Wait node.
		const deadline = Date.now() + 30_000;
		while ((await n8n.client.getExecution(routed.body.executionId, false)).status !== 'waiting') {
			if (Date.now() > deadline) throw new Error(`execution ${routed.body.executionId} never reached Wait for Answer`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const accepted = await fetch(offer.acceptUrl);
		log(`agent accepted through the offer link: ${accepted.status} ${(await accepted.text()).slice(0, 120)}`);
	} else log('no offer notice with an accept link found: the execution stays waiting');
	const workflowId = installed.get('inbound-lead-routing');
	if (offer?.acceptUrl) await n8n.client.waitForExecutions({ workflowId, atLeast: 1 });
	return routed.body.executionId ?? (await n8n.client.listExecutions({ workflowId }))[0]?.id ?? null;
}

/** Fills the outcomes table with the sample history and fetches the report template's dashboard. */
async function dashboardHtml(n8n, installed) {
	if (!installed.has('nightly-training-and-report') || !installed.has('setup-data-tables')) return null;
	const agentsTable = await n8n.client.dataTableByName('agents');
	const outcomes = await n8n.client.dataTableByName('outcomes');
	if (!agentsTable || !outcomes) return null;
	const agents = await n8n.client.dataTableRows(agentsTable.id);
	const rows = sampleOutcomeRows(agents.filter((agent) => agent.agentId));
	for (let i = 0; i < rows.length; i += 200) await n8n.client.insertDataTableRows(outcomes.id, rows.slice(i, i + 200));
	log(`outcomes: ${rows.length} sample rows for ${agents.length} agents`);
	const res = await fetch(`${n8n.baseUrl}/webhook/lead-routing-report`);
	const html = await res.text();
	if (res.status !== 200 || !/<html/i.test(html)) throw new Error(`report webhook answered ${res.status}: ${html.slice(0, 300)}`);
	return html;
}

// ---------------------------------------------------------------------------------------------
// Chromium

async function launchBrowser(profileDir) {
	return await chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		// Without the background-networking flags Chromium keeps trying Google's services, and this
		// closed network refuses them.
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
}

async function signIn(page, baseUrl) {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	const email = page.locator('input[name="emailOrLdapLoginId"], input[type="email"]').first();
	await email.waitFor({ timeout: 60_000 });
	await email.fill(OWNER.email);
	await page.locator('input[name="password"], input[type="password"]').first().fill(OWNER.password);
	await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
	log(`signed in as ${OWNER.email}`);
}

/** Hides what would sit over the canvas: toasts, banners, callouts, the ask-AI button. */
async function tidy(page) {
	await page.keyboard.press('Escape').catch(() => undefined);
	await page.evaluate(() => {
		for (const button of document.querySelectorAll('.el-notification .el-notification__closeBtn')) button.click();
	});
	await page.addStyleTag({
		content: [
			'.el-notification, .el-message, [data-test-id="banners"], [class*="banner"], .el-tooltip__popper, .el-popper[role="tooltip"] { display: none !important; }',
			// The read-only execution preview's striped background: it doubles the PNG's size.
			'[data-test-id="canvas-background-striped-pattern"] * { display: none !important; }',
		].join('\n'),
	});
}

async function waitForCanvas(page, expectedNodes) {
	await page.locator('.vue-flow__node').first().waitFor({ timeout: 60_000 });
	await page.waitForFunction((n) => document.querySelectorAll('.vue-flow__node').length >= n, expectedNodes, { timeout: 60_000 });
	await page.waitForLoadState('networkidle').catch(() => undefined);
}

async function zoomToFit(page) {
	const button = page.locator('[data-test-id="zoom-to-fit"]');
	if (await button.count()) await button.first().click();
	else {
		await page.locator('.vue-flow__pane').first().click({ position: { x: 5, y: 5 } });
		await page.keyboard.press('1');
	}
	const size = page.viewportSize() ?? VIEWPORT;
	await page.mouse.move(size.width - 5, size.height / 2);
	await page.waitForTimeout(800);
}

async function save(page, name, options = {}) {
	const path = join(IMAGES_DIR, `${name}.png`);
	await page.screenshot({ path, ...options });
	const bytes = statSync(path).size;
	log(`${name}.png (${Math.round(bytes / 1024)} KB)${bytes > MAX_PNG_BYTES ? ' WARNING: larger than 400 KB' : ''}`);
	return path;
}

async function shootWorkflow(page, baseUrl, { name, file }, id) {
	const nodes = JSON.parse(readFileSync(join(ROOT, file), 'utf8')).nodes.length;
	await page.setViewportSize(nodes > LARGE_WORKFLOW_NODES ? LARGE_VIEWPORT : VIEWPORT);
	await page.goto(`${baseUrl}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await waitForCanvas(page, nodes);
	await tidy(page);
	await zoomToFit(page);
	await save(page, name);
}

async function shootExecution(page, baseUrl, workflowId, executionId) {
	await page.setViewportSize(LARGE_VIEWPORT);
	await page.goto(`${baseUrl}/workflow/${workflowId}/executions/${executionId}`, { waitUntil: 'domcontentloaded' });
	const nodes = JSON.parse(readFileSync(join(ROOT, 'workflows', 'inbound-lead-routing.json'), 'utf8')).nodes.length;
	await waitForCanvas(page, nodes);
	await tidy(page);
	await zoomToFit(page);
	await page.waitForTimeout(1000);
	await save(page, 'routing-execution');
}

async function shootDashboard(page, html) {
	const dir = mkdtempSync(join(tmpdir(), 'lead-routing-dashboard-'));
	const file = join(dir, 'dashboard.html');
	writeFileSync(file, html);
	await page.setViewportSize(DASHBOARD_VIEWPORT);
	await page.goto(`file://${file}`);
	await save(page, 'dashboard', { fullPage: true });
	await page.setViewportSize(VIEWPORT);
	rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const wanted = (name) => !args.only || args.only.has(name);
	// Ctrl-C: stop what is running (below), then exit; exiting also makes the rig SIGTERM its n8n.
	let cleanup = async () => undefined;
	const onSignal = () => cleanup().finally(() => process.exit(130));
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	ensureChromium();
	mkdirSync(IMAGES_DIR, { recursive: true });
	const templates = templateFiles();
	const { n8n, installed } = await prepareN8n(templates);
	const profileDir = mkdtempSync(join(tmpdir(), 'lead-routing-chromium-'));
	let browser = null;
	const stopAll = async () => {
		await browser?.close().catch(() => undefined);
		browser = null;
		rmSync(profileDir, { recursive: true, force: true });
		await n8n.stop();
	};
	cleanup = stopAll;
	try {
		const executionId = await routeOneLead(n8n, installed);
		const html = wanted('dashboard') ? await dashboardHtml(n8n, installed) : null;
		browser = await launchBrowser(profileDir);
		const page = browser.pages()[0] ?? (await browser.newPage());
		await signIn(page, n8n.baseUrl);
		for (const template of templates) {
			if (wanted(template.name)) await shootWorkflow(page, n8n.baseUrl, template, installed.get(template.name));
		}
		if (wanted('routing-execution')) {
			if (executionId) await shootExecution(page, n8n.baseUrl, installed.get('inbound-lead-routing'), executionId);
			else log('no routing execution to show (inbound-lead-routing or setup template missing)');
		}
		if (html) await shootDashboard(page, html);
		else if (wanted('dashboard')) log('no dashboard (nightly-training-and-report or setup template missing)');
		if (args.keepOpen) {
			log(`--keep-open: n8n stays at ${n8n.baseUrl} (${OWNER.email} / ${OWNER.password}); Ctrl-C stops`);
			await new Promise(() => undefined);
		}
	} catch (error) {
		error.message += `\n--- n8n log ---\n${n8n.logTail(30)}`;
		throw error;
	} finally {
		await stopAll();
	}
}

main().catch((error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
