/**
 * Many seeds in one command (`npm run simulate -- --seeds 1-60`): the issue's targets must hold for
 * any seed, not only the default one, so a single run cannot show them. Each seed is one run of the
 * simulator (a different team, skills and lead stream); this module checks every run against the
 * targets and says, per target, how many seeds meet it and which do not.
 */
import { mean, roundShare, spreadOf } from './metrics';
import type { SimulationSummary } from './simulate';

/** The issue's targets on the default scenario, after the window's outcomes. */
export const TARGETS = {
	/** Learned's relative lift in close rate over round robin. */
	minLearnedLift: 0.15,
	/** Learned's share of the oracle's lift over round robin. */
	minOracleLiftCaptured: 0.8,
	/** Most the learner may fall below round robin at any cold-start checkpoint, in points. */
	maxColdStartGapPoints: 1,
};

export type TargetName = 'learnedLift' | 'oracleLiftCaptured' | 'coldStart' | 'licenseViolations' | 'roundRobinFairness';

export interface TargetCheck {
	target: TargetName;
	passed: boolean;
	/** What the run measured, and the bound it was held to, in the summary's units. */
	value: number;
	bound: number;
}

/** One run against every target. */
export function targetChecks(summary: SimulationSummary): TargetCheck[] {
	const check = (target: TargetName, value: number, bound: number, passed: boolean): TargetCheck => ({ target, value, bound, passed });
	return [
		check('learnedLift', summary.learnedLiftOverRoundRobin, TARGETS.minLearnedLift, summary.learnedLiftOverRoundRobin >= TARGETS.minLearnedLift),
		check('oracleLiftCaptured', summary.oracleLiftCaptured, TARGETS.minOracleLiftCaptured, summary.oracleLiftCaptured >= TARGETS.minOracleLiftCaptured),
		check('coldStart', summary.worstColdStartGapPoints, TARGETS.maxColdStartGapPoints, summary.worstColdStartGapPoints <= TARGETS.maxColdStartGapPoints),
		check('licenseViolations', summary.licenseViolations, 0, summary.licenseViolations === 0),
		// Round robin's fairness bound is its own Max Lead setting in that run.
		check('roundRobinFairness', summary.maxRoundRobinDeviation, summary.roundRobinMaxLead, summary.maxRoundRobinDeviation <= summary.roundRobinMaxLead + 1e-9),
	];
}

/**
 * `1-60`, `7`, `1,5,9-12`: the seeds to run, in order, each once. Throws on anything else, so a
 * typo cannot quietly run fewer seeds than meant.
 */
export function parseSeeds(text: string): number[] {
	const seeds: number[] = [];
	for (const part of text.split(',')) {
		const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
		const from = match ? Number(match[1]) : NaN;
		const to = match?.[2] !== undefined ? Number(match[2]) : from;
		if (!match || to < from) throw new Error(`--seeds takes whole numbers and ranges such as 1-60 or 1,5,9-12 (got "${text}")`);
		for (let seed = from; seed <= to; seed++) if (!seeds.includes(seed)) seeds.push(seed);
	}
	return seeds;
}

export interface TargetTally {
	/** The bound, as the first run held it (round robin's is each run's own Max Lead). */
	bound: number;
	passed: number;
	failed: number;
	/** Seeds that missed, with what they measured. */
	misses: Array<{ seed: number; value: number }>;
}

export interface SeedsReport {
	seeds: number[];
	targets: Record<TargetName, TargetTally>;
	/** Seeds that met every target. */
	allTargets: number;
	oracleLiftCaptured: { mean: number; sd: number; lowest: number; highest: number };
	learnedLiftOverRoundRobin: { mean: number; lowest: number };
	/**
	 * With policy draws: each seed's captured share averaged over its draws of the policies' luck,
	 * and how many seeds reach the target on that average (a team, not one draw's luck).
	 */
	averageOverDraws?: { draws: number; passed: number; misses: Array<{ seed: number; value: number }> };
}

