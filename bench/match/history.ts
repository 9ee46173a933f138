/** History for the Lead Match benchmarks: round robin over the simulator's default world. */
import { seededRandom } from '../../engine/random';
import type { OutcomeRecord } from '../../engine/types';
import type { World } from '../simulate/scenario';
import { buildWorld, DEFAULT_SCENARIO, trueCloseRate } from '../simulate/scenario';

/**
 * `outcomes` leads of the default world given out in turn, each with its assigned row and its won
 * or lost row (won by the world's true close rate), and the world. With `withScore`, each lead
 * carries a 0-100 score, which splits every segment into ten score bins for the forest.
 */
export function roundRobinHistory(outcomes: number, withScore = true): { records: OutcomeRecord[]; world: World } {
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
