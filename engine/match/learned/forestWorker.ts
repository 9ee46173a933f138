/**
 * Trains the forest in a worker thread (trainForest.worker.ts), so the CPU of training runs off
 * n8n's main thread: on a loaded machine a tree trained on the main thread blocks the event loop
 * for as long as the process waits for a core, not just for its own CPU time (BENCHMARKS.md).
 */
import { resolve as resolvePath } from 'node:path';
import { Worker } from 'node:worker_threads';

import type { ForestOptions } from './forest';
import type { ForestTrainer, TrainedForest } from './model';
import { inThreadForestTrainer } from './model';
import type { LearningExample } from './outcomes';
import type { PackedExamples } from './packedExamples';
import { packedBuffers, packExamples } from './packedExamples';

/** What the worker receives as workerData. */
export interface ForestWorkerInput {
	examples: PackedExamples;
	options: Partial<ForestOptions>;
	/** The forest learns from the first this many examples; the tallies count them all. */
	forestRows: number;
}

/** What the worker trained: the forest and the tallies (see TrainedForest). */
export type WorkerTrained = Pick<TrainedForest, 'forest' | 'tables'>;

/** What the worker posts back: what it trained, or why it could not. */
export type ForestWorkerReply = WorkerTrained | { error: string };

/**
 * Trains `trainForest(examples.slice(0, forestRows), options)` and takes `tallyOutcomes(examples)`
 * in a new worker running `workerFile`; the worker ends with it.
 */
export function trainForestInWorker(
	examples: LearningExample[],
	options: Partial<ForestOptions>,
	workerFile: string,
	forestRows = examples.length,
): Promise<WorkerTrained> {
	return new Promise((resolve, reject) => {
		const packed = packExamples(examples);
		const input: ForestWorkerInput = { examples: packed, options, forestRows };
		let worker: Worker;
		try {
			worker = new Worker(resolvePath(workerFile), { workerData: input, transferList: packedBuffers(packed) });
		} catch (error) {
			reject(error);
			return;
		}
		let settled = false;
		const settle = (finish: () => void) => {
			if (settled) return;
			settled = true;
			// The worker exits by itself after replying; terminating also covers a worker that errored.
			void worker.terminate();
			finish();
		};
		worker.once('message', (reply: ForestWorkerReply) => settle(() => ('error' in reply ? reject(new Error(reply.error)) : resolve(reply))));
		worker.once('error', (error) => settle(() => reject(error)));
		worker.once('exit', (code) => settle(() => reject(new Error(`the forest worker exited with code ${code} without a forest`))));
	});
}

/**
 * A trainer that uses the worker and, when the worker cannot start or fails, trains on this thread
 * instead: a missing or broken worker costs event-loop time, never the model (or the decision).
 * The model says which happened (forestTraining.workerProblem).
 */
export function workerForestTrainer(workerFile: string, inThread: ForestTrainer = inThreadForestTrainer()): ForestTrainer {
	return async (examples, options, forestRows = examples.length) => {
		try {
			return { ...(await trainForestInWorker(examples, options, workerFile, forestRows)), thread: 'worker' };
		} catch (error) {
			const trained = await inThread(examples, options, forestRows);
			return { ...trained, workerProblem: error instanceof Error ? error.message : String(error) };
		}
	};
}
