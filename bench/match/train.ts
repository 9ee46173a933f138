/**
 * Time to build the learned model from 10,000 outcomes (and 1,000 / 5,000), the longest
 * event-loop block while doing it (monitorEventLoopDelay), and the cost of a batch of decisions.
 * node scripts/run-ts.mjs bench/match/train.ts
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

import { createMatchContext } from '../../engine/match/context';
import { modelFromHistory } from '../../engine/match/learned/model';
import { matchLeads } from '../../engine/match/matchLead';
import { resolveMatchOptions } from '../../engine/match/options';
import type { OutcomeRecord } from '../../engine/types';
import { buildWorld, DEFAULT_SCENARIO } from '../simulate/scenario';

function historyOf(outcomes: number): { records: OutcomeRecord[]; world: ReturnType<typeof buildWorld> } {
	const world = buildWorld({ ...DEFAULT_SCENARIO, days: Math.ceil(outcomes / DEFAULT_SCENARIO.leadsPerDay) + 1 });
	const records: OutcomeRecord[] = [];
	world.leads.slice(0, outcomes).forEach((lead, index) => {
		const agent = world.agents[index % world.agents.length];
		const snapshot = { leadId: lead.leadId, product: lead.product, state: lead.state, source: { channel: lead.channel }, score: null, dedupeKey: `${lead.leadId}@x` };
		const base = { leadId: lead.leadId, agentId: agent.id, value: null, responseSeconds: null, slaMet: null, strategy: 'roundRobin', propensity: 1, lead: snapshot };
		records.push({ ...base, event: 'assigned', at: lead.arrivedAt.toISOString() });
		records.push({ ...base, event: lead.u < 0.25 ? 'won' : 'lost', at: new Date(lead.arrivedAt.getTime() + lead.revealAfterMs).toISOString() });
	});
	return { records, world };
}

async function main() {
	for (const outcomes of [1000, 5000, 10000]) {
		const { records, world } = historyOf(outcomes);
		const monitor = monitorEventLoopDelay({ resolution: 1 });
		monitor.enable();
		await new Promise((resolve) => setTimeout(resolve, 5));
		const started = performance.now();
		const model = modelFromHistory(records);
		const trainMs = performance.now() - started;
		await new Promise((resolve) => setTimeout(resolve, 5));
		monitor.disable();
		const now = new Date(Date.parse(records[records.length - 1].at) + 60_000);
		const context = createMatchContext({ agents: world.agents, records, now, options: resolveMatchOptions({ strategy: 'learned' }), model });
		const leads = world.leads.slice(0, 100).map((lead) => ({ leadId: `${lead.leadId}-new`, product: lead.product, state: lead.state, source: { channel: lead.channel }, fields: {} }));
		const decideStarted = performance.now();
		matchLeads(leads, now, context);
		const decideMs = performance.now() - decideStarted;
		console.log(
			`${outcomes} outcomes: model ${trainMs.toFixed(1)} ms, longest event-loop block ${(monitor.max / 1e6).toFixed(1)} ms, 100 learned decisions ${decideMs.toFixed(1)} ms (${model.outcomes} outcomes learned)`,
		);
	}
}

void main();
