/** A small, fast run of the routing simulator: licensing is never violated and learning pays. */
import { buildWorld, DEFAULT_SCENARIO, mainEffectsCloseRate, trueCloseRate } from '../../../bench/simulate/scenario';
import { leadOverLeastAssigned, standardDeviation } from '../../../bench/simulate/metrics';
import { estimateCostPoints, simulate, summarize } from '../../../bench/simulate/simulate';
import { modelFromExamples } from '../../../engine/match/learned/model';
import type { LearningExample } from '../../../engine/match/learned/outcomes';
import { resolveMatchOptions } from '../../../engine/match/options';
import { seededRandom } from '../../../engine/random';

describe('routing simulator (small scenario)', () => {
	const result = simulate({ ...DEFAULT_SCENARIO, seed: 11, agents: 6, days: 14, leadsPerDay: 60, outcomes: 450 });
	const summary = summarize(result);

	it('never assigns a lead to an unlicensed agent, whatever the policy', () => {
		expect(summary.licenseViolations).toBe(0);
		for (const policy of Object.values(result.policies)) expect(policy.licenseViolations).toBe(0);
	});

	it('learned closes at least as well as round robin, and the oracle bounds both', () => {
		const { learned, roundRobin, oracle } = result.policies;
		expect(learned.closeRate).toBeGreaterThanOrEqual(roundRobin.closeRate);
		expect(oracle.closeRate).toBeGreaterThanOrEqual(learned.closeRate);
	});

	it('prints the summary fields the CLI promises', () => {
		expect(Object.keys(summary.policies).sort()).toEqual(['learned', 'oracle', 'random', 'roundRobin', 'rules']);
		expect(summary.seed).toBe(11);
		expect(typeof summary.worstColdStartGapPoints).toBe('number');
	});

	it("reports how much the learner's estimates lose against the truth when the window opens", () => {
		expect(summary.learnedEstimateCostPoints).toBeGreaterThanOrEqual(0);
		expect(summary.learnedEstimateCostPoints).toBeLessThan(100);
	});

	it('scores estimates against the truth: more outcomes, smaller loss', () => {
		const world = buildWorld({ ...DEFAULT_SCENARIO, seed: 5 });
		const random = seededRandom(5);
		// Every lead of the stream worked by a random agent, won with the true probability, `rounds` times over.
		const history = (rounds: number): LearningExample[] =>
			Array.from({ length: rounds }, (_, round) =>
				world.leads.map((lead, index) => {
					const agentId = world.agents[Math.floor(random() * world.agents.length)].id;
					return { leadId: `${round}-${index}`, agentId, product: lead.product, channel: lead.channel, state: lead.state, score: null, won: random() < trueCloseRate(world, agentId, lead), at: lead.arrivedAt.toISOString() };
				}),
			).flat();
		const options = resolveMatchOptions({ strategy: 'learned' });
		const leads = world.leads.slice(0, 600);
		const cost = (rounds: number) => estimateCostPoints(world, modelFromExamples(history(rounds), { forest: false }), options, leads);
		const knowsNothing = estimateCostPoints(world, modelFromExamples([], { forest: false }), options, leads);
		expect(cost(1)).toBeLessThan(knowsNothing);
		expect(cost(10)).toBeLessThan(cost(1));
	});

	it('keeps round robin within Max Lead of the most-owed agent, counting calibration credit', () => {
		expect(summary.roundRobinMaxLead).toBe(3);
		expect(summary.maxRoundRobinDeviation).toBeLessThanOrEqual(summary.roundRobinMaxLead + 1e-9);
		// Raw counts leave out the credit a late starter is given, so they can only read higher.
		expect(summary.maxRoundRobinRawLead).toBeGreaterThanOrEqual(summary.maxRoundRobinDeviation - 1e-9);
	});
});

describe('bounded-lead audit', () => {
	const pool = [
		{ agentId: 'a', weight: 1, count: 10, credit: 0 },
		{ agentId: 'b', weight: 1, count: 4, credit: 5 },
		{ agentId: 'c', weight: 2, count: 18, credit: 0 },
	];

	it('measures the chosen agent against the most-owed one, by weighted share', () => {
		// Pool total 37, shares 1/4, 1/4, 1/2: excesses 0.75, -0.25, -0.5.
		expect(leadOverLeastAssigned(pool, 'a')).toBeCloseTo(1.25, 9);
		expect(leadOverLeastAssigned(pool, 'c')).toBeCloseTo(0, 9);
	});

	it('reads a late starter as owed more when their credit is left out', () => {
		const raw = pool.map((entry) => ({ ...entry, credit: 0 }));
		expect(leadOverLeastAssigned(raw, 'a')).toBeGreaterThan(leadOverLeastAssigned(pool, 'a'));
	});
});

