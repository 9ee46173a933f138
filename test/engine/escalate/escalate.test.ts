import { applyEscalation, decideEscalation, type EscalationOptions } from '../../../engine/escalate/escalate';
import { parseResponseStatus } from '../../../engine/escalate/response';
import { verifyResponseLink } from '../../../engine/signing';
import { InputError, type Lead } from '../../../engine/types';
import { agent, assignedLead, at, roster } from './fixtures';

const links = { baseUrl: 'https://n8n.example.com/webhook/lead-response', secret: 's3cret-value', graceSeconds: 60 };

function decide(lead: Lead, response: 'accepted' | 'declined' | 'noResponse', now: string, options: EscalationOptions = {}, agents = roster) {
	return decideEscalation({ lead, response, now: at(now), roster: agents, options });
}

const codes = (reasons: Array<{ code: string }>) => reasons.map((reason) => reason.code);

describe('decideEscalation: what happens to the current offer', () => {
	it('closes the lead when the agent accepts', () => {
		const decision = decide(assignedLead(), 'accepted', '2026-11-02T14:02:00Z');
		expect(decision.route).toBe('accepted');
		expect(decision.assignment.agentId).toBe('a1');
		expect(decision.escalation.status).toBe('accepted');
		expect(decision.escalation.waitSeconds).toBe(0);
		expect(decision.escalation.history).toEqual([
			{ agentId: 'a1', attempt: 1, outcome: 'accepted', at: '2026-11-02T14:02:00.000Z' },
		]);
		expect(codes(decision.escalation.reasons)).toContain('offerAccepted');
	});

	it('keeps waiting while the offer is open, and says how long', () => {
		const decision = decide(assignedLead(), 'noResponse', '2026-11-02T14:02:00Z', { links });
		expect(decision.route).toBe('waiting');
		expect(decision.escalation.status).toBe('offered');
		expect(decision.escalation.deadline).toBe('2026-11-02T14:05:00.000Z');
		expect(decision.escalation.waitSeconds).toBe(180);
		expect(decision.escalation.acceptUrl).toMatch(/^https:\/\/n8n\.example\.com\/webhook\/lead-response\?lead=lead-1&token=[\w-]+\.[\w-]+$/);
		expect(decision.escalation.linkExpiresAt).toBe('2026-11-02T14:06:00.000Z');
	});

	it('moves a declined lead to the next ranked agent with a fresh SLA', () => {
		const decision = decide(assignedLead(), 'declined', '2026-11-02T14:01:00Z', { links });
		expect(decision.route).toBe('reassigned');
		expect(decision.assignment).toMatchObject({
			agentId: 'a2',
			agentName: 'Agent A2',
			attempt: 2,
			previousAgentIds: ['a1'],
			decidedAt: '2026-11-02T14:01:00.000Z',
			strategy: 'learned',
			propensity: 0.6,
		});
		expect(decision.escalation).toMatchObject({
			attempt: 2,
			agentId: 'a2',
			status: 'reassigned',
			deadline: '2026-11-02T14:06:00.000Z',
			waitSeconds: 300,
			history: [{ agentId: 'a1', attempt: 1, outcome: 'declined', at: '2026-11-02T14:01:00.000Z' }],
		});
		expect(codes(decision.escalation.reasons)).toEqual(expect.arrayContaining(['offerDeclined', 'nextInRank']));
	});

	it('treats no response by the deadline as expired and moves on', () => {
		const decision = decide(assignedLead(), 'noResponse', '2026-11-02T14:05:30Z');
		expect(decision.route).toBe('reassigned');
		expect(decision.assignment.agentId).toBe('a2');
		expect(decision.escalation.history[0].outcome).toBe('expired');
		expect(codes(decision.escalation.reasons)).toContain('offerExpired');
	});

	it('counts an offer a few seconds short of its deadline as expired (timers may fire early)', () => {
		expect(decide(assignedLead(), 'noResponse', '2026-11-02T14:04:57Z').route).toBe('reassigned');
		expect(decide(assignedLead(), 'noResponse', '2026-11-02T14:04:50Z').route).toBe('waiting');
	});
});

