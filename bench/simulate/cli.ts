/**
 * npm run simulate -- [--scenario file.json] [--seed N] [--policy-seed N] [--json] [--agents N] [--skill-spread X]
 *   [--interaction-spread X] [--license-coverage X] [--days N]
 *   [--leads-per-day N] [--cap N] [--outcomes N] [--holdout P] [--no-brief-case]
 *   [--band B] [--margin M] [--switch-confidence P] [--confidence N] [--exploration N] [--prior-strength M]
 *   [--spreads A,AP,APC,S]   (learned strategy settings)
 *   [--distribution spread|exact] [--max-lead K] [--no-calibrate]   (round robin settings)
 *   [--no-forest] [--forest-strength K] [--forest-ramp N] [--trees N] [--depth D]
 *   [--rows-per-tree N] [--min-leaf N]   (the learned strategy's forest prior)
 *   [--policies roundRobin,learned,oracle[,mainEffectsOracle,bandOracle]]   (run only these; the summary needs
 *   the first three; mainEffectsOracle knows skills by product and channel but not their interactions;
 *   bandOracle knows the truth but keeps to the learned strategy's fairness band)
 *   [--explain [N]]   (the N segments, default 3, where learned lost most against the oracle: each agent's
 *   true rate, the learner's estimate and record when the window opened, and the leads each policy gave them)
 *   [--policy-draws K]   (rerun round robin and learned with policy seeds +1 .. +K-1 on the same world: the
 *   spread of the captured share that the policies' own luck gives)
 *   [--seeds 1-60 [--jobs N]]   (one run per seed, N at a time (default: one per core), checked against the
 *   targets: how many seeds meet each, and which miss; every other flag applies to each run)
 * Prints a table per policy; with --json the last line is one JSON summary object (with --seeds, the
 * report of every seed).
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { LevelSpreads } from '../../engine/match/learned/posterior';
import { DEFAULT_SCENARIO } from './scenario';
import { scenarioFromFile } from './scenarioFile';
import type { ScenarioConfig } from './scenario';
import { formatShortfall } from './explain';
import { simulate, summarize, type PolicyName, type SimulationSummary } from './simulate';
import { formatSeedsReport, formatTargetChecks, parseSeeds, runSeeds, seedsReport, targetChecks } from './seeds';

function flag(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : undefined;
}
const numberFlag = (name: string, fallback: number) => (flag(name) !== undefined ? Number(flag(name)) : fallback);
/** `--spreads agent,agentProduct,agentProductChannel,state` (relative spreads, see LevelSpreads). */
function spreadsFlag(value: string): LevelSpreads {
	const [agent, agentProduct, agentProductChannel, state] = value.split(',').map(Number);
	if (![agent, agentProduct, agentProductChannel, state].every((spread) => spread > 0)) {
		console.error('--spreads takes four positive numbers: agent,agentProduct,agentProductChannel,state (e.g. 0.3,0.5,0.3,0.1)');
		process.exit(2);
	}
	return { agent, agentProduct, agentProductChannel, state };
}