describe('main-effects oracle', () => {
	it('ranks by the truth when agents have no agent x product x channel interactions', () => {
		const world = buildWorld({ ...DEFAULT_SCENARIO, seed: 5, days: 1, interactionSpread: 0, briefCase: false });
		let compared = 0;
		for (const lead of world.leads.slice(0, 20)) {
			for (const agent of world.agents) {
				// Rates the scenario clamped (to 0.01-0.95) are not a product of main effects any more.
				const rates = Object.keys(world.config.channels).map((channel) => trueCloseRate(world, agent.id, { ...lead, channel }));
				if (rates.some((rate) => rate <= 0.01 || rate >= 0.95)) continue;
				expect(mainEffectsCloseRate(world, agent.id, lead)).toBeCloseTo(trueCloseRate(world, agent.id, lead), 9);
				compared++;
			}
		}
		expect(compared).toBeGreaterThan(100);
	});

	it('misses the interactions when there are some', () => {
		const world = buildWorld({ ...DEFAULT_SCENARIO, seed: 5, days: 1 });
		const lead = world.leads[0];
		const gaps = world.agents.map((agent) => Math.abs(mainEffectsCloseRate(world, agent.id, lead) - trueCloseRate(world, agent.id, lead)));
		expect(Math.max(...gaps)).toBeGreaterThan(0.001);
	});
});

describe('band oracle', () => {
	const small = { ...DEFAULT_SCENARIO, seed: 3, agents: 6, days: 10, leadsPerDay: 60, outcomes: 300 };
	const policies = ['roundRobin', 'learned', 'oracle', 'bandOracle'] as const;

	it('is the oracle when the band never binds', () => {
		const result = simulate(small, { policies: [...policies], learned: { holdoutPercent: 0, fairnessBand: 1000 } });
		expect(result.policies.bandOracle.leadsPerAgent).toEqual(result.policies.oracle.leadsPerAgent);
		expect(result.policies.bandOracle.closeRate).toBe(result.policies.oracle.closeRate);
		expect(summarize(result).bandOracleLiftCaptured).toBe(summarize(result).oracleLiftCaptured);
	});

	it('spreads leads more evenly than the oracle under a tight band, and gives up close rate for it', () => {
		const result = simulate(small, { policies: [...policies], learned: { holdoutPercent: 0, fairnessBand: 0 } });
		const { bandOracle, oracle } = result.policies;
		expect(bandOracle.giniPerWeight).toBeLessThan(oracle.giniPerWeight);
		expect(bandOracle.closeRate).toBeLessThan(oracle.closeRate);
	});
});

describe('policy seed', () => {
	it('replays the same team and leads with other luck: the oracle is unchanged, the learner\'s draws are not', () => {
		const small = { ...DEFAULT_SCENARIO, seed: 4, agents: 5, days: 8, leadsPerDay: 50, outcomes: 200 };
		const policies = ['roundRobin', 'learned', 'oracle'] as const;
		const base = simulate(small, { policies: [...policies] });
		const sameSeed = simulate(small, { policies: [...policies], policySeed: 4 });
		const other = simulate(small, { policies: [...policies], policySeed: 99 });
		// The default policy seed is the world's.
		expect(sameSeed.policies.learned.leadsPerAgent).toEqual(base.policies.learned.leadsPerAgent);
		expect(other.policies.oracle.closeRate).toBe(base.policies.oracle.closeRate);
		expect(other.policies.learned.leadsPerAgent).not.toEqual(base.policies.learned.leadsPerAgent);
	});
});

describe('standardDeviation', () => {
	it('is the sample standard deviation, and 0 for fewer than two values', () => {
		expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 9);
		expect(standardDeviation([0.8])).toBe(0);
		expect(standardDeviation([])).toBe(0);
	});
});

