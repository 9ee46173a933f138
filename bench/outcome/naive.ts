/**
 * The baseline the outcome report is measured against: the way a spreadsheet or a first script
 * does it. For each agent, filter all records for that agent; for each of the agent's leads, filter
 * again for that lead's records; sort copies for every percentile. Same definitions as
 * engine/outcome/report.ts (the bench checks the agent rows agree).
 */
import { quantileSorted } from '../../engine/outcome/stats';
import type { OutcomeRecord } from '../../engine/types';

export interface NaiveAgentRow {
	agentId: string;
	leads: number;
	contacted: number;
	responseP50Seconds: number | null;
	responseP90Seconds: number | null;
	won: number;
	value: number;
}

const CONTACT = ['contacted', 'meetingBooked', 'noShow', 'won'];

export function naiveAgentRows(records: OutcomeRecord[]): NaiveAgentRow[] {
	const agentIds = [...new Set(records.map((record) => record.agentId))].sort();
	return agentIds.map((agentId) => {
		const mine = records.filter((record) => record.agentId === agentId);
		const leadIds = [...new Set(mine.filter((record) => record.event === 'assigned').map((record) => record.leadId))];
		let contacted = 0;
		let won = 0;
		let value = 0;
		const responses: number[] = [];
		for (const leadId of leadIds) {
			const leadRecords = mine.filter((record) => record.leadId === leadId);
			if (leadRecords.some((record) => CONTACT.includes(record.event))) contacted++;
			const contacts = leadRecords.filter((record) => record.event === 'contacted').sort((a, b) => a.at.localeCompare(b.at));
			if (contacts[0]?.responseSeconds != null) responses.push(contacts[0].responseSeconds);
			// Only the agent's own records: the bench history has one terminal record per lead, by its holder.
			const terminal = leadRecords
				.filter((record) => record.event === 'won' || record.event === 'lost')
				.sort((a, b) => a.at.localeCompare(b.at))
				.pop();
			if (terminal?.event === 'won' && terminal.agentId === agentId) {
				won++;
				value += terminal.value ?? 0;
			}
		}
		const sorted = [...responses].sort((a, b) => a - b);
		return {
			agentId,
			leads: leadIds.length,
			contacted,
			responseP50Seconds: quantileSorted(sorted, 0.5),
			responseP90Seconds: quantileSorted([...responses].sort((a, b) => a - b), 0.9),
			won,
			value,
		};
	});
}