// A scenario file (any subset of ScenarioConfig) replaces the defaults; flags override both.
function baseScenario(): ScenarioConfig {
	if (flag('scenario') === undefined) return DEFAULT_SCENARIO;
	try {
		return scenarioFromFile(flag('scenario')!);
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
}
const base = baseScenario();
const config: ScenarioConfig = {
	...base,
	seed: numberFlag('seed', base.seed),
	agents: numberFlag('agents', base.agents),
	skillSpread: numberFlag('skill-spread', base.skillSpread),
	interactionSpread: numberFlag('interaction-spread', base.interactionSpread),
	licenseCoverage: numberFlag('license-coverage', base.licenseCoverage),
	days: numberFlag('days', base.days),
	leadsPerDay: numberFlag('leads-per-day', base.leadsPerDay),
	perDayCap: numberFlag('cap', base.perDayCap),
	outcomes: numberFlag('outcomes', base.outcomes),
	briefCase: base.briefCase && !process.argv.includes('--no-brief-case'),
};
const policies = flag('policies')?.split(',') as PolicyName[] | undefined;
// The summary compares learned with round robin and the oracle: without them it has nothing to say.
const missing = policies ? (['roundRobin', 'learned', 'oracle'] as const).filter((name) => !policies.includes(name)) : [];
if (missing.length) {
	console.error(`--policies must include roundRobin, learned and oracle (missing: ${missing.join(', ')})`);
	process.exit(2);
}
const draws = numberFlag('policy-draws', 1);
if (!Number.isInteger(draws) || draws < 1) {
	console.error('--policy-draws takes a whole number of draws, 1 or more (e.g. 5)');
	process.exit(2);
}
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** One seed (`--seed`): the table, the targets it misses, and with --json the summary as the last line. */
function runOne(): void {
	const result = simulate(config, {
		...(process.argv.includes('--no-calibrate') ? { calibrate: false } : {}),
		...(flag('distribution') !== undefined ? { distribution: flag('distribution') === 'exact' ? 'exact' : 'spread' } : {}),
		...(flag('max-lead') !== undefined ? { maxLead: numberFlag('max-lead', 3) } : {}),
		learned: {
			holdoutPercent: numberFlag('holdout', 0),
			...(flag('band') !== undefined ? { fairnessBand: numberFlag('band', 1) } : {}),
			...(flag('margin') !== undefined ? { fairnessMargin: numberFlag('margin', 0.8) } : {}),
			...(flag('switch-confidence') !== undefined ? { switchConfidence: numberFlag('switch-confidence', 0.8) } : {}),
			...(flag('confidence') !== undefined ? { confidenceOutcomes: numberFlag('confidence', 150) } : {}),
			...(flag('exploration') !== undefined ? { explorationOutcomes: numberFlag('exploration', 50) } : {}),
			...(flag('prior-strength') !== undefined ? { priorStrength: numberFlag('prior-strength', 8) } : {}),
			...(process.argv.includes('--no-forest') ? { forest: false } : process.argv.includes('--forest') ? { forest: true } : {}),
			...(flag('forest-strength') !== undefined ? { forestPriorStrength: numberFlag('forest-strength', 20) } : {}),
			...(flag('spreads') !== undefined ? { levelSpreads: spreadsFlag(flag('spreads')!) } : {}),
			...(flag('forest-ramp') !== undefined ? { forestRampOutcomes: numberFlag('forest-ramp', 1000) } : {}),
		},
		forestOptions: {
			...(flag('trees') !== undefined ? { trees: numberFlag('trees', 16) } : {}),
			...(flag('depth') !== undefined ? { maxDepth: numberFlag('depth', 10) } : {}),
			...(flag('rows-per-tree') !== undefined ? { rowsPerTree: numberFlag('rows-per-tree', 400) } : {}),
			...(flag('min-leaf') !== undefined ? { minLeafRows: numberFlag('min-leaf', 10) } : {}),
		},
		...(policies ? { policies } : {}),
		...(flag('policy-seed') !== undefined ? { policySeed: numberFlag('policy-seed', 0) } : {}),
		...(process.argv.includes('--explain') ? { explain: true } : {}),
		policyDraws: draws,
	});
	const summary = summarize(result);
	const rr = result.policies.roundRobin.closeRate;
	console.log(`seed ${config.seed}: ${config.agents} agents, ${config.days} days x ${config.leadsPerDay} leads, cap ${config.perDayCap}/day, skill spread ${config.skillSpread}; evaluated on ${result.evaluationLeads} leads after ${config.outcomes} outcomes`);
	console.log('policy      close rate  lift vs RR  license viol.  max lead (raw)  Gini/weight  unassigned');
	for (const [name, policy] of Object.entries(result.policies)) {
		console.log(
			`${name.padEnd(11)} ${pct(policy.closeRate).padStart(10)}  ${pct(policy.closeRate / rr - 1).padStart(10)}  ${String(policy.licenseViolations).padStart(12)}  ${`${policy.maxShareDeviation.toFixed(2)} (${policy.maxRawLead.toFixed(2)})`.padStart(14)}  ${policy.giniPerWeight.toFixed(3).padStart(11)}  ${String(policy.unassigned).padStart(10)}`,
		);
	}
	console.log(`learned captures ${pct(summary.oracleLiftCaptured)} of the oracle's lift; worst cold-start gap ${summary.worstColdStartGapPoints} points; model build ${summary.trainSeconds}s in total${summary.learnedEstimateCostPoints !== undefined ? `; its estimates at the window's start lose ${summary.learnedEstimateCostPoints} points per lead against the truth` : ''}`);
	console.log(formatTargetChecks(targetChecks(summary)));
	console.log(`cold start (cumulative close rate per 100 leads), learned vs round robin: ${result.policies.learned.coldStartCurve.slice(0, 10).map((v, i) => `${pct(v)}/${pct(result.policies.roundRobin.coldStartCurve[i])}`).join(' ')}`);
	if (summary.policyDraws) {
		const { policySeeds, oracleLiftCaptured: captured } = summary.policyDraws;
		console.log(
			`over ${policySeeds.length} draws of the policies' luck (policy seeds ${policySeeds.join(', ')}): learned captures ${pct(captured.mean)} of the oracle's lift on average (sd ${(captured.sd * 100).toFixed(1)} points), ${pct(captured.lowest)} to ${pct(captured.highest)}; ${result.draws!.map((draw) => pct(draw.oracleLiftCaptured)).join(', ')}`,
		);
	}
	if (result.shortfalls) {
		// `--explain` may be followed by how many segments to show (anything else is the next flag).
		const count = Number(flag('explain'));
		for (const line of formatShortfall(result.shortfalls, Number.isInteger(count) && count > 0 ? count : 3)) console.log(line);
	}
	if (process.argv.includes('--json')) console.log(JSON.stringify(summary));
}

/**
 * Every seed of `--seeds`, each in its own process running this same program with `--seed S --json`
 * (and every other flag), `--jobs` at a time: the runs are independent and CPU-bound.
 */
async function runMany(seeds: number[]): Promise<void> {
	const jobs = flag('jobs') !== undefined ? Number(flag('jobs')) : availableParallelism();
	if (!Number.isInteger(jobs) || jobs < 1) {
		console.error('--jobs takes a whole number of runs at a time, 1 or more');
		process.exit(2);
	}
	// Each run gets every flag but these, which the sweep sets itself.
	const setHere = ['--seeds', '--jobs', '--seed'];
	const passOn = process.argv.slice(2).filter((arg, index, args) => arg !== '--json' && !setHere.includes(arg) && !setHere.includes(args[index - 1]));
	const runSeed = (seed: number) =>
		new Promise<SimulationSummary>((resolve, reject) => {
			// A benchmark's own program, not a node: the rule is for code that ships in nodes/.
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
			const child = fork(__filename, [...passOn, '--seed', String(seed), '--json'], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
			let output = '';
			child.stdout!.on('data', (chunk) => (output += chunk));
			child.on('exit', (code) => {
				const last = output.trim().split('\n').pop() ?? '';
				if (code === 0) resolve(JSON.parse(last) as SimulationSummary);
				else reject(new Error(`seed ${seed} exited with ${code}`));
			});
		});
	const summaries = await runSeeds(seeds, jobs, runSeed, (summary) =>
		console.log(`seed ${summary.seed}: lift ${pct(summary.learnedLiftOverRoundRobin)}, oracle's lift captured ${pct(summary.oracleLiftCaptured)}${summary.policyDraws ? ` (mean of ${summary.policyDraws.policySeeds.length} draws ${pct(summary.policyDraws.oracleLiftCaptured.mean)})` : ''}, cold-start gap ${summary.worstColdStartGapPoints}`),
	);
	const report = seedsReport(summaries);
	for (const line of formatSeedsReport(report)) console.log(line);
	if (process.argv.includes('--json')) console.log(JSON.stringify(report));
}

if (flag('seeds') === undefined) runOne();
else {
	let seeds: number[] = [];
	try {
		seeds = parseSeeds(flag('seeds')!);
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
	runMany(seeds).catch((error: Error) => {
		console.error(error.message);
		process.exit(1);
	});
}
