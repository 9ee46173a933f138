import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// The package is self-hosted only (n8n Cloud does not list logic and flow-control nodes), and the
// learned strategy trains in a worker thread, which the Cloud rules forbid: hence the config
// without Cloud support. Every rule applies as published to nodes/ and credentials/, with two
// deliberate scopes below for code that is not a node.
export default [
	// The real n8n runtime and scratch files live in the git-ignored .cache folder.
	{ ignores: ['.cache/**', 'coverage/**'] },
	...configWithoutCloudSupport,
	{
		// The engine is plain TypeScript with no n8n imports by design (docs/architecture.md), so it
		// cannot throw n8n's error classes. It throws InputError; the node adapters convert every
		// engine error into a NodeOperationError naming the item (nodes/shared/items.ts).
		files: ['engine/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// Benchmarks, scripts and tests are command-line programs and are never shipped: they may print.
		files: ['bench/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
];
