/**
 * What learning reads from History: one example per routed lead whose latest terminal event
 * (won / lost) is known, with the lead as it was routed and the agent who worked it.
 */
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

/**
 * The score the forest learns from, on the rules' scale whatever mode Lead Score was in: a lead
 * scored in learned mode carries its rules score apart (`rulesValue`, logged as the snapshot's
 * `rulesScore`), and its learned score (a win probability x 100) would put leads scored before
 * and after a team switched modes on two scales in one feature.
 */
export function scoreFeatureOf(score: unknown): number | null {
	if (typeof score === 'number') return score;
	if (!score || typeof score !== 'object') return null;
	const { rulesValue, value } = score as { rulesValue?: unknown; value?: unknown };
	if (typeof rulesValue === 'number') return rulesValue;
	return typeof value === 'number' ? value : null;
}

function scoreOf(snapshot: LeadSnapshot | null): number | null {
	if (!snapshot) return null;
	return typeof snapshot.rulesScore === 'number' ? snapshot.rulesScore : scoreFeatureOf(snapshot.score);
}

export function learningExamples(records: OutcomeRecord[]): LearningExample[] {
	const snapshotOf = new Map<string, LeadSnapshot>();
	const terminal = new Map<string, OutcomeRecord>();
	for (const record of records) {
		if (record.lead) snapshotOf.set(record.leadId, record.lead);
		if (record.event === 'won' || record.event === 'lost') {
			const known = terminal.get(record.leadId);
			if (!known || known.at <= record.at) terminal.set(record.leadId, record);
		}
	}
	const examples: LearningExample[] = [];
	for (const [leadId, record] of terminal) {
		const snapshot = record.lead ?? snapshotOf.get(leadId) ?? null;
		const segment = segmentOf({
			product: snapshot?.product ?? null,
			state: snapshot?.state ?? null,
			source: snapshot?.source ? { channel: snapshot.source.channel ?? null } : null,
		});
		examples.push({ leadId, agentId: record.agentId, ...segment, score: scoreOf(snapshot), won: record.event === 'won', at: record.at });
	}
	return examples;
}
