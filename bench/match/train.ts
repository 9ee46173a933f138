/**
 * Time to build the learned model (tallies + random forest) from 1,000 / 5,000 / 10,000 / 20,000
 * outcomes, and the longest event-loop block while doing it (monitorEventLoopDelay, and a 1 ms
 * setInterval probe), side by side for the two ways the node can train the forest: on the main
 * thread, one tree per event-loop turn (the fallback, and what the node did before), and in a
 * worker thread (what the built node does). Also the cost of a batch of decisions with the forest.
 * --load runs two busy-loop processes throughout, to see the loaded machine the worker is for;
 * --repeat N measures each side N times (alternating which goes first) and reports median and worst.
 * node scripts/run-ts.mjs bench/match/train.ts [--load] [--repeat N] [--trees N] [--max-rows N] [--rows-per-tree N] [--depth N] [--min-leaf N] [--no-score]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

import { createMatchContext } from '../../engine/match/context';
import { workerForestTrainer } from '../../engine/match/learned/forestWorker';
import type { LearningExample } from '../../engine/match/learned/outcomes';
import { learningExamples } from '../../engine/match/learned/outcomes';
import type { LearnedModel } from '../../engine/match/learned/model';
import { historyFingerprint, inThreadForestTrainer, modelFromExamplesTrainedBy } from '../../engine/match/learned/model';
import { matchLeads } from '../../engine/match/matchLead';
import { resolveMatchOptions } from '../../engine/match/options';
import { buildForestWorker } from '../../scripts/buildForestWorker';
import { median } from '../stats';
import { roundRobinHistory } from './history';

const flag = (name: string) => {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? Number(process.argv[index + 1]) : undefined;
};
const forestOptions = {
	...(flag('trees') !== undefined ? { trees: flag('trees') } : {}),
	...(flag('max-rows') !== undefined ? { maxRows: flag('max-rows') } : {}),
	...(flag('rows-per-tree') !== undefined ? { rowsPerTree: flag('rows-per-tree') } : {}),
	...(flag('depth') !== undefined ? { maxDepth: flag('depth') } : {}),
	...(flag('min-leaf') !== undefined ? { minLeafRows: flag('min-leaf') } : {}),
};
// With a lead score (Lead Score's 0-100) every segment splits into ten score bins: ten times the
// cells, the worst case for the forest's row count. --no-score measures the simulator's shape.
const withScore = !process.argv.includes('--no-score');


interface Measured {
	model: LearnedModel;
	buildMs: number;
	/** Longest event-loop block, by monitorEventLoopDelay and by the interval probe. */
	monitorMs: number;
	probeMs: number;
}

/** Builds a model while watching the event loop: the two probes run on the thread that builds. */
async function measure(build: () => Promise<LearnedModel>): Promise<Measured> {
	const monitor = monitorEventLoopDelay({ resolution: 1 });
	// A second, independent probe: the longest gap between 1 ms interval ticks.
	let last = performance.now();
	let longestGap = 0;
	const probe = setInterval(() => {
		const now = performance.now();
		longestGap = Math.max(longestGap, now - last);
		last = now;
	}, 1);
	monitor.enable();
	await new Promise((resolve) => setTimeout(resolve, 5));
	const started = performance.now();
	const model = await build();
	const buildMs = performance.now() - started;
	await new Promise((resolve) => setTimeout(resolve, 5));
	monitor.disable();
	clearInterval(probe);
	return { model, buildMs, monitorMs: monitor.max / 1e6, probeMs: longestGap };
}

/** Busy-loop child processes (one per --load core): a machine whose cores are taken. */
function startLoad(processes: number): () => void {
	const children = Array.from({ length: processes }, () =>
		// A bench, not a node: it starts its own fixed load program, never anything from input.
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
	);
	return () => children.forEach((child) => child.kill());
}

