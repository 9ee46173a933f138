/** The learned strategy's random-forest prior: what it learns, how it yields, caching, storage. */
import { forestEstimator, forestProblem, trainForest, trainForestAsync } from '../../../engine/match/learned/forest';
import { historyFingerprint, loadModel, ModelCache, modelFromExamples, modelFromExamplesAsync, modelKey, serializeModel } from '../../../engine/match/learned/model';
import type { LearningExample } from '../../../engine/match/learned/outcomes';
import { matchLeads } from '../../../engine/match/matchLead';
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

		const cache = new ModelCache<string>(2);
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
