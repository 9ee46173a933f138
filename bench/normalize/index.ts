/**
 * Lead Normalize throughput: 10,000 mixed payloads (the 30 demo samples, each copy with its own
 * email and phone, wrapped as n8n's Webhook node delivers them) through
 *   1. the engine alone (normalizeLead + markDuplicates), and
 *   2. the Lead Normalize node inside n8n-core's WorkflowExecute (test/harness), next to
 *   3. a baseline: the harness's trivial per-item node over the same items, which is what the
 *      n8n engine and the test harness cost by themselves.
 * Prints leads per second for each and the ratios. Medians of several runs; timings are printed,
 * never asserted (the machine is shared).
 * Run: node scripts/run-ts.mjs bench/normalize/index.ts [count]
 */
import { transformSync } from 'esbuild';
import type { IDataObject } from 'n8n-workflow';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { markDuplicates, normalizeLead, resolveOptions } from '../../engine/normalize';
import { median } from '../stats';

// The harness loads the package's nodes from their TypeScript sources with require(); teach this
// plain-Node process to compile .ts files on the fly, as jest does for the tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module') as { _extensions: Record<string, (module: { _compile(code: string, file: string): void }, file: string) => void> };
Module._extensions['.ts'] ??= (module, file) => {
	const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: file });
	module._compile(code, file);
};

const ROOT = process.cwd();
const COUNT = Number(process.argv[2] ?? 10_000);
const NOW = new Date('2026-11-25T20:00:00Z');

function samplePayloads(): unknown[] {
	const dir = join(ROOT, 'workflows', 'samples', 'payloads');
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
			return json && typeof json.contentType === 'string' ? json.body : json;
		});
}

/** COUNT webhook items: sample i % 30, with an email and phone of its own so dedupe has work. */
function mixedItems(): Array<Record<string, unknown>> {
	const samples = samplePayloads().map((payload) => JSON.stringify(payload));
	return Array.from({ length: COUNT }, (_, i) => {
		const text = samples[i % samples.length]
			.replace(/@example\.com/gi, `.${i % 7919}@example.com`)
			.replace(/555-?01(\d\d)/g, (_m, tail: string) => `555-01${tail}`);
		return {
			headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i % 250}` },
			params: {},
			query: {},
			body: JSON.parse(text),
			webhookUrl: 'http://127.0.0.1:5678/webhook/leads',
			executionMode: 'production',
		};
	});
}

function timeEngine(items: unknown[]): { ms: number; cpuMs: number; valid: number } {
	const options = resolveOptions({ now: NOW });
	const cpu = process.cpuUsage();
	const start = performance.now();
	const results = items.map((item) => normalizeLead(item, options));
	markDuplicates(
		results.map((result) => result.lead),
		[],
		{ lookbackDays: 30, now: NOW },
	);
	const ms = performance.now() - start;
	const used = process.cpuUsage(cpu);
	return { ms, cpuMs: (used.user + used.system) / 1000, valid: results.filter((result) => result.valid).length };
}

async function timeNode(type: string, items: Array<Record<string, unknown>>): Promise<{ ms: number; cpuMs: number; out: number }> {
	const { runNode } = await import('../../test/harness/runWorkflow');
	const cpu = process.cpuUsage();
	const start = performance.now();
	const { nodeOutputs, error } = await runNode({ type, parameters: { options: { now: NOW.toISOString() } }, inputs: [items as IDataObject[]] });
	const ms = performance.now() - start;
	const used = process.cpuUsage(cpu);
	if (error) throw error;
	return { ms, cpuMs: (used.user + used.system) / 1000, out: nodeOutputs.reduce((sum, output) => sum + output.length, 0) };
}

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function main() {
	const items = mixedItems();
	console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (timings stretch when other work shares the cores)`);
	console.log(`Lead Normalize benchmark: ${COUNT} mixed payloads (30 sample shapes), ${cpus().length} cores, Node ${process.version}`);

	timeEngine(items.slice(0, 2_000)); // warm-up: JIT and luxon zone caches
	const engineRuns = Array.from({ length: 5 }, () => timeEngine(items));
	const engineMs = median(engineRuns.map((run) => run.ms));
	const engineCpuMs = median(engineRuns.map((run) => run.cpuMs));
	console.log(
		`engine:   ${engineMs.toFixed(0)} ms wall (${engineCpuMs.toFixed(0)} ms CPU, incl. GC) for ${COUNT} leads = ${perSecond(COUNT, engineMs)} leads/s (median of 5; ${engineRuns[0].valid} valid)`,
	);

	const paritySource = items.map((item, n) => ({ ...item, n }));
	await timeNode('harness.routeByParity', paritySource.slice(0, 500));
	await timeNode('n8n-nodes-lead-routing.leadNormalize', items.slice(0, 500));
	const baselineRuns: Array<{ ms: number; cpuMs: number }> = [];
	const nodeRuns: Array<{ ms: number; cpuMs: number }> = [];
	for (let run = 0; run < 3; run++) {
		baselineRuns.push(await timeNode('harness.routeByParity', paritySource));
		const node = await timeNode('n8n-nodes-lead-routing.leadNormalize', items);
		if (node.out !== COUNT) throw new Error(`items in ${COUNT} != items out ${node.out}`);
		nodeRuns.push(node);
	}
	const baselineMs = median(baselineRuns.map((run) => run.ms));
	const baselineCpuMs = median(baselineRuns.map((run) => run.cpuMs));
	const nodeMs = median(nodeRuns.map((run) => run.ms));
	const nodeCpuMs = median(nodeRuns.map((run) => run.cpuMs));
	console.log(
		`baseline: ${baselineMs.toFixed(0)} ms wall (${baselineCpuMs.toFixed(0)} ms CPU) = ${perSecond(COUNT, baselineMs)} items/s (WorkflowExecute + harness, trivial per-item node; median of 3)`,
	);
	console.log(
		`node:     ${nodeMs.toFixed(0)} ms wall (${nodeCpuMs.toFixed(0)} ms CPU) = ${perSecond(COUNT, nodeMs)} leads/s (Lead Normalize inside WorkflowExecute; median of 3)`,
	);
	console.log(
		`ratio:    node / engine = ${(nodeMs / engineMs).toFixed(2)}x wall, ${(nodeCpuMs / engineCpuMs).toFixed(2)}x CPU; node beyond the baseline = ${(nodeCpuMs - baselineCpuMs).toFixed(0)} ms CPU`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
