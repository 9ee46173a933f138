/**
 * The outcome report: per agent and per segment (product, channel), how many leads, how many were
 * contacted and how fast, how often within the SLA, how many were won and for how much; whether
 * leads were shared fairly; and whether the learned strategy beats the holdout.
 *
 * Definitions (the docs repeat them for readers):
 * - an agent's leads: leads with an `assigned` record for that agent (escalated leads count for each
 *   agent offered them); a lead with no `assigned` record counts for the agents on its records;
 * - contacted: the agent (or, for segments, anyone) logged contacted, meetingBooked, noShow or won;
 * - response time: `responseSeconds` of the lead's first timed `contacted` record, else of its first
 *   timed `accepted` one (the routing templates time the agent's accept; a CRM's "contacted" often
 *   comes without the offer to time it from); SLA hit rate: share of those first responses with
 *   slaMet true, among those where slaMet is known;
 * - won: the lead's latest terminal record (won / lost) is `won` (credited to that record's agent);
 *   value: sum of `value` on those won records.
 * One pass over the records into per-lead facts, then per-group sums: linear in the records plus a
 * sort per group for the percentiles.
 */
import type { OutcomeEventType, OutcomeRecord } from '../types';
import { estimateLift, type LiftEstimate, type LiftOptions } from './lift';
import { gini, quantileSorted, ratio, round } from './stats';

export interface ReportOptions extends LiftOptions {
	/** Agent id -> routing weight, for the fairness comparison; missing agents weigh 1. */
	weights?: Record<string, number>;
}

export interface OutcomeMetrics {
	leads: number;
	contacted: number;
	contactRate: number | null;
	responseP50Seconds: number | null;
	responseP90Seconds: number | null;
	slaHitRate: number | null;
	won: number;
	lost: number;
	conversion: number | null;
	value: number;
	declined: number;
	expired: number;
}

export interface AgentReportRow extends OutcomeMetrics {
	type: 'agent';
	agentId: string;
	/** Share of all agent-leads in the report. */
	share: number;
	/** What the routing weights say the share should be. */
	weightedShare: number;
}

export interface SegmentReportRow extends OutcomeMetrics {
	type: 'segment';
	dimension: 'product' | 'channel' | 'tier';
	segment: string;
}

export interface FairnessSummary {
	/** Gini coefficient of leads per unit of weight: 0 = perfectly proportional to weights. */
	gini: number | null;
	/** Largest |share - weightedShare| over agents. */
	maxShareGap: number | null;
	agentWithMaxGap: string | null;
}

export interface SummaryReportRow extends OutcomeMetrics {
	type: 'summary';
	records: number;
	agents: number;
	from: string | null;
	to: string | null;
	fairness: FairnessSummary;
	lift: LiftEstimate | null;
}

export interface OutcomeReport {
	agents: AgentReportRow[];
	segments: SegmentReportRow[];
	summary: SummaryReportRow;
}

const CONTACT_EVENTS = new Set<OutcomeEventType>(['contacted', 'meetingBooked', 'noShow', 'won']);
/** The records that answer an offer: accepting it, or contacting the prospect. */
const RESPONSE_EVENTS = new Set<OutcomeEventType>(['contacted', 'accepted']);

/**
 * Which record speaks for the lead's response, best first: a timed contact (speed to contact, the
 * figure the report is about), a timed accept (what the routing templates time), then untimed ones.
 */
function responsePreference(record: OutcomeRecord): number {
	const timed = record.responseSeconds !== null ? 0 : 2;
	return timed + (record.event === 'contacted' ? 0 : 1);
}

/** The better response record of two (responsePreference), the earlier on a tie. */
function firstResponse(known: OutcomeRecord | null, candidate: OutcomeRecord): OutcomeRecord {
	if (!known) return candidate;
	const difference = responsePreference(candidate) - responsePreference(known);
	if (difference !== 0) return difference < 0 ? candidate : known;
	return candidate.at < known.at ? candidate : known;
}
export const UNKNOWN_SEGMENT = '(unknown)';

/** Everything the report needs to know about one lead, gathered in one pass. */
interface LeadFacts {
	leadId: string;
	assignedTo: Set<string>;
	involved: Set<string>;
	contactedBy: Set<string>;
	/** First response (see firstResponse), overall and per agent. */
	firstContact: OutcomeRecord | null;
	firstContactBy: Map<string, OutcomeRecord>;
	outcome: OutcomeRecord | null;
	product: string | null;
	channel: string | null;
	/** Lead Score's tier when the lead was routed (A-D), if the snapshot has it. */
	tier: string | null;
	declinedBy: Map<string, number>;
	expiredBy: Map<string, number>;
}

