/** The simulator across many seeds: parsing --seeds, checking runs against the targets, tallying them. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_SCENARIO } from '../../../bench/simulate/scenario';
import type { SeedsReport } from '../../../bench/simulate/seeds';
import { formatSeedsReport, formatTargetChecks, parseSeeds, runSeeds, seedsReport, targetChecks, TARGETS } from '../../../bench/simulate/seeds';
import type { SimulationSummary } from '../../../bench/simulate/simulate';
import { simulate, summarize } from '../../../bench/simulate/simulate';

const ROOT = join(__dirname, '../../..');
// A team small and short enough to run in a few seconds, with the three policies the targets compare.
const SMALL = { days: 10, leadsPerDay: 40, outcomes: 150, agents: 5 };
const POLICIES = ['roundRobin', 'learned', 'oracle'] as const;
const runOf = (seed: number) => summarize(simulate({ ...DEFAULT_SCENARIO, ...SMALL, seed }, { policies: [...POLICIES] }));

describe('parseSeeds', () => {
	it('reads ranges and single seeds, in order, each once', () => {
		expect(parseSeeds('1-3')).toEqual([1, 2, 3]);
		expect(parseSeeds('7, 2-3,2,10-11')).toEqual([7, 2, 3, 10, 11]);
	});

	it('refuses anything else rather than run fewer seeds than meant', () => {
		for (const bad of ['', 'a', '5-2', '1-', '1;2', '-3']) expect(() => parseSeeds(bad)).toThrow(/--seeds takes/);
	});
});

describe('targetChecks', () => {
	const run = runOf(3);
	const failing = (summary: SimulationSummary) => targetChecks(summary).filter((check) => !check.passed).map((check) => check.target);
	// A run that meets every target, then each measure moved just past its own bound.
	const meetsAll: SimulationSummary = { ...run, learnedLiftOverRoundRobin: 0.2, oracleLiftCaptured: 0.85, worstColdStartGapPoints: 0.4, licenseViolations: 0, maxRoundRobinDeviation: 2, roundRobinMaxLead: 3 };

	it('passes a run at or inside every bound', () => {
		expect(failing(meetsAll)).toEqual([]);
		expect(failing({ ...meetsAll, learnedLiftOverRoundRobin: TARGETS.minLearnedLift, oracleLiftCaptured: TARGETS.minOracleLiftCaptured, worstColdStartGapPoints: 1, maxRoundRobinDeviation: 3 })).toEqual([]);
		expect(formatTargetChecks(targetChecks(meetsAll))).toBe('targets: all 5 met');
	});

	it('fails exactly the target whose measure is past its bound', () => {
		expect(failing({ ...meetsAll, learnedLiftOverRoundRobin: 0.149 })).toEqual(['learnedLift']);
		expect(failing({ ...meetsAll, oracleLiftCaptured: 0.799 })).toEqual(['oracleLiftCaptured']);
		expect(failing({ ...meetsAll, worstColdStartGapPoints: 1.01 })).toEqual(['coldStart']);
		expect(failing({ ...meetsAll, licenseViolations: 1 })).toEqual(['licenseViolations']);
		// Round robin is held to the Max Lead of its own run.
		expect(failing({ ...meetsAll, maxRoundRobinDeviation: 3.5 })).toEqual(['roundRobinFairness']);
		expect(failing({ ...meetsAll, maxRoundRobinDeviation: 3.5, roundRobinMaxLead: 4 })).toEqual([]);
	});

	it('says which targets a run missed and what it measured', () => {
		const line = formatTargetChecks(targetChecks({ ...meetsAll, oracleLiftCaptured: 0.785, licenseViolations: 2 }));
		expect(line).toBe("targets missed: learned >= 80% of the oracle's lift (78.5%); no license violations (2)");
	});
});

describe('seedsReport', () => {
	const base = runOf(3);
	const summaries: SimulationSummary[] = [
		{ ...base, seed: 1, learnedLiftOverRoundRobin: 0.3, oracleLiftCaptured: 0.9, worstColdStartGapPoints: 0 },
		{ ...base, seed: 2, learnedLiftOverRoundRobin: 0.1, oracleLiftCaptured: 0.7, worstColdStartGapPoints: 0 },
		{ ...base, seed: 5, learnedLiftOverRoundRobin: 0.2, oracleLiftCaptured: 0.8, worstColdStartGapPoints: 1.5 },
	].map((summary) => ({ ...summary, licenseViolations: 0, maxRoundRobinDeviation: 1, roundRobinMaxLead: 3 }));
	const report = seedsReport(summaries);

	it('counts, per target, the seeds that meet it and lists those that miss', () => {
		expect(report.seeds).toEqual([1, 2, 5]);
		expect(report.targets.learnedLift).toMatchObject({ passed: 2, failed: 1, misses: [{ seed: 2, value: 0.1 }] });
		expect(report.targets.oracleLiftCaptured).toMatchObject({ passed: 2, failed: 1, misses: [{ seed: 2, value: 0.7 }] });
		expect(report.targets.coldStart).toMatchObject({ passed: 2, failed: 1, misses: [{ seed: 5, value: 1.5 }] });
		expect(report.targets.licenseViolations).toMatchObject({ passed: 3, failed: 0 });
		expect(report.allTargets).toBe(1);
	});

	it("summarises the captured share's spread across seeds", () => {
		expect(report.oracleLiftCaptured).toEqual({ mean: 0.8, sd: 0.1, lowest: 0.7, highest: 0.9 });
		expect(report.learnedLiftOverRoundRobin).toEqual({ mean: 0.2, lowest: 0.1 });
		expect(report.averageOverDraws).toBeUndefined();
	});

	it('with policy draws, also judges each seed by its average over the draws', () => {
		const draws = (mean: number) => ({ policySeeds: [1, 2, 3], oracleLiftCaptured: { mean, sd: 0.05, lowest: mean - 0.05, highest: mean + 0.05 } });
		const withDraws = seedsReport(summaries.map((summary, index) => ({ ...summary, policyDraws: draws([0.82, 0.83, 0.79][index]) })));
		expect(withDraws.averageOverDraws).toEqual({ draws: 3, passed: 2, misses: [{ seed: 5, value: 0.79 }] });
		expect(formatSeedsReport(withDraws).at(-1)).toBe("averaged over 3 draws of the policies' luck per seed: >= 80% of the oracle's lift on 2/3; missed on 5 (79.0%)");
	});

	it('prints one line per target with the seeds that missed', () => {
		const lines = formatSeedsReport(report);
		expect(lines[0]).toBe('3 seeds; every target met on 1 of 3');
		expect(lines.find((line) => line.includes("of the oracle's lift"))).toMatch(/2\/3; missed on 2 \(70\.0%\)$/);
		expect(lines.find((line) => line.includes('cold start'))).toMatch(/2\/3; missed on 5 \(1\.5\)$/);
	});
});

describe('runSeeds', () => {
	it('runs every seed once, no more than `jobs` at a time, and returns them in seed order', async () => {
		let running = 0;
		let most = 0;
		const started: number[] = [];
		const finished: number[] = [];
		const fake = async (seed: number) => {
			started.push(seed);
			running++;
			most = Math.max(most, running);
			// Later seeds finish first, so the order returned cannot come from the order of finishing.
			await new Promise((resolve) => setTimeout(resolve, (10 - seed) * 3));
			running--;
			return { seed } as SimulationSummary;
		};
		const results = await runSeeds([1, 2, 3, 4, 5, 6], 2, fake, (summary) => finished.push(summary.seed));
		expect(results.map((summary) => summary.seed)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(started.sort()).toEqual([1, 2, 3, 4, 5, 6]);
		expect(most).toBe(2);
		expect(finished).not.toEqual([1, 2, 3, 4, 5, 6]);
	});
});

describe('npm run simulate -- --seeds', () => {
	let report: SeedsReport;
	let output: string[];
	beforeAll(() => {
		const args = ['scripts/run-ts.mjs', 'bench/simulate/cli.ts', '--seeds', '3-4', '--jobs', '2', '--json', '--policies', POLICIES.join(',')];
		const small = ['--days', SMALL.days, '--leads-per-day', SMALL.leadsPerDay, '--outcomes', SMALL.outcomes, '--agents', SMALL.agents].map(String);
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		output = execFileSync(process.execPath, [...args, ...small], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');
		report = JSON.parse(output.at(-1)!) as SeedsReport;
	}, 60_000);

	it('runs each seed with the other flags, as a single run of that seed would', () => {
		expect(report.seeds).toEqual([3, 4]);
		const single = [runOf(3), runOf(4)];
		const captured = single.map((summary) => summary.oracleLiftCaptured);
		expect(report.oracleLiftCaptured.lowest).toBe(Math.min(...captured));
		expect(report.oracleLiftCaptured.highest).toBe(Math.max(...captured));
		expect(report).toEqual(seedsReport(single));
	});

	it('prints a line per seed as it finishes, then the report, then the JSON', () => {
		expect(output.filter((line) => /^seed \d: lift /.test(line))).toHaveLength(2);
		expect(output).toContain(formatSeedsReport(report)[0]);
	});
});
