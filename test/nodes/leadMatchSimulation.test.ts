/**
 * One simulator scenario through the node in the n8n engine: a day's leads, the simulated roster
 * as roster rows, License Check's eligibility on each lead. The node must decide exactly what the
 * engine decides, and never route outside eligibility.
 */
import { createMatchContext } from '../../engine/match/context';
import { matchLeads } from '../../engine/match/matchLead';
import { resolveMatchOptions } from '../../engine/match/options';
import { buildWorld, DEFAULT_SCENARIO, licensedAgents } from '../../bench/simulate/scenario';
import type { Agent } from '../../engine/types';
import { runNode } from '../harness/runWorkflow';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function rosterRow(agent: Agent) {
	const [window] = agent.workingHours;
	return {
		id: agent.id,
		name: agent.name,
		active: agent.active,
		timezone: agent.timezone,
		weight: agent.weight,
		capacity: agent.capacity,
		onCall: agent.onCall,
		workingHours: { days: window.days, start: hhmm(window.startMinute), end: hhmm(window.endMinute) },
		licenses: agent.licenses,
	};
}

it('routes a simulated day through the node exactly as the engine does', async () => {
	const world = buildWorld({ ...DEFAULT_SCENARIO, seed: 3, days: 1, leadsPerDay: 40 });
	const now = new Date(world.leads[world.leads.length - 1].arrivedAt);
	const leads = world.leads.map((lead) => ({
		leadId: lead.leadId,
		dedupeKey: `${lead.leadId}@sim.test`,
		product: lead.product,
		state: lead.state,
		source: { channel: lead.channel },
		fields: {},
		eligibility: { status: 'eligible', eligibleAgentIds: licensedAgents(world, lead), excluded: [], warnings: [], checkedAt: now.toISOString() },
	}));
	const { nodeOutputs, error } = await runNode({
		type: 'n8n-nodes-lead-routing.leadMatch',
		parameters: { strategy: 'roundRobin', options: { now: now.toISOString() } },
		inputs: [leads, world.agents.map(rosterRow), []],
	});
	expect(error).toBeUndefined();
	expect(nodeOutputs[0].length + nodeOutputs[1].length).toBe(leads.length);

	const context = createMatchContext({ agents: world.agents, records: [], now, options: resolveMatchOptions({}) });
	const expected = matchLeads(leads, now, context).map((d) => (d.assigned ? d.assignment.agentId : null));
	const byItem = new Map(nodeOutputs[0].map((item) => [(item.pairedItem as { item: number }).item, (item.json.assignment as { agentId: string }).agentId]));
	expect(leads.map((_, index) => byItem.get(index) ?? null)).toEqual(expected);
	leads.forEach((lead, index) => {
		const agentId = byItem.get(index);
		if (agentId) expect(lead.eligibility.eligibleAgentIds).toContain(agentId);
	});
});
