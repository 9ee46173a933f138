/** A small, fast run of the routing simulator: licensing is never violated and learning pays. */
import { DEFAULT_SCENARIO } from '../../../bench/simulate/scenario';
import { simulate, summarize } from '../../../bench/simulate/simulate';

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
});
