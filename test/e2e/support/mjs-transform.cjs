// Lets the e2e tests import the rig's ES modules (scripts/n8n/*.mjs) without Jest's experimental
// ESM mode: esbuild rewrites each .mjs file to CommonJS, and `import.meta.url` (which CommonJS
// lacks) becomes the file's own URL so the rig still finds the repository root.
const { transformSync } = require('esbuild');
const { pathToFileURL } = require('node:url');

module.exports = {
	process(source, filename) {
		const { code, map } = transformSync(source, {
			loader: 'js',
			format: 'cjs',
			target: 'node20',
			sourcefile: filename,
			sourcemap: 'inline',
			define: { 'import.meta.url': JSON.stringify(pathToFileURL(filename).href) },
		});
		return { code, map };
	},
};
