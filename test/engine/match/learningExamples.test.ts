/** What the learner reads from History: each closed lead, in the segment it was routed in. */
import { learningExamples } from '../../../engine/match/learned/outcomes';
import { parseHistory } from '../../../engine/history';
import { buildOutcomeRecord, toFlatRow } from '../../../engine/outcome/record';

describe('learningExamples', () => {
	it("learns a CRM's won row in the segment the lead was routed in, not in an empty 'unknown' one", () => {
		const routed = { leadId: 'L1', product: 'bundle', state: 'FL', source: { kind: 'flat', channel: 'referral' }, dedupeKey: 'l1', assignment: { agentId: 'ava', decidedAt: '2026-03-18T14:00:00Z', attempt: 1 } };
		const assigned = buildOutcomeRecord(routed, { event: 'assigned' }, new Date('2026-03-18T14:00:00Z'));
		// What the outcome-feedback template logs from a CRM webhook: no lead, a close date without a time.
		const won = buildOutcomeRecord({ leadId: 'L1', agentId: 'ava', event: 'won', at: '2026-03-18', value: 900 }, {}, new Date('2026-03-19T09:00:00Z'));
		const { records } = parseHistory([toFlatRow(assigned), toFlatRow(won)]);
		expect(learningExamples(records)).toEqual([
			expect.objectContaining({ leadId: 'L1', agentId: 'ava', product: 'bundle', channel: 'referral', state: 'FL', won: true }),
		]);
	});
});
