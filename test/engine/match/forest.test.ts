/** The learned strategy's random-forest prior: what it learns, how it yields, caching, storage. */
import { forestEstimator, forestProblem, trainForest, trainForestAsync } from '../../../engine/match/learned/forest';
import type { SerializedForest } from '../../../engine/match/learned/forest';
import type { ForestTrainer } from '../../../engine/match/learned/model';
import {
	FOREST_RETRAIN_GROWTH,
	forestTrainingCount,
	historyFingerprint,
	inForestOrder,
	loadModel,
	modelFromExamples,
	modelFromExamplesAsync,
	modelFromExamplesTrainedBy,
	modelKey,
	serializeModel,
} from '../../../engine/match/learned/model';
import { tallyOutcomes } from '../../../engine/match/learned/posterior';
import type { LearningExample } from '../../../engine/match/learned/outcomes';
import { matchLeads } from '../../../engine/match/matchLead';
import { LruCache } from '../../../engine/lruCache';
import { seededRandom } from '../../../engine/random';
import { InputError } from '../../../engine/types';
import { agent, context, lead, outcome } from './fixtures';

const SMALL = { trees: 6, rowsPerTree: 200 };

/** Every agent closes 20%, except ava, who closes 80% of home leads from referrals (and only those). */
function interactionHistory(count: number, seed = 5): LearningExample[] {
	const random = seededRandom(seed);
	const agents = ['ava', 'ben', 'cy', 'dee'];
	const products = ['auto', 'home'];
	const channels = ['referral', 'paid_search'];
	return Array.from({ length: count }, (_, i) => {
		const agentId = agents[i % agents.length];
		const product = products[Math.floor(random() * 2)];
		const channel = channels[Math.floor(random() * 2)];
		const rate = agentId === 'ava' && product === 'home' && channel === 'referral' ? 0.8 : 0.2;
		return { leadId: `H${i}`, agentId, product, channel, state: 'FL', score: null, won: random() < rate, at: `2026-02-01T10:00:00Z` };
	});
}

const row = (agentId: string, product: string, channel: string) => ({ agentId, product, channel, state: 'FL', score: null });

