/**
 * What the joint skill estimates (engine/match/learned/skillGrid.ts) cost on top of the tallies the
 * chain alone needs, side by side in one run: teams of 8 to 40 agents, 15 to 60 products x channels,
 * 2,000 to 20,000 outcomes. Prints the tallying time (the baseline), the skill fit in one go and in
 * turns (as the node fits it, a turn per agent), the ratio, and the longest synchronous step of the
 * fit in turns: what n8n's event loop would wait for (the issue allows 100 ms). Then what one new
 * outcome between checkpoints costs: refitting everything against refitting its agent.
 * node scripts/run-ts.mjs bench/match/skills.ts [--repeat N]
 */
import { performance } from 'node:perf_hooks';

import type { LearningExample } from '../../engine/match/learned/outcomes';
import { DEFAULT_LEVEL_SPREADS, tallyOutcomes } from '../../engine/match/learned/posterior';
import { modelFromExamples, skillBaseCount } from '../../engine/match/learned/model';
import { estimateSkills, estimateSkillsInTurns, forgetFits, skillsFor } from '../../engine/match/learned/skillGrid';
import { buildWorld, DEFAULT_SCENARIO, trueCloseRate } from '../simulate/scenario';
import { median } from '../stats';

const repeatIndex = process.argv.indexOf('--repeat');
const repeat = repeatIndex >= 0 ? Number(process.argv[repeatIndex + 1]) : 3;

interface Team {
	agents: number;
	products: number;
	channels: number;
	outcomes: number;
}

/** A simulated team's outcomes, each lead to a random agent (the agents' true rates decide the win). */
function examplesFor(team: Team): LearningExample[] {
	const products = Object.fromEntries(Array.from({ length: team.products }, (_, index) => [`product${index}`, 0.1 + (0.2 * index) / team.products]));
	const channels = Object.fromEntries(Array.from({ length: team.channels }, (_, index) => [`channel${index}`, 0.6 + index / team.channels]));
	const world = buildWorld({ ...DEFAULT_SCENARIO, seed: 5, agents: team.agents, products, channels, briefCase: false, days: Math.ceil(team.outcomes / DEFAULT_SCENARIO.leadsPerDay) + 1 });
	const productNames = Object.keys(products);
	return world.leads.slice(0, team.outcomes).map((lead, index) => {
		const agent = world.agents[index % world.agents.length];
		const product = productNames[index % productNames.length];
		const segment = { product, channel: lead.channel, state: lead.state };
		return { leadId: lead.leadId, agentId: agent.id, ...segment, score: null, won: lead.u < trueCloseRate(world, agent.id, segment), at: lead.arrivedAt.toISOString() };
	});
}

async function fitInTurns(examples: LearningExample[]): Promise<{ ms: number; longestStepMs: number; turns: number }> {
	const tables = tallyOutcomes(examples);
	let longestStepMs = 0;
	let turns = 0;
	const started = performance.now();
	let resumed = started;
	await estimateSkillsInTurns(tables, DEFAULT_LEVEL_SPREADS, async () => {
		turns++;
		longestStepMs = Math.max(longestStepMs, performance.now() - resumed);
		await new Promise<void>((resolve) => setImmediate(resolve));
		resumed = performance.now();
	});
	longestStepMs = Math.max(longestStepMs, performance.now() - resumed);
	return { ms: performance.now() - started, longestStepMs, turns };
}

/**
 * What one new outcome costs, model and estimates together: refitting everything (session 14, and
 * still what a checkpoint costs) against refitting only the agent it belongs to, with the base rates
 * of the last checkpoint and the previous execution's fits remembered (as a worker keeps them).
 */
function afterOneOutcome(examples: LearningExample[]): { everything: number; checkpointed: number } {
	let count = examples.length;
	// The newest outcome must not cross a checkpoint: that execution refits everything anyway.
	while (skillBaseCount(count) !== skillBaseCount(count - 1)) count--;
	const before = modelFromExamples(examples.slice(0, count - 1));
	forgetFits();
	let started = performance.now();
	const model = modelFromExamples(examples.slice(0, count));
	estimateSkills(model.tables, DEFAULT_LEVEL_SPREADS);
	const everything = performance.now() - started;
	forgetFits();
	skillsFor(before.tables, DEFAULT_LEVEL_SPREADS, before.skillBase);
	started = performance.now();
	const next = modelFromExamples(examples.slice(0, count));
	skillsFor(next.tables, DEFAULT_LEVEL_SPREADS, next.skillBase);
	return { everything, checkpointed: performance.now() - started };
}

async function main() {
	const teams: Team[] = [
		{ agents: 8, products: 5, channels: 3, outcomes: 2000 },
		{ agents: 8, products: 5, channels: 3, outcomes: 10000 },
		{ agents: 20, products: 5, channels: 3, outcomes: 10000 },
		{ agents: 20, products: 10, channels: 6, outcomes: 20000 },
		{ agents: 40, products: 10, channels: 6, outcomes: 20000 },
	];
	console.log(`median of ${repeat} runs each\n`);
	console.log(
		'| agents | products x channels | outcomes | tallies (chain only), ms | skill fit in one go, ms | ratio | fit in turns, ms | turns | longest step, ms | one new outcome: model + fit of everything, ms | model + fit of its agent, ms | ratio |',
	);
	console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
	for (const team of teams) {
		const examples = examplesFor(team);
		const tally: number[] = [];
		const once: number[] = [];
		const turns: Array<{ ms: number; longestStepMs: number; turns: number }> = [];
		const oneMore: Array<{ everything: number; checkpointed: number }> = [];
		for (let run = 0; run < repeat; run++) {
			let started = performance.now();
			const tables = tallyOutcomes(examples);
			tally.push(performance.now() - started);
			// Every fit from scratch: remembered fits would make the second run free.
			forgetFits();
			started = performance.now();
			estimateSkills(tables, DEFAULT_LEVEL_SPREADS);
			once.push(performance.now() - started);
			forgetFits();
			turns.push(await fitInTurns(examples));
			oneMore.push(afterOneOutcome(examples));
		}
		const fit = median(once);
		const everything = median(oneMore.map((entry) => entry.everything));
		const checkpointed = median(oneMore.map((entry) => entry.checkpointed));
		console.log(
			`| ${team.agents} | ${team.products} x ${team.channels} | ${team.outcomes.toLocaleString('en-US')} | ${median(tally).toFixed(1)} | ${fit.toFixed(0)} | ${(fit / median(tally)).toFixed(0)}x | ${median(turns.map((t) => t.ms)).toFixed(0)} | ${turns[0].turns} | ${Math.max(...turns.map((t) => t.longestStepMs)).toFixed(0)} | ${everything.toFixed(0)} | ${checkpointed.toFixed(0)} | ${(everything / checkpointed).toFixed(1)}x |`,
		);
	}
}

void main();
