// Runs a TypeScript program (benchmarks, the simulator, demo helpers) without a TS runtime:
// esbuild bundles it to a temporary CommonJS file, which then runs in this same Node process.
// Usage: node scripts/run-ts.mjs path/to/program.ts [args...]
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
	console.error('usage: node scripts/run-ts.mjs <program.ts> [args...]');
	process.exit(2);
}
const outfile = join(mkdtempSync(join(tmpdir(), 'run-ts-')), basename(entry).replace(/\.ts$/, '.cjs'));
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
