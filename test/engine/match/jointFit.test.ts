import { fitJointly, jointEstimate } from '../../../engine/match/learned/jointFit';
import type { LearningExample } from '../../../engine/match/learned/outcomes';
import { cellPosterior, DEFAULT_LEVEL_SPREADS, jointCellPosterior, posteriorMean, tallyOutcomes } from '../../../engine/match/learned/posterior';
import { normalDraw, seededRandom } from '../../../engine/random';

/** `count` outcomes of one agent in one segment, the first `wins` of them won. */
function outcomes(agentId: string, product: string, channel: string, state: string, count: number, wins: number): LearningExample[] {
	return Array.from({ length: count }, (_, index) => ({
		leadId: `${agentId}-${product}-${channel}-${state}-${index}`,
		agentId,
		product,
		channel,
		state,
		score: null,
		won: index < wins,
		at: '2026-03-02T12:00:00.000Z',
	}));
}

const segment = (product: string, channel: string, state = 'FL') => ({ product, channel, state });

describe('Learned estimates fitted jointly (jointFit.ts)', () => {
	// Ben and Cara take every channel: referrals close at 40%, paid search at 20%, aggregator leads at 10%.
	const team = ['ben', 'cara'].flatMap((agent) => [
		...outcomes(agent, 'auto', 'referral', 'FL', 200, 80),
		...outcomes(agent, 'auto', 'paid_search', 'FL', 200, 40),
		...outcomes(agent, 'auto', 'aggregator', 'FL', 200, 20),
	]);

	it("does not credit an agent with the channel's rate: one fed referrals and one fed aggregator leads, both closing like the team, are estimated alike", () => {
		// Ava got only referrals (40 of 100, as the team), Dev only aggregator leads (10 of 100, as the team).
		const tables = tallyOutcomes([...team, ...outcomes('ava', 'auto', 'referral', 'FL', 100, 40), ...outcomes('dev', 'auto', 'aggregator', 'FL', 100, 10)]);
		const paidSearch = segment('auto', 'paid_search');
		const ava = posteriorMean(jointCellPosterior(tables, 'ava', paidSearch));
		const dev = posteriorMean(jointCellPosterior(tables, 'dev', paidSearch));
		expect(Math.abs(ava - dev)).toBeLessThan(0.02);
		expect(Math.abs(ava - 0.2)).toBeLessThan(0.02);
		// One level at a time, each agent's overall tally carries their channel mix into every estimate.
		const chainAva = posteriorMean(cellPosterior(tables, 'ava', paidSearch, 8));
		const chainDev = posteriorMean(cellPosterior(tables, 'dev', paidSearch, 8));
		expect(chainAva - chainDev).toBeGreaterThan(0.05);
	});

	it("an agent nobody has seen gets the team's rate for the segment, as uncertain as agents differ", () => {
		const fit = fitJointly(tallyOutcomes(team), DEFAULT_LEVEL_SPREADS);
		const newcomer = jointEstimate(fit, 'zoe', segment('auto', 'referral'));
		expect(Math.abs(newcomer.rate - 0.4)).toBeLessThan(0.02);
		const { agent, agentProduct, agentProductChannel, state } = DEFAULT_LEVEL_SPREADS;
		expect(newcomer.logVariance).toBeCloseTo(agent ** 2 + agentProduct ** 2 + agentProductChannel ** 2 + state ** 2, 6);
		// Ben, with 200 outcomes in the segment, is known far better.
		expect(jointEstimate(fit, 'ben', segment('auto', 'referral')).logVariance).toBeLessThan(newcomer.logVariance / 4);
	});

	it("recovers close rates that multiply (agent x product skill times channel) better than each cell's own record", () => {
		// 8 agents x 3 products x 3 channels, 30 outcomes per cell: too few for a cell alone, enough to
		// pool, because each cell's rate is its agent's skill in the product times its channel's factor.
		const random = seededRandom(7);
		const base: Record<string, number> = { auto: 0.16, home: 0.2, life: 0.1 };
		const factor: Record<string, number> = { referral: 1.6, paid_search: 1, aggregator: 0.6 };
		const truth = new Map<string, { agent: string; product: string; channel: string; rate: number }>();
		const examples: LearningExample[] = [];
		for (const agent of ['ava', 'ben', 'cara', 'dev', 'eli', 'fay', 'gus', 'hana']) {
			for (const product of Object.keys(base)) {
				const skill = Math.exp(0.45 * normalDraw(random));
				for (const channel of Object.keys(factor)) {
					const rate = Math.min(0.9, base[product] * skill * factor[channel]);
					truth.set(`${agent}|${product}|${channel}`, { agent, product, channel, rate });
					for (let i = 0; i < 30; i++) examples.push({ ...outcomes(agent, product, channel, 'FL', 1, 0)[0], leadId: `${agent}${product}${channel}${i}`, won: random() < rate });
				}
			}
		}
		const tables = tallyOutcomes(examples);
		const fit = fitJointly(tables, DEFAULT_LEVEL_SPREADS);
		let fitError = 0;
		let recordError = 0;
		for (const [key, { agent, product, channel, rate }] of truth) {
			const tally = tables.tallies[`aps|${key}|FL`];
			fitError += Math.abs(jointEstimate(fit, agent, segment(product, channel)).rate - rate);
			recordError += Math.abs(tally.wins / tally.total - rate);
		}
		expect(fitError).toBeLessThan(0.8 * recordError);
	});

	it("reads agent ids that contain '|' from the tallies' keys", () => {
		const tables = tallyOutcomes([...team, ...outcomes('team|ava', 'auto', 'referral', 'FL', 300, 240)]);
		expect(jointEstimate(fitJointly(tables, DEFAULT_LEVEL_SPREADS), 'team|ava', segment('auto', 'referral')).rate).toBeGreaterThan(0.6);
	});
});
