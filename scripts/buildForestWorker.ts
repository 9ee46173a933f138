/**
 * Bundles the forest-training worker (engine/match/learned/trainForest.worker.ts) into a temporary
 * folder, for tests and benches that run from TypeScript sources, where no compiled worker exists.
 * Same esbuild options as scripts/build.mjs (scripts/bundle-options.json), so what they start is
 * what the package ships.
 */
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface BuiltForestWorker {
	/** The bundled worker: pass it to trainForestInWorker. */
	file: string;
	/** Removes the temporary folder. */
	remove(): void;
}

const SOURCE = 'engine/match/learned/trainForest.worker.ts';

/** The project's root, looked up from here: programs bundled by run-ts.mjs run from .cache/. */
function projectRoot(): string {
	for (let dir = __dirname; ; dir = dirname(dir)) {
		if (existsSync(join(dir, SOURCE))) return dir;
		if (dirname(dir) === dir) throw new Error(`${SOURCE} not found above ${__dirname}`);
	}
}

export async function buildForestWorker(): Promise<BuiltForestWorker> {
	const dir = mkdtempSync(join(tmpdir(), 'forest-worker-'));
	const file = join(dir, 'trainForest.worker.js');
	const root = projectRoot();
	const options = JSON.parse(readFileSync(join(root, 'scripts/bundle-options.json'), 'utf8'));
	await build({ ...options, entryPoints: [join(root, SOURCE)], outfile: file });
	return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