const loadAverage = () => {
	try {
		return readFileSync('/proc/loadavg', 'utf8').trim();
	} catch {
		return 'n/a';
	}
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const worst = (values: number[]) => Math.max(...values);
const times = (numerator: number, denominator: number) => `${(numerator / Math.max(denominator, 0.5)).toFixed(1)}x`;

/** One side's runs: build time and longest block (the larger of the two probes) per run. */
interface Runs {
	buildMs: number[];
	blockMs: number[];
}

/** As the node builds without a worker (or when its worker failed): one tree per event-loop turn. */
async function onMainThread(examples: LearningExample[], fingerprint: string): Promise<Measured & { detail: string }> {
	let turns = 0;
	// The longest synchronous step (from one resume to the next pause): its CPU time is what the
	// event loop would see on an idle machine, its wall time what it sees on this one.
	let longestStep = 0;
	let longestStepCpu = 0;
	let resumed = 0;
	let resumedCpu = process.cpuUsage();
	const endStep = () => {
		longestStep = Math.max(longestStep, performance.now() - resumed);
		const cpu = process.cpuUsage(resumedCpu);
		longestStepCpu = Math.max(longestStepCpu, (cpu.user + cpu.system) / 1000);
	};
	const pause = async () => {
		turns++;
		endStep();
		await new Promise<void>((resolve) => setImmediate(resolve));
		resumed = performance.now();
		resumedCpu = process.cpuUsage();
	};
	const measured = await measure(async () => {
		resumed = performance.now();
		resumedCpu = process.cpuUsage();
		const model = await modelFromExamplesTrainedBy(examples, BUILD, { trainer: inThreadForestTrainer(pause), pause, fingerprint });
		endStep();
		return model;
	});
	return { ...measured, detail: `${turns} event-loop turns, longest step ${longestStep.toFixed(0)} ms (${longestStepCpu.toFixed(0)} ms CPU)` };
}

/** As the built node does: tallies and forest in a worker thread. */
async function inWorker(examples: LearningExample[], fingerprint: string, workerFile: string): Promise<Measured & { detail: string }> {
	const measured = await measure(() => modelFromExamplesTrainedBy(examples, BUILD, { trainer: workerForestTrainer(workerFile), fingerprint }));
	if (measured.model.forestTraining?.thread !== 'worker') throw new Error(`the worker did not train: ${measured.model.forestTraining?.workerProblem}`);
	return { ...measured, detail: 'worker thread' };
}

const BUILD = { forest: true, forestMinOutcomes: 200, forestOptions };

async function main() {
	const load = process.argv.includes('--load');
	const repeat = flag('repeat') ?? 1;
	const stopLoad = load ? startLoad(2) : () => undefined;
	process.on('exit', stopLoad);
	// Interrupted, the busy loops must not outlive the bench.
	process.once('SIGINT', () => {
		stopLoad();
		process.exit(130);
	});
	const worker = await buildForestWorker();
	const rows: string[] = [];
	try {
		console.log(
			`forest options ${JSON.stringify(forestOptions)}, lead score ${withScore ? 'present' : 'absent'}, extra load ${load ? '2 busy-loop processes' : 'none'}, ${repeat} run(s) per side, load average at start ${loadAverage()}`,
		);
		for (const outcomes of [1000, 5000, 10000, 20000]) {
			const { records, world } = roundRobinHistory(outcomes, withScore);
			// What the node does synchronously before it can look the model up in its cache.
			const lookupStarted = performance.now();
			const examples = learningExamples(records);
			const fingerprint = historyFingerprint(examples);
			const lookupMs = performance.now() - lookupStarted;

			const main: Runs = { buildMs: [], blockMs: [] };
			const off: Runs = { buildMs: [], blockMs: [] };
			const models: LearnedModel[] = [];
			for (let run = 0; run < repeat; run++) {
				// Alternating which side goes first, so neither always meets a warmer process.
				const sides = run % 2 === 0 ? (['main', 'worker'] as const) : (['worker', 'main'] as const);
				for (const side of sides) {
					const measured = side === 'main' ? await onMainThread(examples, fingerprint) : await inWorker(examples, fingerprint, worker.file);
					const runs = side === 'main' ? main : off;
					runs.buildMs.push(measured.buildMs);
					runs.blockMs.push(Math.max(measured.monitorMs, measured.probeMs));
					models.push(measured.model);
					console.log(
						`  ${outcomes} outcomes, ${side === 'main' ? 'main thread' : 'worker     '}: model ${seconds(measured.buildMs)}, longest event-loop block ${measured.monitorMs.toFixed(0)} ms (interval probe ${measured.probeMs.toFixed(0)} ms), ${measured.detail}`,
					);
				}
			}
			const forests = new Set(models.map((model) => JSON.stringify(model.serializedForest)));
			const model = models[0];

			const now = new Date(Date.parse(records[records.length - 1].at) + 60_000);
			const context = createMatchContext({ agents: world.agents, records, now, options: resolveMatchOptions({ strategy: 'learned', learned: { forest: true } }), model });
			const leads = world.leads.slice(0, 100).map((lead) => ({ leadId: `${lead.leadId}-new`, product: lead.product, state: lead.state, source: { channel: lead.channel }, fields: {} }));
			const decideStarted = performance.now();
			matchLeads(leads, now, context);
			const decideMs = performance.now() - decideStarted;
			const forest = model.serializedForest;
			console.log(
				`${outcomes} outcomes: cache lookup (examples + fingerprint) ${lookupMs.toFixed(0)} ms, ${forest?.rows ?? 0} forest rows, ${forest?.trees.length ?? 0} trees, model JSON ${(JSON.stringify(forest).length / 1024).toFixed(0)} KiB, 100 learned decisions ${decideMs.toFixed(0)} ms, same forest from every run on both threads: ${forests.size === 1 ? 'yes' : 'NO'}`,
			);
			rows.push(
				[
					outcomes.toLocaleString('en-US'),
					`${seconds(median(main.buildMs))} / ${seconds(worst(main.buildMs))}`,
					`${seconds(median(off.buildMs))} / ${seconds(worst(off.buildMs))}`,
					`${median(main.blockMs).toFixed(0)} / ${worst(main.blockMs).toFixed(0)} ms`,
					`${median(off.blockMs).toFixed(0)} / ${worst(off.blockMs).toFixed(0)} ms`,
					`${times(median(main.blockMs), median(off.blockMs))} / ${times(worst(main.blockMs), worst(off.blockMs))}`,
					`${times(median(off.buildMs), median(main.buildMs))}`,
				].join(' | '),
			);
		}
	} finally {
		stopLoad();
		worker.remove();
	}
	console.log(`\nload average at the end ${loadAverage()}; median / worst of ${repeat} run(s) per side, block = the larger of monitorEventLoopDelay and the interval probe`);
	console.log('| outcomes | model build, main thread | model build, worker | longest block, main thread | longest block, worker | block main / worker | build worker / main (medians) |');
	console.log('|---|---|---|---|---|---|---|');
	for (const row of rows) console.log(`| ${row} |`);
}

void main();
