// Measures the real-n8n numbers quoted in BENCHMARKS.md and docs/testing.md: how long n8n takes
// to import and start with the package, the intake webhook's round trip per lead (every sample
// payload, several rounds, sequential like a form submitting), and how long it takes to stop.
// Usage: node scripts/n8n/measure-intake.mjs [rounds=5]
import { ensureBuilt, ensureRuntime, OWNER, startN8n } from './runtime.mjs';
import { N8nClient } from './client.mjs';
import { loadSamplePayloads } from './samples.mjs';

const rounds = Number(process.argv[2] ?? 5);

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

ensureRuntime({ quiet: true });
ensureBuilt({ quiet: true });
const n8n = await startN8n({ workflows: ['workflows/lead-intake.json'] });
try {
	// The demo prints this login; make sure it really opens the editor.
	await new N8nClient(n8n.baseUrl).login(OWNER.email, OWNER.password);

	const samples = loadSamplePayloads();
	const times = [];
	for (let round = 0; round < rounds; round++) {
		for (const sample of samples) {
			const res = await n8n.client.postWebhook('lead-intake', sample.body, { contentType: sample.contentType });
			if (res.status !== 200 && res.status !== 422) throw new Error(`${sample.name}: HTTP ${res.status} ${res.text}`);
			// The first round warms n8n's code paths (and our bundle's first load); keep it out.
			if (round > 0) times.push(res.ms);
		}
	}
	times.sort((a, b) => a - b);
	const ms = (v) => `${v.toFixed(0)} ms`;
	console.log(`n8n 2.41.1, ${samples.length} sample payloads x ${rounds - 1} measured rounds = ${times.length} requests`);
	console.log(`import ${n8n.timings.importMs} ms, start to ready ${n8n.timings.readyMs} ms, total ${n8n.timings.totalMs} ms`);
	console.log(`webhook round trip: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(times[times.length - 1])}`);
} finally {
	const stopping = Date.now();
	await n8n.stop();
	console.log(`stop ${Date.now() - stopping} ms`);
}
