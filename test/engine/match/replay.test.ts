/** A lead delivered again (vendor retry, caller timeout, replayed execution) is never routed twice. */
import { parseHistory } from '../../../engine/history';
import { createMatchContext } from '../../../engine/match/context';
import { matchLead, matchLeads } from '../../../engine/match/matchLead';
import { resolveMatchOptions } from '../../../engine/match/options';
import { buildOutcomeRecord, toFlatRow } from '../../../engine/outcome/record';
import { agent, assigned, context, lead } from './fixtures';

const NOW = new Date('2026-03-18T15:00:00Z');
const agents = [agent('ava'), agent('ben'), agent('cy')];

function assignmentOf(decision: ReturnType<typeof matchLeads>[number]) {
	if (!decision.assigned) throw new Error('expected an assignment');
	return decision.assignment;
}

describe('replayed lead ids', () => {
	it('returns the recorded assignment from History and counts nothing again', () => {
		const history = [assigned('cy', '2026-03-18T14:00:00Z', 'lead-1', { attempt: 1 })];
		const ctx = context(agents, history, NOW, { sticky: { enabled: false } });
		const [replay, fresh] = matchLeads([lead('lead-1'), lead('lead-2')], NOW, ctx);
		expect(assignmentOf(replay)).toMatchObject({ agentId: 'cy', replayed: true, decidedAt: '2026-03-18T14:00:00Z', propensity: 1 });
		expect(assignmentOf(replay).reasons[0]).toMatch(/^alreadyAssigned: lead lead-1 was assigned to cy/);
		// cy already holds one lead, so the next new lead goes to someone else.
		expect(assignmentOf(fresh).agentId).not.toBe('cy');
		expect(assignmentOf(fresh).replayed).toBeUndefined();
	});

	it('answers a lead twice in one batch with the first decision', () => {
		const ctx = context(agents, [], NOW, { sticky: { enabled: false } });
		const [first, second] = matchLeads([lead('dup'), lead('dup')], NOW, ctx);
		expect(assignmentOf(second)).toMatchObject({ agentId: assignmentOf(first).agentId, replayed: true });
	});

	it('follows escalation: the latest assigned agent is the one returned', () => {
		const history = [
			assigned('ava', '2026-03-18T14:00:00Z', 'lead-9', { attempt: 1 }),
			{ ...assigned('ava', '2026-03-18T14:05:00Z', 'lead-9'), event: 'expired' as const },
			assigned('ben', '2026-03-18T14:05:01Z', 'lead-9', { attempt: 2 }),
		];
		const ctx = context(agents, history, NOW, { sticky: { enabled: false } });
		expect(assignmentOf(matchLeads([lead('lead-9')], NOW, ctx)[0])).toMatchObject({ agentId: 'ben', attempt: 2, replayed: true });
	});

	it('routes afresh when the recorded agent may no longer take the lead as it arrives now', () => {
		const history = [assigned('cy', '2026-03-18T14:00:00Z', 'lead-1')];
		const ctx = context(agents, history, NOW, { sticky: { enabled: false } });
		const eligibility = { status: 'eligible', eligibleAgentIds: ['ava', 'ben'], excluded: [], warnings: [], checkedAt: NOW.toISOString() };
		const decision = assignmentOf(matchLeads([lead('lead-1', { eligibility } as never)], NOW, ctx)[0]);
		expect(['ava', 'ben']).toContain(decision.agentId);
		expect(decision.replayed).toBeUndefined();
	});

	it('never hands a lead back to an agent who declined it or let it lapse, nor to one made inactive since', () => {
		const declined = [
			assigned('ava', '2026-03-18T14:00:00Z', 'lead-3', { attempt: 1 }),
			{ ...assigned('ava', '2026-03-18T14:02:00Z', 'lead-3'), event: 'declined' as const },
		];
		const ctx = context(agents, declined, NOW, { sticky: { enabled: false } });
		const decision = matchLeads([lead('lead-3')], NOW, ctx)[0];
		expect(assignmentOf(decision).agentId).not.toBe('ava');
		expect(assignmentOf(decision).replayed).toBeUndefined();
		expect(decision.candidates.find((verdict) => verdict.agentId === 'ava')?.reasons[0].code).toBe('releasedThisLead');

		const inactive = [agent('ava', { active: false }), agent('ben'), agent('cy')];
		const history = [assigned('ava', '2026-03-18T14:00:00Z', 'lead-4')];
		const again = matchLeads([lead('lead-4')], NOW, context(inactive, history, NOW, { sticky: { enabled: false } }))[0];
		expect(['ben', 'cy']).toContain(assignmentOf(again).agentId);
	});
});

describe('sticky owner across executions', () => {
	it("gives a new contact from an account the account's owner, read back from the logged History", () => {
		const options = resolveMatchOptions({ distribution: 'exact' });
		const acme = (leadId: string, email: string) => lead(leadId, { dedupeKey: email, fields: { company: 'Acme' } });
		// One execution routes Jane from Acme, and Log Outcome's row is what the next one reads.
		const first = matchLead(acme('L1', 'jane@acme.com'), NOW, createMatchContext({ agents, records: [], now: NOW, options }));
		const owner = assignmentOf(first).agentId;
		const row = toFlatRow(buildOutcomeRecord({ ...acme('L1', 'jane@acme.com'), assignment: assignmentOf(first) }, { event: 'assigned' }, NOW));
		const later = new Date(NOW.getTime() + 3_600_000);
		const next = matchLead(acme('L2', 'bob@acme.com'), later, createMatchContext({ agents, records: parseHistory([row]).records, now: later, options }));
		expect(assignmentOf(next)).toMatchObject({ agentId: owner, strategy: 'roundRobin+sticky' });
	});
});