describe('forest prior', () => {
	it('learns an interaction: ava is strong in home referrals only', () => {
		const estimator = forestEstimator(trainForest(interactionHistory(800), SMALL));
		const strong = estimator.predict(row('ava', 'home', 'referral'))!;
		expect(strong).toBeGreaterThan(0.6);
		expect(estimator.predict(row('ava', 'auto', 'paid_search'))!).toBeLessThan(0.35);
		expect(estimator.predict(row('ben', 'home', 'referral'))!).toBeLessThan(0.35);
		// An agent the forest never saw: no opinion, the hierarchy decides.
		expect(estimator.predict(row('zed', 'home', 'referral'))).toBeNull();
	});

	it('async training gives the event loop a turn between trees and trains the same forest', async () => {
		const examples = interactionHistory(300);
		let turns = 0;
		const trained = await trainForestAsync(examples, SMALL, async () => {
			turns++;
		});
		// One turn after building the training rows, then one between consecutive trees.
		expect(turns).toBe(SMALL.trees);
		expect(trained).toEqual(trainForest(examples, SMALL));
	});

	it('trains no forest below the minimum outcomes, one above it', async () => {
		expect(modelFromExamples(interactionHistory(150), { forest: true, forestMinOutcomes: 200 }).forest).toBeNull();
		const model = await modelFromExamplesAsync(interactionHistory(250), { forest: true, forestMinOutcomes: 200, forestOptions: SMALL }, async () => undefined);
		expect(model.serializedForest?.trees).toHaveLength(SMALL.trees);
	});

	it('the cache key is stable for the same history and changes when an outcome changes', () => {
		const examples = interactionHistory(100);
		const key = modelKey(historyFingerprint(examples), { forest: true });
		const reordered = [...examples].reverse();
		expect(modelKey(historyFingerprint(reordered), { forest: true })).toBe(key);
		const flipped = examples.map((e, i) => (i === 7 ? { ...e, won: !e.won } : e));
		expect(modelKey(historyFingerprint(flipped), { forest: true })).not.toBe(key);
		expect(modelKey(historyFingerprint(examples), { forest: false })).not.toBe(key);

		const cache = new LruCache<string>(2);
		cache.set('a', 'A');
		cache.set('b', 'B');
		expect(cache.get('a')).toBe('A'); // a is now the most recent
		cache.set('c', 'C');
		expect(cache.get('b')).toBeUndefined();
		expect(cache.get('a')).toBe('A');
	});

	it('a serialized model round-trips with its forest; a damaged forest names the field', () => {
		const model = modelFromExamples(interactionHistory(300), { forest: true, forestMinOutcomes: 200, forestOptions: SMALL });
		const stored = JSON.stringify(serializeModel(model, new Date('2026-03-01T00:00:00Z')));
		const loaded = loadModel(stored, 'options.model');
		expect(loaded.outcomes).toBe(300);
		expect(loaded.forest?.predict(row('ava', 'home', 'referral'))).toBeCloseTo(model.forest!.predict(row('ava', 'home', 'referral'))!, 10);

		const damaged = JSON.parse(stored);
		damaged.forest.encodings.agents = { ava: 'high' };
		const error = (() => {
			try {
				loadModel(damaged, 'options.model');
			} catch (caught) {
				return caught;
			}
		})();
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).field).toBe('options.model.forest.encodings.agents');
		expect(forestProblem({ ...JSON.parse(stored).forest, trees: [] })).toBe('forest.trees');
		expect(forestProblem(JSON.parse(stored).forest)).toBeNull();
		// A model stored before the forest existed still loads (tallies only).
		expect(loadModel({ kind: 'leadMatchModel', version: 1, outcomes: 3, fingerprint: 'x', tables: { tallies: {}, outcomes: 3, wins: 1 } }).forest).toBeNull();
	});

	it('cold start is unchanged: with little history the forest option changes no decision', () => {
		const agents = [agent('ava'), agent('ben'), agent('cy')];
		const history = Array.from({ length: 60 }, (_, i) => outcome(['ava', 'ben', 'cy'][i % 3], `C${i}`, i % 4 === 0, '2026-02-03T10:00:00Z', 'home', 'referral'));
		const leads = Array.from({ length: 20 }, (_, i) => lead(`N${i}`, { product: 'home' }));
		const decide = (forest: boolean) => {
			const options = { strategy: 'learned' as const, sticky: { enabled: false }, learned: { forest } };
			const model = modelFromExamples(
				history.map((record) => ({ leadId: record.leadId, agentId: record.agentId, product: 'home', channel: 'referral', state: 'FL', score: null, won: record.event === 'won', at: record.at })),
				{ forest, forestMinOutcomes: 200 },
			);
			return matchLeads(leads, new Date('2026-03-18T15:00:00Z'), context(agents, history, new Date('2026-03-18T15:00:00Z'), options, model)).map(
				(d) => d.assigned && [d.assignment.agentId, d.assignment.propensity],
			);
		};
		expect(decide(true)).toEqual(decide(false));
	});
});

