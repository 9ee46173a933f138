/**
 * Worker-thread entry: trains one forest from the first workerData.forestRows examples, tallies
 * all of them, and posts both back (see forestWorker.ts).
 * scripts/build.mjs bundles it, ml-random-forest included, to
 * dist/engine/match/learned/trainForest.worker.js, which the Lead Match node starts.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { trainForest } from './forest';
import type { ForestWorkerInput, ForestWorkerReply } from './forestWorker';
import { unpackExamples } from './packedExamples';
import { tallyOutcomes } from './posterior';

function train(input: ForestWorkerInput): ForestWorkerReply {
	try {
		const examples = unpackExamples(input.examples);
		return { forest: trainForest(examples.slice(0, input.forestRows), input.options), tables: tallyOutcomes(examples) };
	} catch (error) {
		return { error: error instanceof Error ? error.message : String(error) };
	}
}

parentPort?.postMessage(train(workerData as ForestWorkerInput));
