// Older History for the real-n8n benches: rows of the outcomes Data Table as Log Outcome writes them,
// for the sample roster, a team that gets `perDay` leads a day.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/n8n/runtime.mjs';

const ROSTER = JSON.parse(readFileSync(join(ROOT, 'workflows/samples/roster.json'), 'utf8')).agents;
const PRODUCTS = ['auto', 'home', 'bundle', 'life'];
const CHANNELS = ['paid_search', 'referral', 'aggregator'];

/**
 * Rows `from` .. `from + count` of older History, for a team that gets `perDay` leads a day: each
 * lead an assigned, an accepted and a won or lost row. Lead 0 came in yesterday, each next one
 * 1 / perDay days before it, so a bigger table reaches further back and the last 45 days always
 * hold the same 45 x perDay leads.
 */
export function historyRows(from, count, perDay) {
	const rows = [];
	const yesterday = Date.now() - 86_400_000;
	for (let row = from; row < from + count; row++) {
		const lead = Math.floor(row / 3);
		const assignedAt = yesterday - (lead / perDay) * 86_400_000;
		const agent = ROSTER[lead % ROSTER.length];
		const product = PRODUCTS[lead % PRODUCTS.length];
		const channel = CHANNELS[lead % CHANNELS.length];
		const leadId = `old-${String(lead).padStart(7, '0')}`;
		const snapshot = { leadId, product, state: 'FL', source: { kind: 'form', channel }, score: 40 + (lead % 50), dedupeKey: `${leadId}@example.com`, value: null };
		const event = ['assigned', 'accepted', lead % 4 === 0 ? 'won' : 'lost'][row % 3];
		const at = new Date(assignedAt + (row % 3) * 3_600_000).toISOString();
		rows.push({
			leadId, agentId: agent.agentId, event, at, value: null, responseSeconds: event === 'accepted' ? 120 : null, slaMet: event === 'accepted' ? true : null,
			strategy: 'learned', propensity: 0.5, attempt: 1, holdout: false, product, state: 'FL', channel, score: snapshot.score, lead: JSON.stringify(snapshot),
		});
	}
	return rows;
}

/** Appends rows `filled` .. `size` of historyRows to the outcomes table, a thousand at a time. */
export async function fillTo(client, tableId, size, filled, perDay) {
	for (let from = filled; from < size; from += 1000) {
		await client.api('POST', `/data-tables/${tableId}/rows`, { data: historyRows(from, Math.min(1000, size - from), perDay), returnType: 'count' });
	}
}
