import type { LearningExample } from '../../../engine/match/learned/outcomes';
import { examplesOf as outcomes } from './fixtures';
import { cellPosterior, DEFAULT_LEVEL_SPREADS, posteriorMean, tallyOutcomes } from '../../../engine/match/learned/posterior';
import { estimateSkills, estimateSkillsInTurns, skillMoments } from '../../../engine/match/learned/skillGrid';
import { normalDraw, seededRandom } from '../../../engine/random';

const segment = (product: string, channel: string, state = 'FL') => ({ product, channel, state });

// Ben and Cara take every channel: referrals close at 40%, paid search at 20%, aggregator leads at 10%.
const team = ['ben', 'cara'].flatMap((agent) => [
	...outcomes(agent, 'auto', 'referral', 'FL', 200, 80),
	...outcomes(agent, 'auto', 'paid_search', 'FL', 200, 40),
	...outcomes(agent, 'auto', 'aggregator', 'FL', 200, 20),
]);

describe("Agents' close rates by product and channel, from the joint posterior of their skills (skillGrid.ts)", () => {
	it("does not credit an agent with the channel's rate: one fed referrals and one fed aggregator leads, both closing like the team, are estimated alike", () => {
		// Ava got only referrals (40 of 100, as the team), Dev only aggregator leads (10 of 100, as the team).
		const tables = tallyOutcomes([...team, ...outcomes('ava', 'auto', 'referral', 'FL', 100, 40), ...outcomes('dev', 'auto', 'aggregator', 'FL', 100, 10)]);
		const skills = estimateSkills(tables, DEFAULT_LEVEL_SPREADS);
		const ava = skillMoments(skills, 'ava', 'auto', 'paid_search')!.mean;
		const dev = skillMoments(skills, 'dev', 'auto', 'paid_search')!.mean;
		expect(Math.abs(ava - dev)).toBeLessThan(0.02);
		expect(Math.abs(ava - 0.2)).toBeLessThan(0.03);
		// One level at a time, each agent's overall tally carries their channel mix into every estimate.
		const chainAva = posteriorMean(cellPosterior(tables, 'ava', segment('auto', 'paid_search'), 8, undefined, DEFAULT_LEVEL_SPREADS, null));
		const chainDev = posteriorMean(cellPosterior(tables, 'dev', segment('auto', 'paid_search'), 8, undefined, DEFAULT_LEVEL_SPREADS, null));
		expect(chainAva - chainDev).toBeGreaterThan(0.05);
	});

	it('of two agents who lost their first six life leads, the one who closes twice the team elsewhere is estimated higher there', () => {
		// Ava closes autos and homes at twice the team's rate, Eli like the team; each lost their first 6 life leads.
		const examples = [
			...['ben', 'cara', 'dev'].flatMap((agent) => [
				...outcomes(agent, 'auto', 'referral', 'FL', 150, 30),
				...outcomes(agent, 'home', 'referral', 'FL', 150, 30),
				...outcomes(agent, 'life', 'referral', 'FL', 150, 30),
			]),
			...outcomes('ava', 'auto', 'referral', 'FL', 150, 60),
			...outcomes('ava', 'home', 'referral', 'FL', 150, 60),
			...outcomes('ava', 'life', 'referral', 'FL', 6, 0),
			...outcomes('eli', 'auto', 'referral', 'FL', 150, 30),
			...outcomes('eli', 'home', 'referral', 'FL', 150, 30),
			...outcomes('eli', 'life', 'referral', 'FL', 6, 0),
		];
		const skills = estimateSkills(tallyOutcomes(examples), DEFAULT_LEVEL_SPREADS);
		const avaLife = skillMoments(skills, 'ava', 'life', 'referral')!.mean;
		const eliLife = skillMoments(skills, 'eli', 'life', 'referral')!.mean;
		expect(avaLife - eliLife).toBeGreaterThan(0.02);
		// Six leads move an estimate, but not to nothing: 0 of 6 at 20% happens a quarter of the time.
		expect(eliLife).toBeGreaterThan(0.1);
		expect(skillMoments(skills, 'ava', 'auto', 'referral')!.mean).toBeGreaterThan(0.35);
	});

	it('a cell with thousands of outcomes is estimated at its own rate, and more outcomes mean a narrower posterior', () => {
		const many = estimateSkills(tallyOutcomes([...team, ...outcomes('ava', 'auto', 'referral', 'FL', 3000, 900)]), DEFAULT_LEVEL_SPREADS);
		const few = estimateSkills(tallyOutcomes([...team, ...outcomes('ava', 'auto', 'referral', 'FL', 30, 9)]), DEFAULT_LEVEL_SPREADS);
		expect(skillMoments(many, 'ava', 'auto', 'referral')!.mean).toBeCloseTo(0.3, 2);
		expect(skillMoments(many, 'ava', 'auto', 'referral')!.variance).toBeLessThan(skillMoments(few, 'ava', 'auto', 'referral')!.variance / 20);
	});

	it('when agents do not differ (spreads near 0) every agent gets the segment rate whatever their own record', () => {
		const tables = tallyOutcomes([...team, ...outcomes('ava', 'auto', 'referral', 'FL', 20, 18)]);
		const skills = estimateSkills(tables, { agent: 0.001, agentProduct: 0.001, agentProductChannel: 0.001, state: 0.001 });
		// The team's referral rate with Ava's leads in it: (160 + 18) / 420.
		expect(skillMoments(skills, 'ava', 'auto', 'referral')!.mean).toBeCloseTo(178 / 420, 2);
		expect(skillMoments(skills, 'ben', 'auto', 'referral')!.mean).toBeCloseTo(178 / 420, 2);
	});

	it('an agent nobody has seen is expected to close like the team, as uncertain as agents differ', () => {
		const skills = estimateSkills(tallyOutcomes(team), DEFAULT_LEVEL_SPREADS);
		const newcomer = skillMoments(skills, 'zoe', 'auto', 'referral')!;
		expect(Math.abs(newcomer.mean - 0.4)).toBeLessThan(0.02);
		expect(newcomer.variance).toBeGreaterThan(20 * skillMoments(skills, 'ben', 'auto', 'referral')!.variance);
		// A product and channel the team has never had: no estimate here (the chain decides).
		expect(skillMoments(skills, 'ben', 'life', 'referral')).toBeUndefined();
	});

	it("recovers close rates that multiply (agent skill x product skill x channel) better than one level at a time, when each agent's leads lean to one channel", () => {
		// Five teams of 8 agents x 3 products x 3 channels. Each agent gets most of their leads from one
		// channel (as the learner's own routing skews them): 40 per product there, 6 elsewhere.
		const base: Record<string, number> = { auto: 0.16, home: 0.2, life: 0.1 };
		const factor: Record<string, number> = { referral: 1.6, paid_search: 1, aggregator: 0.6 };
		const channels = Object.keys(factor);
		let gridError = 0;
		let chainError = 0;
		for (const seed of [11, 12, 13, 14, 15]) {
			const random = seededRandom(seed);
			const truth = new Map<string, number>();
			const examples: LearningExample[] = [];
			['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'].forEach((agent, agentIndex) => {
				const level = Math.exp(0.3 * normalDraw(random));
				for (const product of Object.keys(base)) {
					const skill = level * Math.exp(0.45 * normalDraw(random));
					for (const channel of channels) {
						const rate = Math.min(0.95, base[product] * factor[channel] * skill * Math.exp(0.2 * normalDraw(random)));
						truth.set(`${agent}|${product}|${channel}`, rate);
						const count = channels[agentIndex % channels.length] === channel ? 40 : 6;
						for (let index = 0; index < count; index++) {
							examples.push({ leadId: `${agent}-${product}-${channel}-${index}`, agentId: agent, product, channel, state: 'FL', score: null, won: random() < rate, at: '2026-03-02T12:00:00.000Z' });
						}
					}
				}
			});
			const tables = tallyOutcomes(examples);
			const skills = estimateSkills(tables, DEFAULT_LEVEL_SPREADS);
			for (const [key, rate] of truth) {
				const [agent, product, channel] = key.split('|');
				gridError += (skillMoments(skills, agent, product, channel)!.mean - rate) ** 2;
				chainError += (posteriorMean(cellPosterior(tables, agent, segment(product, channel), 8, undefined, DEFAULT_LEVEL_SPREADS, null)) - rate) ** 2;
			}
		}
		expect(gridError).toBeLessThan(0.9 * chainError);
	});

	it('in turns gives the same estimates, pausing between agents', async () => {
		const tables = tallyOutcomes([...team, ...outcomes('ava', 'auto', 'referral', 'FL', 100, 40)]);
		let pauses = 0;
		const inTurns = await estimateSkillsInTurns(tables, DEFAULT_LEVEL_SPREADS, async () => {
			pauses++;
		});
		expect(pauses).toBeGreaterThanOrEqual(3);
		expect(inTurns).toEqual(estimateSkills(tables, DEFAULT_LEVEL_SPREADS));
	});

	it('the learned posterior uses the joint estimate for an agent the team has data on, and the chain for a product nobody has had', () => {
		const tables = tallyOutcomes([...team, ...outcomes('ava', 'auto', 'referral', 'FL', 100, 40), ...outcomes('dev', 'auto', 'aggregator', 'FL', 100, 10)]);
		const ava = posteriorMean(cellPosterior(tables, 'ava', segment('auto', 'paid_search'), 8));
		const dev = posteriorMean(cellPosterior(tables, 'dev', segment('auto', 'paid_search'), 8));
		expect(Math.abs(ava - dev)).toBeLessThan(0.02);
		const untried = cellPosterior(tables, 'ava', segment('life', 'referral'), 8);
		expect(untried).toEqual(cellPosterior(tables, 'ava', segment('life', 'referral'), 8, undefined, DEFAULT_LEVEL_SPREADS, null));
	});
});
