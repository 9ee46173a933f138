import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// The package is self-hosted only (n8n Cloud does not list logic and flow-control nodes), and the
// learned strategy trains in a worker thread, which the Cloud rules forbid: hence the config
// without Cloud support. Every other rule applies as published.
// Benchmarks, scripts and tests are command-line programs and are never shipped: they may print.
export default [
	...configWithoutCloudSupport,
	{
		files: ['bench/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
];
