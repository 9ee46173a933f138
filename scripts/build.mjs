// Builds dist/ the way n8n's loader expects it (dist/nodes/<Name>/<Name>.node.js,
// dist/credentials/<Name>.credentials.js, icons and codex files beside each node).
// Why esbuild rather than `n8n-node build` (plain tsc): the package must have no runtime
// dependencies, so the engine and the libraries it uses (luxon, ml-random-forest) are bundled into
// each entry. Only n8n-workflow stays external: n8n provides it to community packages at runtime.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

function walk(dir) {
	let out = [];
	let names = [];
	try {
		names = readdirSync(dir);
	} catch {
		return out;
	}
	for (const name of names) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) out = out.concat(walk(full));
		else out.push(full);
	}
	return out;
}

const sources = [...walk(join(root, 'nodes')), ...walk(join(root, 'credentials')), ...walk(join(root, 'engine'))];
const entryPoints = sources.filter(
	(file) =>
		file.endsWith('.node.ts') || file.endsWith('.credentials.ts') || file.endsWith('.worker.ts'),
);
const assets = sources.filter(
	(file) => (file.endsWith('.svg') || file.endsWith('.node.json')) && !file.includes(`${join(root, 'engine')}`),
);

rmSync(dist, { recursive: true, force: true });
// Shared with scripts/buildForestWorker.ts, so a worker built for tests is built like the package's.
const bundleOptions = JSON.parse(readFileSync(join(root, 'scripts/bundle-options.json'), 'utf8'));
await build({ ...bundleOptions, entryPoints, outbase: root, outdir: dist, legalComments: 'inline' });
for (const file of assets) {
	const target = join(dist, relative(root, file));
	mkdirSync(dirname(target), { recursive: true });
	cpSync(file, target);
}
console.log(`built ${entryPoints.length} entries and ${assets.length} assets into dist/`);