describe('policy draws', () => {
	const small = { ...DEFAULT_SCENARIO, seed: 4, agents: 5, days: 8, leadsPerDay: 50, outcomes: 200 };
	const policies = ['roundRobin', 'learned', 'oracle'] as const;
	const result = simulate(small, { policies: [...policies], policySeed: 10, policyDraws: 3 });
	const captured = (run: ReturnType<typeof simulate>) => summarize(run).oracleLiftCaptured;

	it('reruns round robin and learned with the next policy seeds, the main run first', () => {
		expect(result.draws?.map((draw) => draw.policySeed)).toEqual([10, 11, 12]);
		expect(result.draws?.[0].oracleLiftCaptured).toBeCloseTo(captured(result), 4);
		const second = simulate(small, { policies: [...policies], policySeed: 11 });
		expect(result.draws?.[1].oracleLiftCaptured).toBeCloseTo(captured(second), 4);
		expect(result.draws?.[1].learnedLiftOverRoundRobin).toBeCloseTo(summarize(second).learnedLiftOverRoundRobin, 4);
	});

	it('summarises the spread luck gives the captured share', () => {
		const spread = summarize(result).policyDraws!;
		const shares = result.draws!.map((draw) => draw.oracleLiftCaptured);
		expect(spread.policySeeds).toEqual([10, 11, 12]);
		expect(spread.oracleLiftCaptured.lowest).toBeCloseTo(Math.min(...shares), 4);
		expect(spread.oracleLiftCaptured.highest).toBeCloseTo(Math.max(...shares), 4);
		expect(spread.oracleLiftCaptured.mean).toBeCloseTo(shares.reduce((sum, share) => sum + share, 0) / 3, 4);
		// Three different draws of luck do not land on the same share.
		expect(spread.oracleLiftCaptured.sd).toBeGreaterThan(0);
	});

	it('is absent from a single run', () => {
		const single = simulate(small, { policies: [...policies], policyDraws: 1 });
		expect(single.draws).toBeUndefined();
		expect(summarize(single).policyDraws).toBeUndefined();
	});
});

describe('explain (where learned falls short of the oracle)', () => {
	const small = { ...DEFAULT_SCENARIO, seed: 6, agents: 6, days: 12, leadsPerDay: 60, outcomes: 350 };
	const policies = ['roundRobin', 'learned', 'oracle'] as const;
	const result = simulate(small, { policies: [...policies], explain: true });
	const shortfalls = result.shortfalls ?? [];
	const world = buildWorld(small);

	it('accounts for every window lead and every expected close learned lost, largest shortfall first', () => {
		const { learned, oracle } = result.policies;
		expect(shortfalls.reduce((sum, segment) => sum + segment.leads, 0)).toBe(result.evaluationLeads);
		const lost = shortfalls.reduce((sum, segment) => sum + segment.lostCloses, 0);
		expect(lost).toBeCloseTo((oracle.closeRate - learned.closeRate) * result.evaluationLeads, 6);
		for (let i = 1; i < shortfalls.length; i++) expect(shortfalls[i - 1].lostCloses).toBeGreaterThanOrEqual(shortfalls[i].lostCloses);
	});

	it("lists each licensed agent's true rate, best first, with the leads each policy gave them", () => {
		for (const segment of shortfalls) {
			// The default world's truth does not vary by state, so any state reads the same rate.
			for (const agent of segment.agents) {
				expect(agent.trueRate).toBeCloseTo(trueCloseRate(world, agent.agentId, { product: segment.product, channel: segment.channel, state: 'TX' }), 9);
				expect(agent.estimate).toBeGreaterThan(0);
				expect(agent.estimate).toBeLessThan(1);
				expect(agent.wins).toBeLessThanOrEqual(agent.outcomes);
			}
			const rates = segment.agents.map((agent) => agent.trueRate);
			expect(rates).toEqual([...rates].sort((a, b) => b - a));
			expect(segment.agents.reduce((sum, agent) => sum + agent.learnedLeads, 0)).toBeLessThanOrEqual(segment.leads);
			expect(segment.agents.reduce((sum, agent) => sum + agent.oracleLeads, 0)).toBeLessThanOrEqual(segment.leads);
		}
	});

	it("counts the learner's record when the window opened: at least the outcomes that opened it", () => {
		const outcomes = shortfalls.flatMap((segment) => segment.agents).reduce((sum, agent) => sum + agent.outcomes, 0);
		expect(outcomes).toBeGreaterThanOrEqual(small.outcomes);
	});

	it('is only worked out when asked for', () => {
		expect(shortfalls.length).toBeGreaterThan(0);
		expect(simulate(small, { policies: [...policies] }).shortfalls).toBeUndefined();
	});
});