/** Every run's checks, tallied by target. */
export function seedsReport(summaries: SimulationSummary[]): SeedsReport {
	const targets = {} as Record<TargetName, TargetTally>;
	let allTargets = 0;
	for (const summary of summaries) {
		const checks = targetChecks(summary);
		if (checks.every((check) => check.passed)) allTargets++;
		for (const check of checks) {
			const tally = (targets[check.target] ??= { bound: check.bound, passed: 0, failed: 0, misses: [] });
			if (check.passed) tally.passed++;
			else {
				tally.failed++;
				tally.misses.push({ seed: summary.seed, value: check.value });
			}
		}
	}
	const captured = summaries.map((summary) => summary.oracleLiftCaptured);
	const lifts = summaries.map((summary) => summary.learnedLiftOverRoundRobin);
	const withDraws = summaries.filter((summary) => summary.policyDraws);
	const averages = withDraws.map((summary) => ({ seed: summary.seed, value: summary.policyDraws!.oracleLiftCaptured.mean }));
	return {
		seeds: summaries.map((summary) => summary.seed),
		targets,
		allTargets,
		oracleLiftCaptured: spreadOf(captured, roundShare),
		learnedLiftOverRoundRobin: { mean: roundShare(mean(lifts)), lowest: roundShare(Math.min(...lifts)) },
		...(withDraws.length
			? {
					averageOverDraws: {
						draws: withDraws[0].policyDraws!.policySeeds.length,
						passed: averages.filter((entry) => entry.value >= TARGETS.minOracleLiftCaptured).length,
						misses: averages.filter((entry) => entry.value < TARGETS.minOracleLiftCaptured),
					},
				}
			: {}),
	};
}

const TARGET_LABELS: Record<TargetName, (bound: number) => string> = {
	learnedLift: (bound) => `learned >= ${bound * 100}% lift over round robin`,
	oracleLiftCaptured: (bound) => `learned >= ${bound * 100}% of the oracle's lift`,
	coldStart: (bound) => `cold start never more than ${bound} point below round robin`,
	licenseViolations: () => 'no license violations',
	roundRobinFairness: () => 'round robin within its Max Lead',
};

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
/** Lift and captured share are fractions, shown as percentages; the rest are points or counts. */
const shownValue = (target: TargetName, value: number) => (target === 'learnedLift' || target === 'oracleLiftCaptured' ? pct(value) : String(value));
const missList = (target: TargetName, misses: Array<{ seed: number; value: number }>) =>
	misses.map((miss) => `${miss.seed} (${shownValue(target, miss.value)})`).join(', ');

/** One run's verdict in a line: the targets it missed, with what it measured. */
export function formatTargetChecks(checks: TargetCheck[]): string {
	const missed = checks.filter((check) => !check.passed);
	if (!missed.length) return `targets: all ${checks.length} met`;
	return `targets missed: ${missed.map((check) => `${TARGET_LABELS[check.target](check.bound)} (${shownValue(check.target, check.value)})`).join('; ')}`;
}

/** The report as text: one line per target, then the captured share's spread. */
export function formatSeedsReport(report: SeedsReport): string[] {
	const total = report.seeds.length;
	const lines = [`${total} seeds; every target met on ${report.allTargets} of ${total}`];
	for (const [target, tally] of Object.entries(report.targets) as Array<[TargetName, TargetTally]>) {
		lines.push(`  ${TARGET_LABELS[target](tally.bound).padEnd(58)} ${tally.passed}/${total}${tally.failed ? `; missed on ${missList(target, tally.misses)}` : ''}`);
	}
	const captured = report.oracleLiftCaptured;
	lines.push(
		`oracle's lift captured: mean ${pct(captured.mean)}, sd ${(captured.sd * 100).toFixed(1)} points, ${pct(captured.lowest)} to ${pct(captured.highest)}; lift over round robin: mean ${pct(report.learnedLiftOverRoundRobin.mean)}, lowest ${pct(report.learnedLiftOverRoundRobin.lowest)}`,
	);
	if (report.averageOverDraws) {
		const { draws, passed, misses } = report.averageOverDraws;
		lines.push(
			`averaged over ${draws} draws of the policies' luck per seed: >= ${TARGETS.minOracleLiftCaptured * 100}% of the oracle's lift on ${passed}/${total}${misses.length ? `; missed on ${missList('oracleLiftCaptured', misses)}` : ''}`,
		);
	}
	return lines;
}

/**
 * Runs `runSeed` for every seed, at most `jobs` at a time, and returns the summaries in seed order
 * whatever order they finish in. `onDone` hears of each run as it ends (for progress lines).
 */
export async function runSeeds(
	seeds: number[],
	jobs: number,
	runSeed: (seed: number) => Promise<SimulationSummary>,
	onDone?: (summary: SimulationSummary) => void,
): Promise<SimulationSummary[]> {
	const results = new Array<SimulationSummary>(seeds.length);
	let next = 0;
	const worker = async () => {
		while (next < seeds.length) {
			const index = next++;
			results[index] = await runSeed(seeds[index]);
			onDone?.(results[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, seeds.length)) }, worker));
	return results;
}
