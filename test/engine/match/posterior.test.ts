import { examplesOf as outcomes } from './fixtures';
import { agentChannelRecord, cellPosterior, DEFAULT_LEVEL_SPREADS, posteriorMean, strengthOfSpread, tallyOutcomes } from '../../../engine/match/learned/posterior';

const segment = (product: string, channel = 'referral', state = 'FL') => ({ product, channel, state });

describe('Learned estimates: shrinkage by how much each level really varies', () => {
	it('a prior is worth more outcomes where rates are low and where levels barely differ', () => {
		// One outcome says less about a 5% rate than about a 50% one, relative to the rate.
		expect(strengthOfSpread(0.05, 0.3)).toBeGreaterThan(5 * strengthOfSpread(0.5, 0.3));
		// A level that barely varies (state, once product and channel are known) needs far more of its own outcomes.
		expect(strengthOfSpread(0.25, 0.1)).toBeGreaterThan(20 * strengthOfSpread(0.25, 0.5));
	});

	it('three closes in twenty leads of a 5% segment is mostly luck: the estimate stays near the team', () => {
		// Ava closes autos like everyone (20% of 400); in life (aggregator), where the team closes 5%, she went 3 for 20.
		const team = ['ben', 'cara', 'dev'].flatMap((agent) => [...outcomes(agent, 'auto', 'referral', 'FL', 400, 80), ...outcomes(agent, 'life', 'aggregator', 'FL', 200, 10)]);
		const tables = tallyOutcomes([...team, ...outcomes('ava', 'auto', 'referral', 'FL', 400, 80), ...outcomes('ava', 'life', 'aggregator', 'FL', 20, 3)]);
		const life = posteriorMean(cellPosterior(tables, 'ava', segment('life', 'aggregator'), 8));
		// Raw 15% (3x the team). A fixed prior of 8 outcomes would have said (3 + 8 x 0.05) / 28 = 12%.
		expect(life).toBeGreaterThan(0.05);
		expect(life).toBeLessThan(0.1);
	});

	it('a split by state that the data does not support stays near the agent x product x channel rate', () => {
		// Ava closes autos at 30% overall; 6 of her 10 Texas autos closed (luck), the rest 27 of 100.
		const examples = [
			...['ben', 'cara'].flatMap((agent) => outcomes(agent, 'auto', 'referral', 'FL', 300, 60)),
			...outcomes('ava', 'auto', 'referral', 'FL', 100, 27),
			...outcomes('ava', 'auto', 'referral', 'TX', 10, 6),
		];
		const tables = tallyOutcomes(examples);
		const texas = posteriorMean(cellPosterior(tables, 'ava', segment('auto', 'referral', 'TX'), 8));
		const florida = posteriorMean(cellPosterior(tables, 'ava', segment('auto', 'referral', 'FL'), 8));
		expect(texas - florida).toBeLessThan(0.06);
		// With the state level as free as the agent x product level, the ten Texas leads would dominate.
		const loose = posteriorMean(cellPosterior(tables, 'ava', segment('auto', 'referral', 'TX'), 8, undefined, { ...DEFAULT_LEVEL_SPREADS, state: 0.5 }));
		expect(loose - florida).toBeGreaterThan(texas - florida);
	});

	it("explores an agent's untried product as widely as agents differ by product, and a well-known one narrowly", () => {
		const examples = [...outcomes('ava', 'auto', 'referral', 'FL', 400, 100), ...outcomes('ben', 'auto', 'referral', 'FL', 400, 100), ...outcomes('ben', 'home', 'referral', 'FL', 400, 120)];
		const tables = tallyOutcomes(examples);
		const untried = cellPosterior(tables, 'ava', segment('home'), 8);
		const known = cellPosterior(tables, 'ben', segment('home'), 8);
		expect(untried.evidence).toBeLessThan(15);
		expect(known.evidence).toBeGreaterThan(400);
		// Ava's 400 auto outcomes tell the learner her overall level, not her home rate.
		expect(untried.evidence).toBeLessThan(strengthOfSpread(0.3, DEFAULT_LEVEL_SPREADS.agentProduct) + 1);
	});

	it('the forest sets an untried cell but barely moves one with hundreds of outcomes', () => {
		const examples = [...outcomes('ava', 'auto', 'referral', 'FL', 400, 100), ...outcomes('ben', 'auto', 'referral', 'FL', 400, 100), ...outcomes('ben', 'home', 'referral', 'FL', 400, 120)];
		const tables = tallyOutcomes(examples);
		const forest = { mean: 0.6, strength: 20 };
		const untried = cellPosterior(tables, 'ava', segment('home'), 8);
		const untriedWithForest = cellPosterior(tables, 'ava', segment('home'), 8, forest);
		const known = cellPosterior(tables, 'ben', segment('home'), 8);
		const knownWithForest = cellPosterior(tables, 'ben', segment('home'), 8, forest);
		expect(posteriorMean(untriedWithForest) - posteriorMean(untried)).toBeGreaterThan(0.15);
		expect(posteriorMean(knownWithForest) - posteriorMean(known)).toBeLessThan(0.02);
		// The forest's weight is not evidence: exploration stays as wide as History's own.
		expect(untriedWithForest.evidence).toBeCloseTo(untried.evidence!, 6);
	});
});

describe("An agent's own record in a product and channel", () => {
	it('adds up every state, and nothing of other channels, products or agents', () => {
		const tables = tallyOutcomes([
			...outcomes('ana', 'auto', 'referral', 'FL', 5, 2),
			...outcomes('ana', 'auto', 'referral', 'TX', 4, 3),
			...outcomes('ana', 'auto', 'aggregator', 'FL', 7, 1),
			...outcomes('ana', 'home', 'referral', 'FL', 6, 6),
			...outcomes('bo', 'auto', 'referral', 'FL', 8, 8),
		]);
		expect(agentChannelRecord(tables, 'ana', { product: 'auto', channel: 'referral' })).toEqual({ wins: 5, total: 9 });
		expect(agentChannelRecord(tables, 'ana', { product: 'life', channel: 'referral' })).toEqual({ wins: 0, total: 0 });
	});
});
