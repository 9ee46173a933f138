/**
 * Time to build the learned model (tallies + random forest) from 1,000 / 5,000 / 10,000 / 20,000
 * outcomes on the node's async path (one tree per event-loop turn), the longest event-loop block
 * while doing it (monitorEventLoopDelay, and a 1 ms setInterval probe), and the cost of a batch of
 * decisions with the forest prior.
 * node scripts/run-ts.mjs bench/match/train.ts [--trees N] [--max-rows N] [--rows-per-tree N] [--depth N] [--min-leaf N] [--no-score]
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

import { createMatchContext } from '../../engine/match/context';
import { learningExamples } from '../../engine/match/learned/outcomes';
import { historyFingerprint, modelFromExamplesAsync } from '../../engine/match/learned/model';
import { matchLeads } from '../../engine/match/matchLead';
import { resolveMatchOptions } from '../../engine/match/options';
import { seededRandom } from '../../engine/random';
import type { OutcomeRecord } from '../../engine/types';
import { buildWorld, DEFAULT_SCENARIO, trueCloseRate } from '../simulate/scenario';

const flag = (name: string) => {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? Number(process.argv[index + 1]) : undefined;
};
const forestOptions = {
	...(flag('trees') !== undefined ? { trees: flag('trees') } : {}),
	...(flag('max-rows') !== undefined ? { maxRows: flag('max-rows') } : {}),
	...(flag('rows-per-tree') !== undefined ? { rowsPerTree: flag('rows-per-tree') } : {}),
	...(flag('depth') !== undefined ? { maxDepth: flag('depth') } : {}),
	...(flag('min-leaf') !== undefined ? { minLeafRows: flag('min-leaf') } : {}),
};
// With a lead score (Lead Score's 0-100) every segment splits into ten score bins: ten times the
// cells, the worst case for the forest's row count. --no-score measures the simulator's shape.
const withScore = !process.argv.includes('--no-score');

/** Round-robin history over the simulator's world, won or lost by the world's true close rates. */
function historyOf(outcomes: number): { records: OutcomeRecord[]; world: ReturnType<typeof buildWorld> } {
	const world = buildWorld({ ...DEFAULT_SCENARIO, days: Math.ceil(outcomes / DEFAULT_SCENARIO.leadsPerDay) + 1 });
	const random = seededRandom(11);
	const records: OutcomeRecord[] = [];
	world.leads.slice(0, outcomes).forEach((lead, index) => {
		const agent = world.agents[index % world.agents.length];
		const score = withScore ? Math.floor(random() * 100) : null;
		const snapshot = { leadId: lead.leadId, product: lead.product, state: lead.state, source: { channel: lead.channel }, score, dedupeKey: `${lead.leadId}@x` };
		const base = { leadId: lead.leadId, agentId: agent.id, value: null, responseSeconds: null, slaMet: null, strategy: 'roundRobin', propensity: 1, lead: snapshot };
		records.push({ ...base, event: 'assigned', at: lead.arrivedAt.toISOString() });
		const won = lead.u < trueCloseRate(world, agent.id, lead);
		records.push({ ...base, event: won ? 'won' : 'lost', at: new Date(lead.arrivedAt.getTime() + lead.revealAfterMs).toISOString() });
	});
	return { records, world };
}

async function main() {
	console.log(`forest options ${JSON.stringify(forestOptions)}, lead score ${withScore ? 'present' : 'absent'}`);
	for (const outcomes of [1000, 5000, 10000, 20000]) {
		const { records, world } = historyOf(outcomes);
		// What the node does synchronously before it can look the model up in its cache.
		const lookupStarted = performance.now();
		const examples = learningExamples(records);
		historyFingerprint(examples);
		const lookupMs = performance.now() - lookupStarted;
		const monitor = monitorEventLoopDelay({ resolution: 1 });
		// A second, independent probe: the longest gap between 1 ms interval ticks.
		let last = performance.now();
		let longestGap = 0;
		const probe = setInterval(() => {
			const now = performance.now();
			longestGap = Math.max(longestGap, now - last);
			last = now;
		}, 1);
		monitor.enable();
		await new Promise((resolve) => setTimeout(resolve, 5));
		let turns = 0;
		// The longest synchronous step of training itself (from one resume to the next pause): what
		// the event loop would see on an idle machine, apart from other work the process does.
		let longestStep = 0;
		let longestStepCpu = 0;
		const started = performance.now();
		let resumed = started;
		let resumedCpu = process.cpuUsage();
		const model = await modelFromExamplesAsync(examples, { forest: true, forestMinOutcomes: 200, forestOptions }, async () => {
			turns++;
			longestStep = Math.max(longestStep, performance.now() - resumed);
			const cpu = process.cpuUsage(resumedCpu);
			longestStepCpu = Math.max(longestStepCpu, (cpu.user + cpu.system) / 1000);
			await new Promise<void>((resolve) => setImmediate(resolve));
			resumed = performance.now();
			resumedCpu = process.cpuUsage();
		});
		longestStep = Math.max(longestStep, performance.now() - resumed);
		const lastCpu = process.cpuUsage(resumedCpu);
		longestStepCpu = Math.max(longestStepCpu, (lastCpu.user + lastCpu.system) / 1000);
		const trainMs = performance.now() - started;
		await new Promise((resolve) => setTimeout(resolve, 5));
		monitor.disable();
		clearInterval(probe);
		const now = new Date(Date.parse(records[records.length - 1].at) + 60_000);
		const context = createMatchContext({ agents: world.agents, records, now, options: resolveMatchOptions({ strategy: 'learned', learned: { forest: true } }), model });
		const leads = world.leads.slice(0, 100).map((lead) => ({ leadId: `${lead.leadId}-new`, product: lead.product, state: lead.state, source: { channel: lead.channel }, fields: {} }));
		const decideStarted = performance.now();
		matchLeads(leads, now, context);
		const decideMs = performance.now() - decideStarted;
		const forest = model.serializedForest;
		console.log(
			`${outcomes} outcomes: cache lookup (examples + fingerprint) ${lookupMs.toFixed(0)} ms, model ${(trainMs / 1000).toFixed(2)} s (${forest?.rows ?? 0} forest rows, ${forest?.trees.length ?? 0} trees, ${turns} event-loop turns), longest training step ${longestStep.toFixed(0)} ms (${longestStepCpu.toFixed(0)} ms CPU), longest event-loop block ${(monitor.max / 1e6).toFixed(0)} ms (interval probe ${longestGap.toFixed(0)} ms), model JSON ${(JSON.stringify(forest).length / 1024).toFixed(0)} KiB, 100 learned decisions ${decideMs.toFixed(0)} ms`,
		);
	}
}

void main();
