/** End-to-end tests against a real n8n started from the cached runtime (scripts/n8n/). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
		// The rig (scripts/n8n/*.mjs) is shared with the demo, so it stays plain ESM JavaScript.
		'^.+\\.mjs$': '<rootDir>/test/e2e/support/mjs-transform.cjs',
	},
	// One n8n start per test file: starting takes ~12 s, so a file's beforeAll needs the room.
	testTimeout: 300000,
	// Files run one after another (--runInBand in package.json): 2 shared cores.
	maxWorkers: 1,
};