describe('forest retrained only when History has grown materially', () => {
	/** `count` outcomes a minute apart from `from`, so later ones are newer. */
	const timed = (count: number, from = 0, seed = 5) =>
		interactionHistory(from + count, seed)
			.slice(from)
			.map((example, i) => ({ ...example, leadId: `T${seed}-${from + i}`, at: new Date(Date.UTC(2026, 1, 1) + (from + i) * 60_000).toISOString() }));

	it('learns from the largest checkpoint History has reached: the minimum, then every 10% above the last', () => {
		expect(forestTrainingCount(199, 200)).toBe(0);
		expect([200, 219, 220, 241, 242, 266, 267].map((n) => forestTrainingCount(n, 200))).toEqual([200, 200, 220, 220, 242, 242, 267]);
		const counts = Array.from({ length: 9801 }, (_, i) => forestTrainingCount(200 + i, 200));
		counts.forEach((count, i) => {
			const outcomes = 200 + i;
			// Never more than History has, never more than 10% (and one rounding) behind it.
			expect(count).toBeLessThanOrEqual(outcomes);
			expect(outcomes).toBeLessThan(count + Math.ceil(count * FOREST_RETRAIN_GROWTH));
		});
		// Between 200 and 10,000 outcomes: tens of retrainings, not thousands.
		expect(new Set(counts).size).toBeGreaterThan(30);
		expect(new Set(counts).size).toBeLessThan(45);
	});

	it('is a function of History alone: the oldest outcomes, whatever order the rows come in', () => {
		const examples = timed(260);
		const shuffled = [...examples].sort((a, b) => (stableOrder(a.leadId) < stableOrder(b.leadId) ? -1 : 1));
		expect(shuffled).not.toEqual(examples);
		expect(inForestOrder(shuffled)).toEqual(examples);
		const build = { forest: true, forestMinOutcomes: 200, forestOptions: SMALL };
		expect(modelFromExamples(shuffled, build).serializedForest).toEqual(trainForest(examples.slice(0, 242), SMALL));
	});

	it('reuses the forest for a few new outcomes, tallies them all, and retrains past the next checkpoint', async () => {
		const build = { forest: true, forestMinOutcomes: 200, forestOptions: SMALL };
		const forests = new LruCache<SerializedForest>(8);
		const trainedOn: number[] = [];
		const counting: ForestTrainer = async (examples, options, rows = examples.length) => {
			trainedOn.push(rows);
			return { forest: trainForest(examples.slice(0, rows), options), tables: tallyOutcomes(examples), thread: 'main' };
		};
		const how = { trainer: counting, forests, pause: async () => undefined };
		const history = timed(1000);
		const first = await modelFromExamplesTrainedBy(history, build, how);
		const grown = [...history, ...timed(5, 1000)];
		const second = await modelFromExamplesTrainedBy(grown, build, how);
		expect(trainedOn).toEqual([forestTrainingCount(1000, 200)]);
		expect(second.serializedForest).toEqual(first.serializedForest);
		expect(second.outcomes).toBe(1005);
		expect(second.tables).toEqual(tallyOutcomes(grown));
		// Reused or not, the model is the one this History gives (the same as a build with no cache).
		expect(second.serializedForest).toEqual(modelFromExamples(grown, build).serializedForest);
		const past = [...history, ...timed(200, 1000)];
		await modelFromExamplesTrainedBy(past, build, how);
		expect(trainedOn).toEqual([forestTrainingCount(1000, 200), forestTrainingCount(1200, 200)]);
		expect(forestTrainingCount(1200, 200)).toBeGreaterThan(forestTrainingCount(1000, 200));
	});

	it("never reuses another History's forest, even with as many outcomes", async () => {
		const build = { forest: true, forestMinOutcomes: 200, forestOptions: SMALL };
		const forests = new LruCache<SerializedForest>(8);
		let trainings = 0;
		const counting: ForestTrainer = async (examples, options, rows = examples.length) => {
			trainings++;
			return { forest: trainForest(examples.slice(0, rows), options), tables: tallyOutcomes(examples), thread: 'main' };
		};
		await modelFromExamplesTrainedBy(timed(400, 0, 5), build, { trainer: counting, forests });
		const other = await modelFromExamplesTrainedBy(timed(400, 0, 6), build, { trainer: counting, forests });
		expect(trainings).toBe(2);
		expect(other.serializedForest).toEqual(modelFromExamples(timed(400, 0, 6), build).serializedForest);
	});
});

/** A fixed shuffle key for a lead id. */
function stableOrder(leadId: string): number {
	return seededRandom(Number(leadId.replace(/\D/g, '')) + 1)();
}
