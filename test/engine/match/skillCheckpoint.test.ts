/**
 * The skill estimates between checkpoints: base rates fitted on History as of the last checkpoint,
 * every agent on their whole record. What must hold: the checkpoint is a function of History alone,
 * a new outcome refits only its agent, and the estimates stay close to a fit on everything.
 */
import { inForestOrder, modelFromExamples, modelFromExamplesAsync, posteriorFor, SKILL_BASE_MIN_OUTCOMES, skillBaseCount } from '../../../engine/match/learned/model';
import type { LearningExample } from '../../../engine/match/learned/outcomes';
import { DEFAULT_LEVEL_SPREADS, tallyOutcomes } from '../../../engine/match/learned/posterior';
import { estimateSkills, skillMoments, skillsFor } from '../../../engine/match/learned/skillGrid';
import { withoutOutcomes } from '../../../engine/match/learned/tallies';
import { seededRandom } from '../../../engine/random';

const AGENTS = ['ava', 'ben', 'cara', 'dev', 'eli', 'fay'];
const PRODUCTS = ['auto', 'home', 'life'];
const CHANNELS = ['referral', 'paid_search', 'aggregator'];

/** A team's outcomes in the order they were logged, an hour apart, each agent closing at their own rate. */
function stream(count: number, seed = 3): LearningExample[] {
	const random = seededRandom(seed);
	const skill = new Map(AGENTS.map((agent, index) => [agent, 0.6 + 0.15 * index]));
	return Array.from({ length: count }, (_, index) => {
		const agentId = AGENTS[Math.floor(random() * AGENTS.length)];
		const product = PRODUCTS[Math.floor(random() * PRODUCTS.length)];
		const channel = CHANNELS[Math.floor(random() * CHANNELS.length)];
		const rate = 0.2 * skill.get(agentId)! * (channel === 'referral' ? 1.6 : channel === 'aggregator' ? 0.6 : 1);
		return { leadId: `lead-${index}`, agentId, product, channel, state: 'FL', score: null, won: random() < rate, at: new Date(Date.UTC(2026, 0, 1) + index * 3_600_000).toISOString() };
	});
}

const skillsOf = (model: ReturnType<typeof modelFromExamples>) => skillsFor(model.tables, DEFAULT_LEVEL_SPREADS, model.skillBase);

describe('Skill estimates between checkpoints (model.ts skillBaseCount, skillGrid.ts)', () => {
	it('takes its checkpoints every 10% of growth from 200 outcomes, and every outcome below', () => {
		expect(skillBaseCount(150)).toBe(150);
		expect(skillBaseCount(SKILL_BASE_MIN_OUTCOMES)).toBe(200);
		expect(skillBaseCount(219)).toBe(200);
		expect(skillBaseCount(220)).toBe(220);
		const at2000 = skillBaseCount(2000);
		expect(at2000).toBeLessThanOrEqual(2000);
		expect(at2000 * 1.1).toBeGreaterThanOrEqual(2000 - 1);
	});

	it("untallies the outcomes since the checkpoint into exactly the checkpoint's own tallies", () => {
		const examples = stream(500);
		const ordered = inForestOrder(examples);
		expect(withoutOutcomes(tallyOutcomes(examples), ordered.slice(300))).toEqual(tallyOutcomes(ordered.slice(0, 300)));
	});

	it('keeps the base of the last checkpoint: the model of 230 outcomes fits its base rates on the first 220, oldest first, in any row order', () => {
		const examples = stream(230);
		const model = modelFromExamples(examples);
		expect(model.skillBase?.outcomes).toBe(220);
		expect(model.skillBase).toEqual(tallyOutcomes(examples.slice(0, 220)));
		expect(modelFromExamples([...examples].reverse()).skillBase).toEqual(model.skillBase);
		// At a checkpoint the base is History itself.
		expect(modelFromExamples(stream(220)).skillBase).toBeUndefined();
	});

	it('refits only the agent a new outcome belongs to; everyone else keeps the very same fit', () => {
		const examples = stream(1500);
		const before = skillsOf(modelFromExamples(examples.slice(0, 1499)));
		const newest = examples[1499];
		expect(skillBaseCount(1499)).toBe(skillBaseCount(1500));
		const after = skillsOf(modelFromExamples(examples));
		for (const agent of AGENTS) {
			if (agent === newest.agentId) expect(after.byAgent.get(agent)).not.toBe(before.byAgent.get(agent));
			else expect(after.byAgent.get(agent)).toBe(before.byAgent.get(agent));
		}
		const moved = (skills: typeof after) => skillMoments(skills, newest.agentId, newest.product, newest.channel)!.mean;
		if (newest.won) expect(moved(after)).toBeGreaterThan(moved(before));
		else expect(moved(after)).toBeLessThan(moved(before));
	});

	it("stays within half its posterior's spread of fitting the base rates on all of History, and barely moves how agents compare", () => {
		const examples = stream(2400, 9);
		// Just after a checkpoint, half way, and just before the next (2,205 and 2,426 are checkpoints).
		for (const count of [2000, 2200, 2390]) {
			const model = modelFromExamples(examples.slice(0, count));
			expect(model.skillBase).toBeDefined();
			const checkpointed = skillsOf(model);
			const everything = estimateSkills(model.tables, DEFAULT_LEVEL_SPREADS);
			for (const product of PRODUCTS) {
				for (const channel of CHANNELS) {
					const lagged = AGENTS.map((agent) => skillMoments(checkpointed, agent, product, channel)!);
					const exact = AGENTS.map((agent) => skillMoments(everything, agent, product, channel)!);
					exact.forEach((moments, index) => {
						expect(Math.abs(lagged[index].mean - moments.mean)).toBeLessThan(0.5 * Math.sqrt(moments.variance));
						// A stale base rate moves every agent in the product and channel together; routing compares them.
						exact.forEach((other, otherIndex) => {
							expect(Math.abs(lagged[index].mean - lagged[otherIndex].mean - (moments.mean - other.mean))).toBeLessThan(0.015);
						});
					});
				}
			}
		}
	});

	it('gives the same estimates in a process that has fitted nothing yet, and built in turns as in one go', async () => {
		const examples = stream(1300, 5);
		const model = modelFromExamples(examples);
		const segment = { product: 'home', channel: 'referral', state: 'FL' };
		const strengths = { priorStrength: 8, forestPriorStrength: 20, forestRampOutcomes: 1000, levelSpreads: DEFAULT_LEVEL_SPREADS };
		const here = AGENTS.map((agent) => posteriorFor(model, agent, segment, null, strengths));
		let fresh: unknown;
		jest.isolateModules(() => {
			// A new copy of the engine: no fits remembered, as in another worker.
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const isolated = require('../../../engine/match/learned/model') as typeof import('../../../engine/match/learned/model');
			const other = isolated.modelFromExamples([...examples].reverse());
			fresh = AGENTS.map((agent) => isolated.posteriorFor(other, agent, segment, null, strengths));
		});
		expect(fresh).toEqual(here);
		const inTurns = await modelFromExamplesAsync(examples, {}, async () => undefined);
		expect(inTurns.skillBase).toEqual(model.skillBase);
		expect(AGENTS.map((agent) => posteriorFor(inTurns, agent, segment, null, strengths))).toEqual(here);
	});
});
