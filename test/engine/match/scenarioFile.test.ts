/** Scenario files for the simulator: a partial scenario over the defaults, bad fields named. */
import { join } from 'node:path';

import { DEFAULT_SCENARIO } from '../../../bench/simulate/scenario';
import { scenarioFrom, scenarioFromFile } from '../../../bench/simulate/scenarioFile';
import { simulate, summarize } from '../../../bench/simulate/simulate';

describe('simulator scenario files', () => {
	it('lays the file over the defaults', () => {
		const config = scenarioFrom({ agents: 5, products: { auto: 0.2 }, states: ['TX'] });
		expect(config.agents).toBe(5);
		expect(config.products).toEqual({ auto: 0.2 });
		expect(config.states).toEqual(['TX']);
		expect(config.channels).toEqual(DEFAULT_SCENARIO.channels);
		expect(config.leadsPerDay).toBe(DEFAULT_SCENARIO.leadsPerDay);
	});

	it.each([
		[{ products: { auto: 1.4 } }, /scenario\.products\.auto must be a close rate between 0 and 1/],
		[{ channels: { web: 0 } }, /scenario\.channels\.web must be a multiplier above 0/],
		[{ states: ['Texas'] }, /scenario\.states must be a list of two-letter state codes/],
		[{ agents: 2.5 }, /scenario\.agents must be a whole number/],
		[{ licenseCoverage: 3 }, /scenario\.licenseCoverage must be at most 1/],
		[{ outcomeDelayDays: [3, 1] }, /scenario\.outcomeDelayDays must be \[fewest, most\] days/],
		[{ agentz: 5 }, /scenario\.agentz is not a setting/],
		[[1, 2], /scenario must be a JSON object/],
	])('refuses %j, naming the field', (input, message) => {
		expect(() => scenarioFrom(input)).toThrow(message);
	});

	it('runs the example small-agency scenario: no licence violations, the summary is complete', () => {
		const config = scenarioFromFile(join(__dirname, '../../../bench/simulate/scenarios/small-agency.json'));
		const result = simulate({ ...config, days: 12, outcomes: 200 }, { policies: ['roundRobin', 'learned', 'oracle'] });
		const summary = summarize(result);
		expect(summary.licenseViolations).toBe(0);
		expect(Object.keys(summary.policies).sort()).toEqual(['learned', 'oracle', 'roundRobin']);
		expect(summary.maxRoundRobinDeviation).toBeLessThanOrEqual(summary.roundRobinMaxLead);
	});
});