function gatherLeads(records: readonly OutcomeRecord[]): Map<string, LeadFacts> {
	const leads = new Map<string, LeadFacts>();
	for (const record of records) {
		let facts = leads.get(record.leadId);
		if (!facts) {
			facts = {
				leadId: record.leadId,
				assignedTo: new Set(),
				involved: new Set(),
				contactedBy: new Set(),
				firstContact: null,
				firstContactBy: new Map(),
				outcome: null,
				product: null,
				channel: null,
				tier: null,
				declinedBy: new Map(),
				expiredBy: new Map(),
			};
			leads.set(record.leadId, facts);
		}
		facts.involved.add(record.agentId);
		facts.product ??= record.lead?.product ?? null;
		facts.channel ??= (record.lead?.source?.channel as string | undefined) ?? null;
		facts.tier ??= typeof record.lead?.tier === 'string' ? record.lead.tier : null;
		switch (record.event) {
			case 'assigned':
				facts.assignedTo.add(record.agentId);
				break;
			case 'declined':
				facts.declinedBy.set(record.agentId, (facts.declinedBy.get(record.agentId) ?? 0) + 1);
				break;
			case 'expired':
				facts.expiredBy.set(record.agentId, (facts.expiredBy.get(record.agentId) ?? 0) + 1);
				break;
			case 'won':
			case 'lost':
				if (!facts.outcome || record.at >= facts.outcome.at) facts.outcome = record;
				break;
		}
		if (CONTACT_EVENTS.has(record.event)) facts.contactedBy.add(record.agentId);
		if (RESPONSE_EVENTS.has(record.event)) {
			facts.firstContact = firstResponse(facts.firstContact, record);
			facts.firstContactBy.set(record.agentId, firstResponse(facts.firstContactBy.get(record.agentId) ?? null, record));
		}
	}
	return leads;
}

/** Running sums for one group (an agent, a segment, everything). */
class MetricsAccumulator {
	leads = 0;
	contacted = 0;
	responses: number[] = [];
	slaMet = 0;
	slaKnown = 0;
	won = 0;
	lost = 0;
	value = 0;
	declined = 0;
	expired = 0;

	addContact(first: OutcomeRecord | null | undefined): void {
		if (!first) return;
		if (first.responseSeconds !== null) this.responses.push(first.responseSeconds);
		if (first.slaMet !== null) {
			this.slaKnown++;
			if (first.slaMet) this.slaMet++;
		}
	}

	addOutcome(outcome: OutcomeRecord | null): void {
		if (!outcome) return;
		if (outcome.event === 'won') {
			this.won++;
			this.value += outcome.value ?? 0;
		} else {
			this.lost++;
		}
	}

	metrics(): OutcomeMetrics {
		const sorted = this.responses.sort((a, b) => a - b);
		return {
			leads: this.leads,
			contacted: this.contacted,
			contactRate: round(ratio(this.contacted, this.leads)),
			responseP50Seconds: round(quantileSorted(sorted, 0.5), 1),
			responseP90Seconds: round(quantileSorted(sorted, 0.9), 1),
			slaHitRate: round(ratio(this.slaMet, this.slaKnown)),
			won: this.won,
			lost: this.lost,
			conversion: round(ratio(this.won, this.leads)),
			value: round(this.value, 2) ?? 0,
			declined: this.declined,
			expired: this.expired,
		};
	}
}

function addLead(target: MetricsAccumulator, facts: LeadFacts): void {
	target.leads++;
	if (facts.contactedBy.size > 0) target.contacted++;
	target.addContact(facts.firstContact);
	target.addOutcome(facts.outcome);
	for (const count of facts.declinedBy.values()) target.declined += count;
	for (const count of facts.expiredBy.values()) target.expired += count;
}

function accumulatorFor(groups: Map<string, MetricsAccumulator>, key: string): MetricsAccumulator {
	let found = groups.get(key);
	if (!found) groups.set(key, (found = new MetricsAccumulator()));
	return found;
}

