/**
 * A busy stretch of the node before any stored model: History grows by one outcome between
 * executions, so every execution misses the model cache (the fingerprint changed). Side by side in
 * one run, for the same growing History:
 * - baseline: the forest retrained on all outcomes whenever History changed (the node before);
 * - now: the forest retrained only when History crosses a checkpoint (10% more outcomes than the
 *   forest learned from), reused from the forest cache in between, the tallies taken afresh.
 * Both train on this thread with no pauses, so the times are CPU, not event-loop scheduling.
 * node scripts/run-ts.mjs bench/match/retrain.ts [--executions N] [--sizes 2000,10000]
 */
import { performance } from 'node:perf_hooks';

import type { SerializedForest } from '../../engine/match/learned/forest';
import type { AsyncModelBuild, ModelBuildOptions } from '../../engine/match/learned/model';
import { forestTrainingCount, inForestOrder, inThreadForestTrainer, modelFromExamplesTrainedBy } from '../../engine/match/learned/model';
import { LruCache } from '../../engine/lruCache';
import type { LearningExample } from '../../engine/match/learned/outcomes';
import { learningExamples } from '../../engine/match/learned/outcomes';
import { resolveMatchOptions } from '../../engine/match/options';
import { median } from '../stats';
import { roundRobinHistory } from './history';

const flag = (name: string) => {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : undefined;
};
const executions = Number(flag('executions') ?? 40);
const sizes = (flag('sizes') ?? '2000,10000').split(',').map(Number);
// The node's own settings: forest on, trained from forestMinOutcomes outcomes.
const { forest, forestMinOutcomes } = resolveMatchOptions({ strategy: 'learned' }).learned;
const build: ModelBuildOptions = { forest, forestMinOutcomes };
const noPause = async () => undefined;
const inThread = inThreadForestTrainer(noPause);

interface Side {
	times: number[];
	trainings: number;
}

/** Builds a model for each History in turn, the way `how` says, and times each build. */
async function run(histories: LearningExample[][], how: (count: () => void) => AsyncModelBuild): Promise<Side> {
	const side: Side = { times: [], trainings: 0 };
	const settings = how(() => side.trainings++);
	for (const examples of histories) {
		const started = performance.now();
		await modelFromExamplesTrainedBy(examples, build, settings);
		side.times.push(performance.now() - started);
	}
	return side;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main() {
	console.log(`${executions} executions, one new outcome before each; forest from ${forestMinOutcomes} outcomes, retrained at checkpoints 10% apart`);
	console.log('outcomes at start | forest trainings: baseline / now | total build: baseline / now | median build: baseline / now | ratio (total)');
	for (const size of sizes) {
		// Outcomes are logged as they happen, so History grows in the order of the outcomes' times.
		const all = inForestOrder(learningExamples(roundRobinHistory(size + executions).records));
		const histories = Array.from({ length: executions }, (_, i) => all.slice(0, size + i + 1));
		// Baseline first, then now, then baseline again: the better of the two baseline passes counts,
		// so a slower machine at the start does not flatter the new path.
		const everyChange = (count: () => void): AsyncModelBuild => ({
			pause: noPause,
			// All rows, whatever forestRows says, and no forest cache: what the node did before.
			trainer: (examples, options) => {
				count();
				return inThread(examples, options);
			},
		});
		const checkpoints = (count: () => void): AsyncModelBuild => {
			const forests = new LruCache<SerializedForest>(8);
			return {
				pause: noPause,
				forests,
				trainer: (examples, options, rows) => {
					count();
					return inThread(examples, options, rows);
				},
			};
		};
		const before1 = await run(histories, everyChange);
		const now = await run(histories, checkpoints);
		const before2 = await run(histories, everyChange);
		const total = (side: Side) => side.times.reduce((sum, time) => sum + time, 0);
		const before = total(before1) <= total(before2) ? before1 : before2;
		console.log(
			`${String(size).padStart(17)} | ${String(before.trainings).padStart(8)} / ${String(now.trainings).padEnd(19)} | ${ms(total(before)).padStart(11)} / ${ms(total(now)).padEnd(13)} | ${ms(median(before.times)).padStart(12)} / ${ms(median(now.times)).padEnd(13)} | ${(total(before) / total(now)).toFixed(1)}x`,
		);
		console.log(`${' '.repeat(17)}   (the forest learned from ${forestTrainingCount(size + 1, forestMinOutcomes)} to ${forestTrainingCount(size + executions, forestMinOutcomes)} of the ${size + 1} to ${size + executions} outcomes)`);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
