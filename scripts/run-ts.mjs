// Runs a TypeScript program (benchmarks, the simulator, demo helpers) without a TS runtime:
// esbuild bundles it to a temporary CommonJS file, which then runs in this same Node process.
// Usage: node scripts/run-ts.mjs path/to/program.ts [args...]
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
	console.error('usage: node scripts/run-ts.mjs <program.ts> [args...]');
	process.exit(2);
}
// The bundle lives inside the project (.cache/, git-ignored) so its external requires (luxon,
// n8n-core, ...) resolve from this project's node_modules; a file under /tmp could not find them.
const cacheDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.cache');
mkdirSync(cacheDir, { recursive: true });
const bundleDir = mkdtempSync(join(cacheDir, 'run-ts-'));
const outfile = join(bundleDir, basename(entry).replace(/\.ts$/, '.cjs'));
// One folder per run: removed when the program ends (it may run on long after the require returns).
process.on('exit', () => rmSync(bundleDir, { recursive: true, force: true }));
await build({
	entryPoints: [resolve(entry)],
	outfile,
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	// Keep n8n's own packages external so in-process benchmarks load the real n8n-core.
	packages: 'external',
	sourcemap: 'inline',
	logLevel: 'warning',
});
process.argv = [process.argv[0], resolve(entry), ...args];
createRequire(import.meta.url)(outfile);
