/**
 * Bundles the forest-training worker (engine/match/learned/trainForest.worker.ts) into a temporary
 * folder, for tests and benches that run from TypeScript sources, where no compiled worker exists.
 * Same esbuild options as scripts/build.mjs, so what they start is what the package ships.
 */
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface BuiltForestWorker {
	/** The bundled worker: pass it to trainForestInWorker. */
	file: string;
	/** Removes the temporary folder. */
	remove(): void;
}

const SOURCE = 'engine/match/learned/trainForest.worker.ts';

/** The worker's source, looked up from here: programs bundled by run-ts.mjs run from .cache/. */
function workerSource(): string {
	for (let dir = __dirname; ; dir = dirname(dir)) {
		if (existsSync(join(dir, SOURCE))) return join(dir, SOURCE);
		if (dirname(dir) === dir) throw new Error(`${SOURCE} not found above ${__dirname}`);
	}
}

export async function buildForestWorker(): Promise<BuiltForestWorker> {
	const dir = mkdtempSync(join(tmpdir(), 'forest-worker-'));
	const file = join(dir, 'trainForest.worker.js');
	await build({
		entryPoints: [workerSource()],
		outfile: file,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		external: ['n8n-workflow'],
		sourcemap: false,
		logLevel: 'warning',
	});
	return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
