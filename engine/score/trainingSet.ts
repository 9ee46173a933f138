/**
 * Turns outcome history into labelled examples: one per lead, labelled by the lead's latest
 * terminal event (won = 1, lost = 0; lead-schema.md), with the features of the snapshot taken
 * when it was routed. Leads still open carry no label yet and are left out.
 */
import type { OutcomeRecord } from '../types';
import { routedSnapshots } from '../history';
import { factsFromSnapshot, leadFeatures } from './features';
import type { Feature } from './logisticModel';

export interface LabelledExample {
	leadId: string;
	features: Feature[];
	won: boolean;
}

export interface TrainingSet {
	examples: LabelledExample[];
	wins: number;
	losses: number;
	/** Leads with an outcome but no snapshot to learn from (none, or only featureless ones). */
	withoutSnapshot: number;
}

export function buildTrainingSet(records: readonly OutcomeRecord[]): TrainingSet {
	const outcome = new Map<string, { won: boolean; at: string }>();
	for (const record of records) {
		if (record.event === 'won' || record.event === 'lost') {
			const known = outcome.get(record.leadId);
			if (!known || record.at >= known.at) outcome.set(record.leadId, { won: record.event === 'won', at: record.at });
		}
	}
	// The lead as routed (routedSnapshots): a CRM's won/lost row carries an empty copy.
	const snapshots = routedSnapshots(records);
	const examples: LabelledExample[] = [];
	let withoutSnapshot = 0;
	let wins = 0;
	for (const [leadId, { won }] of outcome) {
		const snapshot = snapshots.get(leadId);
		const features = snapshot ? leadFeatures(factsFromSnapshot(snapshot)) : [];
		if (features.length === 0) {
			withoutSnapshot++;
			continue;
		}
		examples.push({ leadId, features, won });
		if (won) wins++;
	}
	return { examples, wins, losses: examples.length - wins, withoutSnapshot };
}
