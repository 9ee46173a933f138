import { estimateLift } from '../../../engine/outcome/lift';
import { renderDashboard } from '../../../engine/outcome/dashboard';
import { buildOutcomeReport } from '../../../engine/outcome/report';
import { gini, normalCritical, quantileSorted } from '../../../engine/outcome/stats';
import { simulateExperiment, smallHistory } from './history';

describe('buildOutcomeReport on a hand-checkable history', () => {
	const report = buildOutcomeReport(smallHistory, { weights: { a1: 2, a2: 1 } });

	it('per agent: leads, contact, response percentiles, SLA, conversion, value', () => {
		const [a1, a2] = report.agents;
		// a1 holds L1, L2 and L3 (after a2 declined); responses 120, 600, 60 s.
		expect(a1).toEqual({
			type: 'agent',
			agentId: 'a1',
			leads: 3,
			contacted: 3,
			contactRate: 1,
			responseP50Seconds: 120,
			responseP90Seconds: 504, // 120 + 0.8 x (600 - 120)
			slaHitRate: 0.6667,
			won: 2,
			lost: 1,
			conversion: 0.6667,
			value: 1500,
			declined: 0,
			expired: 0,
			share: 0.5,
			weightedShare: 0.6667,
		});
		// a2 was offered L3, L4 and L5: declined one, let one expire, contacted one.
		expect(a2).toMatchObject({ agentId: 'a2', leads: 3, contacted: 1, contactRate: 0.3333, responseP50Seconds: 300, slaHitRate: 1, won: 0, conversion: 0, declined: 1, expired: 1, weightedShare: 0.3333 });
	});

	it('per Lead Score tier, only for leads logged with one: does tier A close more than B?', () => {
		expect(report.segments.filter((row) => row.dimension === 'tier')).toEqual([]);
		const tierOf: Record<string, string> = { L1: 'A', L3: 'A', L2: 'B' };
		const withTiers = smallHistory.map((record) => (tierOf[record.leadId] ? { ...record, lead: { ...record.lead!, tier: tierOf[record.leadId] } } : record));
		const tiers = buildOutcomeReport(withTiers).segments.filter((row) => row.dimension === 'tier');
		expect(tiers.map((row) => [row.segment, row.leads, row.won, row.lost, row.conversion])).toEqual([
			['A', 2, 2, 0, 1],
			['B', 1, 0, 1, 0],
		]);
		expect(renderDashboard(buildOutcomeReport(withTiers))).toMatch(/Score tiers/);
		expect(renderDashboard(report)).not.toMatch(/Score tiers/);
	});

	it('per segment: every lead once, whoever handled it', () => {
		const segment = (dimension: string, name: string) => report.segments.find((row) => row.dimension === dimension && row.segment === name);
		expect(segment('product', 'auto')).toMatchObject({ leads: 3, contacted: 2, won: 1, conversion: 0.3333, value: 1000 });
		expect(segment('product', 'home')).toMatchObject({ leads: 2, contacted: 2, won: 1, value: 500, responseP50Seconds: 180 });
		expect(segment('channel', 'paid_search')).toMatchObject({ leads: 3, won: 2, conversion: 0.6667 });
		expect(segment('channel', 'organic')).toMatchObject({ leads: 2, won: 0, lost: 1 });
	});

	it('summary: totals, percentiles over first contacts, fairness against the weights', () => {
		expect(report.summary).toMatchObject({
			records: 15,
			leads: 5,
			contacted: 4,
			contactRate: 0.8,
			responseP50Seconds: 210, // first contacts 60, 120, 300, 600
			responseP90Seconds: 510,
			slaHitRate: 0.75,
			won: 2,
			lost: 1,
			conversion: 0.4,
			value: 1500,
			agents: 2,
			from: '2026-11-02T10:00:00.000Z',
			to: '2026-11-02T14:00:00.000Z',
		});
		// Loads per unit of weight 1.5 and 3: Gini = |3 - 1.5| x 2 / (2 x 2^2 x 2.25) = 1/6.
		expect(report.summary.fairness).toEqual({ gini: 0.1667, maxShareGap: 0.1667, agentWithMaxGap: 'a1' });
	});

	it('lift on the small history: learned 1/3 (L1 won, L2, L4) vs holdout 1/2 (L3 won, L5)', () => {
		expect(report.summary.lift).toMatchObject({
			method: 'hajek',
			learned: { leads: 3, won: 1, value: 0.333333, meanPropensity: 0.5 },
			holdout: { leads: 2, won: 1, value: 0.5, meanPropensity: 0.3 },
			lift: -0.166667,
			significant: false,
		});
	});

	it('equal weights by default; no lift without a holdout', () => {
		const plain = buildOutcomeReport(smallHistory.map((record) => ({ ...record, holdout: undefined, strategy: record.strategy ? 'learned' : null })));
		expect(plain.agents.map((row) => row.weightedShare)).toEqual([0.5, 0.5]);
		expect(plain.summary.fairness.gini).toBe(0);
		expect(plain.summary.lift).toBeNull();
	});

	it("times a lead's response from the agent's accept when the CRM's contacted row carries no time", () => {
		const snapshot = { leadId: 'R1', product: 'auto', state: 'FL', source: { channel: 'referral' }, score: null, dedupeKey: 'r1' };
		const row = (event: 'assigned' | 'accepted' | 'contacted', at: string, responseSeconds: number | null, slaMet: boolean | null) => ({
			leadId: 'R1', agentId: 'a1', event, at, value: null, responseSeconds, slaMet, strategy: 'roundRobin', propensity: 1, lead: snapshot,
		});
		const report = buildOutcomeReport([
			row('assigned', '2026-11-02T14:00:00.000Z', null, null),
			row('accepted', '2026-11-02T14:02:00.000Z', 120, true),
			row('contacted', '2026-11-02T14:10:00.000Z', null, null),
		]);
		expect(report.summary).toMatchObject({ responseP50Seconds: 120, slaHitRate: 1 });
		expect(report.agents[0]).toMatchObject({ agentId: 'a1', responseP50Seconds: 120 });
		// A timed contact is speed to contact, the figure the report is about: it wins over a timed accept.
		const contacted = buildOutcomeReport([
			row('assigned', '2026-11-02T14:00:00.000Z', null, null),
			row('accepted', '2026-11-02T14:00:30.000Z', 30, true),
			row('contacted', '2026-11-02T14:20:00.000Z', 1200, false),
		]);
		expect(contacted.summary).toMatchObject({ responseP50Seconds: 1200, slaHitRate: 0 });
	});

	it('is empty but well-formed with no records', () => {
		const empty = buildOutcomeReport([]);
		expect(empty.agents).toEqual([]);
		expect(empty.summary).toMatchObject({ leads: 0, contactRate: null, responseP50Seconds: null, lift: null, fairness: { gini: null } });
	});
});