function fairnessOf(rows: AgentReportRow[], weights: Record<string, number>): FairnessSummary {
	if (rows.length === 0) return { gini: null, maxShareGap: null, agentWithMaxGap: null };
	const weightOf = (row: AgentReportRow) => Math.max(weights[row.agentId] ?? 1, 1e-9);
	const totalLeads = rows.reduce((sum, row) => sum + row.leads, 0);
	const totalWeight = rows.reduce((sum, row) => sum + weightOf(row), 0);
	// Exact shares (not the rounded columns), and ties keep the first agent by id: stable output.
	let worst: { agentId: string; gap: number } | null = null;
	for (const row of rows) {
		const gap = Math.abs((totalLeads > 0 ? row.leads / totalLeads : 0) - weightOf(row) / totalWeight);
		if (!worst || gap > worst.gap + 1e-12) worst = { agentId: row.agentId, gap };
	}
	return {
		gini: round(gini(rows.map((row) => row.leads / weightOf(row)))),
		maxShareGap: worst ? round(worst.gap) : null,
		agentWithMaxGap: worst?.agentId ?? null,
	};
}

export function buildOutcomeReport(records: readonly OutcomeRecord[], options: ReportOptions = {}): OutcomeReport {
	const leads = gatherLeads(records);
	const byAgent = new Map<string, MetricsAccumulator>();
	const byProduct = new Map<string, MetricsAccumulator>();
	const byChannel = new Map<string, MetricsAccumulator>();
	const byTier = new Map<string, MetricsAccumulator>();
	const total = new MetricsAccumulator();

	for (const facts of leads.values()) {
		addLead(total, facts);
		addLead(accumulatorFor(byProduct, facts.product ?? UNKNOWN_SEGMENT), facts);
		addLead(accumulatorFor(byChannel, facts.channel ?? UNKNOWN_SEGMENT), facts);
		if (facts.tier) addLead(accumulatorFor(byTier, facts.tier), facts);
		const holders = new Set(facts.assignedTo.size > 0 ? facts.assignedTo : facts.involved);
		// Whoever closed the lead held it, even when the CRM moved it without an `assigned` record.
		if (facts.outcome) holders.add(facts.outcome.agentId);
		for (const agentId of holders) {
			const agent = accumulatorFor(byAgent, agentId);
			agent.leads++;
			if (facts.contactedBy.has(agentId)) agent.contacted++;
			agent.addContact(facts.firstContactBy.get(agentId));
			if (facts.outcome && facts.outcome.agentId === agentId) agent.addOutcome(facts.outcome);
			agent.declined += facts.declinedBy.get(agentId) ?? 0;
			agent.expired += facts.expiredBy.get(agentId) ?? 0;
		}
	}

	const weights = options.weights ?? {};
	const agentIds = [...byAgent.keys()].sort();
	const totalAgentLeads = agentIds.reduce((sum, id) => sum + byAgent.get(id)!.leads, 0);
	const totalWeight = agentIds.reduce((sum, id) => sum + (weights[id] ?? 1), 0);
	const agents: AgentReportRow[] = agentIds.map((agentId) => {
		const metrics = byAgent.get(agentId)!.metrics();
		return {
			type: 'agent',
			agentId,
			...metrics,
			share: round(ratio(metrics.leads, totalAgentLeads) ?? 0)!,
			weightedShare: round(ratio(weights[agentId] ?? 1, totalWeight) ?? 0)!,
		};
	});
	const segmentRows = (dimension: SegmentReportRow['dimension'], groups: Map<string, MetricsAccumulator>): SegmentReportRow[] =>
		[...groups.keys()].sort().map((segment) => ({ type: 'segment', dimension, segment, ...groups.get(segment)!.metrics() }));

	let from: string | null = null;
	let to: string | null = null;
	for (const record of records) {
		if (from === null || record.at < from) from = record.at;
		if (to === null || record.at > to) to = record.at;
	}
	return {
		agents,
		// Tiers only for leads logged with one (older logs have none): whether tier A really closes
		// more than D is the check on Lead Score.
		segments: [...segmentRows('product', byProduct), ...segmentRows('channel', byChannel), ...segmentRows('tier', byTier)],
		summary: {
			type: 'summary',
			...total.metrics(),
			records: records.length,
			agents: agents.length,
			from,
			to,
			fairness: fairnessOf(agents, weights),
			lift: estimateLift(records, options),
		},
	};
}
