/**
 * Forest training in a worker thread: the worker trains exactly the forest trainForest does, a
 * worker that cannot start or crashes falls back to this thread, and the event loop keeps turning
 * while the worker trains. The worker is bundled with esbuild first (tests run from TS sources).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import * as forestModule from '../../../engine/match/learned/forest';
import { trainForest } from '../../../engine/match/learned/forest';
import { trainForestInWorker, workerForestTrainer } from '../../../engine/match/learned/forestWorker';
import { forestTrainingCount, inForestOrder, modelFromExamples, modelFromExamplesTrainedBy } from '../../../engine/match/learned/model';
import type { LearningExample } from '../../../engine/match/learned/outcomes';
import { packExamples, unpackExamples } from '../../../engine/match/learned/packedExamples';
import { tallyOutcomes } from '../../../engine/match/learned/posterior';
import { seededRandom } from '../../../engine/random';
import type { BuiltForestWorker } from '../../../scripts/buildForestWorker';
import { buildForestWorker } from '../../../scripts/buildForestWorker';

const SMALL = { trees: 6, rowsPerTree: 200 };

/** Outcomes over several agents, products, channels, states and scores; ava is strong in home referrals. */
function mixedHistory(count: number, seed = 9): LearningExample[] {
	const random = seededRandom(seed);
	const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
	const agents = ['ava', 'ben', 'cy', 'dee', 'eli', 'fay'];
	return Array.from({ length: count }, (_, i) => {
		const agentId = agents[i % agents.length];
		const product = pick(['auto', 'home', 'life']);
		const channel = pick(['referral', 'paid_search', 'web']);
		const state = pick(['FL', 'GA', 'TX', 'CA']);
		const score = random() < 0.1 ? null : Math.floor(random() * 100);
		const rate = agentId === 'ava' && product === 'home' && channel === 'referral' ? 0.8 : 0.15 + (score ?? 50) / 500;
		return { leadId: `M${i}`, agentId, product, channel, state, score, won: random() < rate, at: '2026-02-01T10:00:00Z' };
	});
}

describe('forest training in a worker thread', () => {
	let worker: BuiltForestWorker;
	beforeAll(async () => {
		worker = await buildForestWorker();
	});
	afterAll(() => worker.remove());
	afterEach(() => jest.restoreAllMocks());

	it('examples survive the trip to the worker unchanged (packed into columns and back)', () => {
		const examples = mixedHistory(500);
		expect(examples.some((example) => example.score === null)).toBe(true);
		expect(unpackExamples(structuredClone(packExamples(examples)))).toEqual(examples);
	});

	it('trains exactly the forest trainForest trains, and the same tallies (same examples, same seed)', async () => {
		const examples = mixedHistory(1500);
		expect(await trainForestInWorker(examples, SMALL, worker.file)).toEqual({ forest: trainForest(examples, SMALL), tables: tallyOutcomes(examples) });
		// Default options, another seed: still the same trees.
		expect((await trainForestInWorker(examples, { seed: 4 }, worker.file)).forest).toEqual(trainForest(examples, { seed: 4 }));
	});

	it('a model built with the worker trainer equals the in-thread model and says it came from the worker', async () => {
		const examples = mixedHistory(600);
		const trainInThread = jest.spyOn(forestModule, 'trainForestAsync');
		const model = await modelFromExamplesTrainedBy(examples, { forest: true, forestMinOutcomes: 200, forestOptions: SMALL }, { trainer: workerForestTrainer(worker.file) });
		expect(trainInThread).not.toHaveBeenCalled();
		expect(model.forestTraining).toEqual({ thread: 'worker' });
		const expected = modelFromExamples(examples, { forest: true, forestMinOutcomes: 200, forestOptions: SMALL });
		expect(model.tables).toEqual(expected.tables);
		expect(model.serializedForest).toEqual(expected.serializedForest);
		expect([model.outcomes, model.fingerprint]).toEqual([expected.outcomes, expected.fingerprint]);
		const row = { agentId: 'ava', product: 'home', channel: 'referral', state: 'FL', score: 40 };
		expect(model.forest?.predict(row)).toBe(expected.forest?.predict(row));
	});

	it('a worker that cannot start rejects; the worker trainer then trains on this thread and says why', async () => {
		const examples = mixedHistory(400);
		const missing = join(dirname(worker.file), 'no-such.worker.js');
		await expect(trainForestInWorker(examples, SMALL, missing)).rejects.toThrow(/no-such\.worker\.js|Cannot find module/);

		const inThread = jest.spyOn(forestModule, 'trainForestAsync');
		const trained = await workerForestTrainer(missing)(examples, SMALL);
		expect(inThread).toHaveBeenCalledTimes(1);
		expect(trained.thread).toBe('main');
		expect(trained.workerProblem).toMatch(/no-such\.worker\.js|Cannot find module/);
		expect(trained.forest).toEqual(trainForest(examples, SMALL));
		expect(trained.tables).toEqual(tallyOutcomes(examples));
	});

	it('a worker that throws, exits early or replies with an error rejects, and the trainer falls back', async () => {
		const examples = mixedHistory(300);
		const dir = dirname(worker.file);
		const crashing = {
			throws: "throw new Error('tree exploded');",
			exits: 'process.exit(3);',
			silent: '',
			replies: "require('node:worker_threads').parentPort.postMessage({ error: 'no forest today' });",
		};
		const expected = { throws: /tree exploded/, exits: /exited with code 3/, silent: /exited with code 0/, replies: /no forest today/ };
		for (const [name, body] of Object.entries(crashing) as Array<[keyof typeof crashing, string]>) {
			const file = join(dir, `${name}.worker.js`);
			writeFileSync(file, body);
			await expect(trainForestInWorker(examples, SMALL, file)).rejects.toThrow(expected[name]);
			const model = await modelFromExamplesTrainedBy(examples, { forest: true, forestMinOutcomes: 200, forestOptions: SMALL }, { trainer: workerForestTrainer(file) });
			expect(model.forestTraining).toEqual({ thread: 'main', workerProblem: expect.stringMatching(expected[name]) });
			// The forest learns from History's oldest outcomes up to the last checkpoint; the tallies count all.
			expect(model.serializedForest).toEqual(trainForest(inForestOrder(examples).slice(0, forestTrainingCount(examples.length, 200)), SMALL));
			expect(model.tables).toEqual(tallyOutcomes(examples));
		}
	});

	it('keeps the event loop turning while the worker trains, where trainForest on this thread would not', async () => {
		const examples = mixedHistory(20000);
		let ticks = 0;
		const ticker = setInterval(() => ticks++, 1);
		try {
			trainForest(examples, { trees: 2 });
			// Synchronous training on this thread: not one timer tick until it returns.
			expect(ticks).toBe(0);
			const { forest } = await trainForestInWorker(examples, {}, worker.file);
			expect(forest.trees).toHaveLength(16);
			// Timers ran all along while the worker trained: more ticks than trainForestAsync on this
			// thread could give them (one per event-loop turn, and it takes one turn per tree).
			expect(ticks).toBeGreaterThan(16);
		} finally {
			clearInterval(ticker);
		}
	});
});