describe('lift of the learned strategy over the holdout', () => {
	it('recovers a known lift with a 95% interval that covers it and excludes zero', () => {
		const experiment = simulateExperiment(20000, 7);
		const trueLift = experiment.trueLearned - experiment.trueHoldout; // 0.2425 - 0.1625 = 0.08
		const lift = estimateLift(experiment.records)!;
		expect(lift.method).toBe('hajek');
		expect(lift.ci.low).toBeLessThan(trueLift);
		expect(lift.ci.high).toBeGreaterThan(trueLift);
		expect(lift.significant).toBe(true);
		expect(lift.ci.high - lift.ci.low).toBeLessThan(0.04);
		expect(lift.learned.leads + lift.holdout.leads).toBe(20000);
		expect(lift.holdout.leads / 20000).toBeCloseTo(0.2, 1);
	});

	it('uses the design holdout rate when given (Horvitz-Thompson) and still covers the truth', () => {
		const experiment = simulateExperiment(20000, 11);
		const lift = estimateLift(experiment.records, { holdoutPercent: 20 })!;
		expect(lift.method).toBe('horvitzThompson');
		expect(lift.ci.low).toBeLessThan(0.08);
		expect(lift.ci.high).toBeGreaterThan(0.08);
	});

	it('finds no lift when the learned policy is no better than the holdout', () => {
		const experiment = simulateExperiment(20000, 3, [0.25, 0.25, 0.25, 0.25]);
		const lift = estimateLift(experiment.records)!;
		expect(lift.ci.low).toBeLessThan(0);
		expect(lift.ci.high).toBeGreaterThan(0);
		expect(lift.significant).toBe(false);
	});

	it('intervals cover the truth about 95% of the time over repeated experiments', () => {
		let covered = 0;
		const runs = 60;
		for (let seed = 1; seed <= runs; seed++) {
			const lift = estimateLift(simulateExperiment(2000, 1000 + seed).records)!;
			if (lift.ci.low <= 0.08 && lift.ci.high >= 0.08) covered++;
		}
		// 95% nominal: 57 of 60 expected; 52 is three standard deviations below.
		expect(covered).toBeGreaterThanOrEqual(52);
	});

	it('falls back to the holdout strategy name when records carry no holdout flag', () => {
		const records = simulateExperiment(4000, 5).records.map((record) => ({
			...record,
			holdout: undefined,
			strategy: record.strategy === 'learned:holdout' ? 'roundRobin' : record.strategy,
		}));
		const lift = estimateLift(records)!;
		expect(lift.holdout.leads).toBeGreaterThan(600);
		expect(lift.excludedLeads).toBe(0);
	});
});

describe('statistics helpers', () => {
	it('quantiles interpolate between ranks', () => {
		expect(quantileSorted([10], 0.9)).toBe(10);
		expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
		expect(quantileSorted([], 0.5)).toBeNull();
	});

	it('Gini is 0 for equal loads and (n-1)/n when one carries all', () => {
		expect(gini([2, 2, 2])).toBe(0);
		expect(gini([0, 0, 0, 5])).toBe(0.75);
	});

	it('normal critical values', () => {
		expect(normalCritical(0.95)).toBeCloseTo(1.959964, 5);
		expect(normalCritical(0.99)).toBeCloseTo(2.575829, 5);
	});
});