describe('decideEscalation: choosing the next agent', () => {
	it('never hands the lead back to an agent who already had it, across passes', () => {
		// a1 is ranked again after a2: a rank can list the same people in any order.
		const lead = assignedLead();
		lead.assignment!.rank = [{ agentId: 'a2' }, { agentId: 'a1' }, { agentId: 'a3' }];
		lead.assignment!.agentId = 'a2';
		lead.assignment!.previousAgentIds = ['a1'];
		lead.assignment!.attempt = 2;
		const decision = decide(lead, 'noResponse', '2026-11-02T14:10:00Z');
		expect(decision.assignment.agentId).toBe('a3');
		expect(decision.assignment.previousAgentIds).toEqual(['a1', 'a2']);
		expect(decision.escalation.skipped.map((s) => [s.agentId, s.reasons[0].code])).toEqual([
			['a2', 'previouslyOffered'],
			['a1', 'previouslyOffered'],
		]);
	});

	it('chains: the output of one pass is the input of the next, and the history grows', () => {
		const first = applyEscalation(assignedLead(), decide(assignedLead(), 'declined', '2026-11-02T14:01:00Z'));
		const waiting = decide(first, 'noResponse', '2026-11-02T14:03:00Z');
		expect(waiting.route).toBe('waiting');
		expect(waiting.escalation.deadline).toBe('2026-11-02T14:06:00.000Z');
		const second = applyEscalation(first, decide(first, 'noResponse', '2026-11-02T14:06:10Z'));
		expect(second.assignment).toMatchObject({ agentId: 'a3', attempt: 3, previousAgentIds: ['a1', 'a2'] });
		expect((second.escalation!.history as Array<{ outcome: string }>).map((h) => h.outcome)).toEqual(['declined', 'expired']);
	});

	it('skips ranked agents who are not eligible for the lead', () => {
		const lead = assignedLead();
		lead.eligibility!.eligibleAgentIds = ['a1', 'a3', 'a4'];
		const decision = decide(lead, 'declined', '2026-11-02T14:01:00Z');
		expect(decision.assignment.agentId).toBe('a3');
		expect(decision.escalation.skipped).toEqual([
			{ agentId: 'a1', reasons: [expect.objectContaining({ code: 'previouslyOffered' })] },
			{ agentId: 'a2', reasons: [expect.objectContaining({ code: 'notEligible' })] },
		]);
	});

	it('skips agents who are unavailable now or missing from the roster', () => {
		const agents = [
			agent('a1'),
			agent('a2', { outOfOffice: [{ from: '2026-11-02', to: '2026-11-03' }] }),
			agent('a4'),
		];
		const decision = decide(assignedLead(), 'declined', '2026-11-02T14:01:00Z', {}, agents);
		expect(decision.assignment.agentId).toBe('a4');
		const skipped = Object.fromEntries(decision.escalation.skipped.map((s) => [s.agentId, codes(s.reasons)]));
		expect(skipped.a2).toEqual(['unavailable', 'outOfOffice']);
		expect(skipped.a3).toEqual(['notInRoster']);
	});

	it('trusts the rank for availability when no roster is given, and says so', () => {
		const decision = decideEscalation({ lead: assignedLead(), response: 'declined', now: at('2026-11-02T14:01:00Z'), roster: null });
		expect(decision.assignment.agentId).toBe('a2');
		expect(codes(decision.escalation.reasons)).toContain('rosterNotProvided');
	});
});

describe('decideEscalation: running out', () => {
	it('falls back to the fallback owner when nobody is left', () => {
		const lead = assignedLead();
		lead.assignment!.rank = [{ agentId: 'a1' }, { agentId: 'a2' }];
		lead.eligibility!.eligibleAgentIds = ['a1'];
		const decision = decide(lead, 'declined', '2026-11-02T14:01:00Z', { fallbackAgentId: 'a4', links });
		expect(decision.route).toBe('exhausted');
		expect(decision.assignment).toMatchObject({ agentId: 'a4', agentName: 'Agent A4', attempt: 2, previousAgentIds: ['a1'] });
		expect(decision.escalation.fallback).toEqual({ agentId: 'a4', queue: null });
		expect(decision.escalation.acceptUrl).toBeNull();
		expect(codes(decision.escalation.reasons)).toEqual(expect.arrayContaining(['noAgentsLeft', 'fallbackOwner']));
	});

	it('falls back to a queue when no owner is set, keeping the assignment as it was', () => {
		const lead = assignedLead();
		lead.assignment!.rank = [];
		const decision = decide(lead, 'noResponse', '2026-11-02T14:06:00Z', { fallbackQueue: 'Unclaimed leads' });
		expect(decision.route).toBe('exhausted');
		expect(decision.assignment.agentId).toBe('a1');
		expect(decision.escalation.fallback).toEqual({ agentId: null, queue: 'Unclaimed leads' });
		expect(codes(decision.escalation.reasons)).toContain('fallbackQueue');
	});

	it('stops at the maximum number of attempts even when agents are left', () => {
		const lead = assignedLead();
		lead.assignment!.attempt = 3;
		lead.assignment!.agentId = 'a3';
		lead.assignment!.previousAgentIds = ['a1', 'a2'];
		const decision = decide(lead, 'declined', '2026-11-02T14:20:00Z');
		expect(decision.route).toBe('exhausted');
		expect(codes(decision.escalation.reasons)).toContain('maxAttemptsReached');
		expect(codes(decision.escalation.reasons)).toContain('noFallback');
		expect(decide(assignedLead(), 'declined', '2026-11-02T14:01:00Z', { maxAttempts: 1 }).route).toBe('exhausted');
		expect(decide(assignedLead(), 'declined', '2026-11-02T14:01:00Z', { maxAttempts: 4 }).route).toBe('reassigned');
	});
});

