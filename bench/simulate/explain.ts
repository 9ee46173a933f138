/**
 * Where the learner falls short of the oracle (`npm run simulate -- --explain`): the lead segments
 * (product x channel) of the evaluation window where it lost the most expected closes, and for every
 * agent licensed there the true close rate, the learner's estimate when the window opened, the
 * outcomes that estimate rested on, and how many of the window's leads each policy gave them. On
 * the default team the usual finding is a strong closer who was unlucky in their first few leads
 * of a segment, estimated low, and so rarely given it again (BENCHMARKS.md, session 7).
 */
import type { LearnedModel } from '../../engine/match/learned/model';
import { posteriorFor } from '../../engine/match/learned/model';
import { agentChannelRecord, posteriorMean } from '../../engine/match/learned/posterior';
import type { MatchOptions } from '../../engine/match/options';
import type { SimLead, World } from './scenario';
import { licensedAgents, trueCloseRate } from './scenario';

export interface AgentInSegment {
	agentId: string;
	/** Mean true close rate over the segment's window leads this agent was licensed for. */
	trueRate: number;
	/** The learner's estimate over the same leads, from the model it had when the window opened. */
	estimate: number;
	/** Outcomes (and wins) of this agent in this product and channel in History at that moment. */
	outcomes: number;
	wins: number;
	learnedLeads: number;
	oracleLeads: number;
}

export interface SegmentShortfall {
	product: string;
	channel: string;
	leads: number;
	/** Expected closes the oracle made in this segment's window leads and the learner did not. */
	lostCloses: number;
	/** Licensed agents, best true closer first. */
	agents: AgentInSegment[];
}

/** What the learner knew when the evaluation window opened (its model holds History's tallies). */
export interface WindowKnowledge {
	model: LearnedModel;
	/** The learner's settings, which the estimate is read with. */
	options: MatchOptions;
}

interface Sums {
	leads: number;
	truth: number;
	estimate: number;
}

const segmentOfLead = (lead: SimLead) => `${lead.product}|${lead.channel}`;

/**
 * The window's segments, largest shortfall first. `learned` and `oracle` are each policy's chosen
 * agent per lead of the stream (null when unassigned); `windowLeads` the indexes of the window's.
 */
export function explainShortfall(
	world: World,
	chosen: { learned: Array<string | null>; oracle: Array<string | null> },
	windowLeads: number[],
	knowledge: WindowKnowledge,
): SegmentShortfall[] {
	const segments = new Map<string, { leads: number; lost: number; agents: Map<string, Sums & { learned: number; oracle: number }> }>();
	const closeRate = (agentId: string | null, lead: SimLead) => (agentId ? trueCloseRate(world, agentId, lead) : 0);
	for (const index of windowLeads) {
		const lead = world.leads[index];
		const entry = segments.get(segmentOfLead(lead)) ?? { leads: 0, lost: 0, agents: new Map() };
		segments.set(segmentOfLead(lead), entry);
		entry.leads++;
		entry.lost += closeRate(chosen.oracle[index], lead) - closeRate(chosen.learned[index], lead);
		for (const agentId of licensedAgents(world, lead)) {
			const sums = entry.agents.get(agentId) ?? { leads: 0, truth: 0, estimate: 0, learned: 0, oracle: 0 };
			entry.agents.set(agentId, sums);
			sums.leads++;
			sums.truth += trueCloseRate(world, agentId, lead);
			sums.estimate += posteriorMean(posteriorFor(knowledge.model, agentId, { product: lead.product, channel: lead.channel, state: lead.state }, null, knowledge.options.learned));
		}
		// A policy can only pick a licensed agent (violations are counted elsewhere and are zero).
		for (const [policy, agentId] of [['learned', chosen.learned[index]], ['oracle', chosen.oracle[index]]] as const) {
			const sums = agentId ? entry.agents.get(agentId) : undefined;
			if (sums) sums[policy]++;
		}
	}
	return [...segments.entries()]
		.map(([key, entry]) => {
			const [product, channel] = key.split('|');
			const agents = [...entry.agents.entries()]
				.map(([agentId, sums]) => {
					const record = agentChannelRecord(knowledge.model.tables, agentId, { product, channel });
					return {
						agentId,
						trueRate: sums.truth / sums.leads,
						estimate: sums.estimate / sums.leads,
						outcomes: record.total,
						wins: record.wins,
						learnedLeads: sums.learned,
						oracleLeads: sums.oracle,
					};
				})
				.sort((a, b) => b.trueRate - a.trueRate);
			return { product, channel, leads: entry.leads, lostCloses: entry.lost, agents };
		})
		.sort((a, b) => b.lostCloses - a.lostCloses);
}

const pct = (rate: number) => `${Math.round(rate * 100)}%`;

/** The `top` segments as printable lines: one header per segment, one line per agent. */
export function formatShortfall(shortfalls: SegmentShortfall[], top: number): string[] {
	const lines = ['where learned lost most against the oracle (window leads; estimate = what learned believed when the window opened):'];
	for (const segment of shortfalls.slice(0, top)) {
		lines.push(`${segment.product} / ${segment.channel}: ${segment.leads} leads, ${segment.lostCloses.toFixed(1)} expected closes lost`);
		lines.push('  agent      true  estimate  record (won/outcomes)  leads: learned  oracle');
		for (const agent of segment.agents) {
			lines.push(
				`  ${agent.agentId.padEnd(9)} ${pct(agent.trueRate).padStart(5)}  ${pct(agent.estimate).padStart(8)}  ${`${agent.wins}/${agent.outcomes}`.padStart(21)}  ${String(agent.learnedLeads).padStart(14)}  ${String(agent.oracleLeads).padStart(6)}`,
			);
		}
	}
	return lines;
}
