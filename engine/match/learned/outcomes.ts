/**
 * What learning reads from History: one example per routed lead whose latest terminal event
 * (won / lost) is known, with the lead as it was routed and the agent who worked it.
 */
import { routedSnapshots } from '../../history';
import { snapshotRulesScore } from '../../score/features';
import type { LeadSnapshot, OutcomeRecord } from '../../types';

export interface LearningExample {
	leadId: string;
	agentId: string;
	product: string;
	channel: string;
	state: string;
	score: number | null;
	won: boolean;
	at: string;
}

/** The segment a lead belongs to, as the learner sees it. */
export interface Segment {
	product: string;
	channel: string;
	state: string;
}

export function segmentOf(lead: {
	product?: string | null;
	state?: string | null;
	source?: { channel?: string | null } | null;
}): Segment {
	return {
		product: lead.product || 'unknown',
		channel: lead.source?.channel || 'unknown',
		state: lead.state || 'unknown',
	};
}

/** The score the forest learns from: the rules score, whatever mode Lead Score was in (see rulesScoreOf). */
function scoreOf(snapshot: LeadSnapshot | null): number | null {
	return snapshot ? snapshotRulesScore(snapshot) : null;
}

export function learningExamples(records: OutcomeRecord[]): LearningExample[] {
	// The lead as routed: the won/lost record's own copy may be a CRM's empty one (routedSnapshots).
	const snapshotOf = routedSnapshots(records);
	const terminal = new Map<string, OutcomeRecord>();
	for (const record of records) {
		if (record.event === 'won' || record.event === 'lost') {
			const known = terminal.get(record.leadId);
			if (!known || known.at <= record.at) terminal.set(record.leadId, record);
		}
	}
	const examples: LearningExample[] = [];
	for (const [leadId, record] of terminal) {
		const snapshot = snapshotOf.get(leadId) ?? null;
		const segment = segmentOf({
			product: snapshot?.product ?? null,
			state: snapshot?.state ?? null,
			source: snapshot?.source ? { channel: snapshot.source.channel ?? null } : null,
		});
		examples.push({ leadId, agentId: record.agentId, ...segment, score: scoreOf(snapshot), won: record.event === 'won', at: record.at });
	}
	return examples;
}