describe('decideEscalation: SLA and waiting time', () => {
	it('takes the SLA from the score, then the override, then the default', () => {
		const slow = assignedLead({ score: { value: 30, tier: 'C', priority: 3, slaMinutes: 15, reasons: [] } });
		const fromScore = decide(slow, 'noResponse', '2026-11-02T14:01:00Z');
		expect(fromScore.escalation).toMatchObject({ slaMinutes: 15, deadline: '2026-11-02T14:15:00.000Z', waitSeconds: 840 });
		const override = decide(slow, 'noResponse', '2026-11-02T14:01:00Z', { slaMinutesOverride: 2 });
		expect(override.escalation).toMatchObject({ slaMinutes: 2, waitSeconds: 60 });
		const unscored = decide(assignedLead({ score: undefined }), 'noResponse', '2026-11-02T14:01:00Z', { defaultSlaMinutes: 10 });
		expect(unscored.escalation).toMatchObject({ slaMinutes: 10, waitSeconds: 540 });
		expect(codes(unscored.escalation.reasons)).toContain('slaDefault');
	});

	it('reads a lead from a flat store where assignment and score are JSON strings', () => {
		const lead = assignedLead();
		const flat = { ...lead, assignment: JSON.stringify(lead.assignment), score: JSON.stringify(lead.score) } as unknown as Lead;
		expect(decide(flat, 'declined', '2026-11-02T14:01:00Z').assignment.agentId).toBe('a2');
	});

	it('links are signed for the new offer and expire after the deadline plus grace', () => {
		const decision = decide(assignedLead(), 'declined', '2026-11-02T14:01:00Z', { links });
		const current = { leadId: 'lead-1', agentId: 'a2', attempt: 2 };
		const accept = verifyResponseLink(decision.escalation.acceptUrl!, links.secret, at('2026-11-02T14:03:00Z'), current);
		expect(accept).toMatchObject({ valid: true, claims: { action: 'accept', agentId: 'a2', attempt: 2 } });
		const decline = verifyResponseLink(decision.escalation.declineUrl!, links.secret, at('2026-11-02T14:03:00Z'), current);
		expect(decline).toMatchObject({ valid: true, claims: { action: 'decline' } });
		expect(verifyResponseLink(decision.escalation.acceptUrl!, links.secret, at('2026-11-02T14:07:01Z'), current)).toMatchObject({
			valid: false,
			code: 'linkExpired',
		});
	});
});

describe('decideEscalation: bad input names the field', () => {
	it.each([
		[{ assignment: undefined }, 'assignment', 'missingAssignment'],
		[{ assignment: { ...assignedLead().assignment!, agentId: '' } }, 'assignment.agentId', 'missingAgentId'],
		[{ assignment: { ...assignedLead().assignment!, attempt: 0 } }, 'assignment.attempt', 'badAttempt'],
		[{ assignment: { ...assignedLead().assignment!, decidedAt: 'soon' } }, 'assignment.decidedAt', 'badTime'],
		[{ leadId: '' }, 'leadId', 'missingLeadId'],
	])('%j -> %s', (overrides, field, code) => {
		const lead = assignedLead(overrides as Partial<Lead>);
		expect(() => decide(lead, 'declined', '2026-11-02T14:01:00Z')).toThrow(expect.objectContaining({ field, code }));
	});

	it('reads response words and rejects others', () => {
		expect(['Accepted', 'accept', 'YES'].map(parseResponseStatus)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(['declined', 'Decline', 'no'].map(parseResponseStatus)).toEqual(['declined', 'declined', 'declined']);
		expect(['', '  ', 'no response', 'timeout', null, undefined].map(parseResponseStatus)).toEqual(Array(6).fill('noResponse'));
		expect(() => parseResponseStatus('maybe')).toThrow(InputError);
		expect(() => parseResponseStatus(3)).toThrow(expect.objectContaining({ field: 'response', code: 'unknownResponse' }));
	});
});
