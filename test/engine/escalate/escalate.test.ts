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
			{ agentId: 'a1', attempt: 1, outcome: 'accepted', at: '2026-11-02T14:02:00.000Z', offeredAt: '2026-11-02T14:00:00.000Z' },
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

	it('offers a lead declined after hours to the ranked agent who opens first, from when they open', () => {
		// a1 declines at 23:00 New York on Monday; a2 opens Tuesday 10:00, a3 at 09:00, a4 is out all week.
		const agents = [
			agent('a1'),
			agent('a2', { timezone: 'America/New_York', workingHours: [{ days: [1, 2, 3, 4, 5], startMinute: 600, endMinute: 1020 }] }),
			agent('a3', { timezone: 'America/New_York', workingHours: [{ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 }] }),
			agent('a4', { outOfOffice: [{ from: '2026-11-01', to: '2026-11-30' }] }),
		];
		const night = '2026-11-03T04:00:00Z';
		const decision = decide(assignedLead(), 'declined', night, {}, agents);
		expect(decision.route).toBe('reassigned');
		expect(decision.assignment).toMatchObject({ agentId: 'a3', attempt: 2, availableAt: '2026-11-03T14:00:00.000Z' });
		expect(decision.escalation).toMatchObject({ offeredAt: '2026-11-03T14:00:00.000Z', deadline: '2026-11-03T14:05:00.000Z' });
		expect(codes(decision.escalation.reasons)).toContain('nextOpensLater');
		// a1 had it; a2 opens later and a4 not this month: skipped as unavailable.
		expect(Object.fromEntries(decision.escalation.skipped.map((entry) => [entry.agentId, entry.reasons[0].code]))).toEqual({ a1: 'previouslyOffered', a2: 'unavailable', a4: 'unavailable' });
		// The next pass, before 09:05, keeps waiting; the offer only lapses after it.
		const next = applyEscalation(assignedLead(), decision) as unknown as Lead;
		expect(decide(next, 'noResponse', '2026-11-03T14:03:00Z', {}, agents).route).toBe('waiting');
		// Nobody back within 3 days (a3 away for two weeks too): the lead falls back instead of waiting.
		const twoWeeks = [{ from: '2026-11-01', to: '2026-11-20' }];
		const awayLong = agents.map((entry) => (entry.id === 'a2' || entry.id === 'a3' ? { ...entry, outOfOffice: twoWeeks } : entry));
		const fellBack = decide(assignedLead(), 'declined', night, { fallbackAgentId: 'boss' }, awayLong);
		expect(fellBack).toMatchObject({ route: 'exhausted', assignment: { agentId: 'boss' } });
		expect(fellBack.escalation.skipped.find((entry) => entry.agentId === 'a3')?.reasons.map((reason) => reason.code)).toContain('opensBeyondWaitHorizon');
		// With "Fall Back Now" the lead falls back at once.
		const now = decide(assignedLead(), 'declined', night, { fallbackAgentId: 'boss', whenNobodyOpen: 'fallback' }, agents);
		expect(now).toMatchObject({ route: 'exhausted', assignment: { agentId: 'boss' } });
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

	it('falls back to a queue when no owner is set; nobody new holds the lead but the attempt moves on', () => {
		const lead = assignedLead();
		lead.assignment!.rank = [];
		const decision = decide(lead, 'noResponse', '2026-11-02T14:06:00Z', { fallbackQueue: 'Unclaimed leads' });
		expect(decision.route).toBe('exhausted');
		expect(decision.assignment).toMatchObject({ agentId: 'a1', attempt: 2, previousAgentIds: ['a1'] });
		expect(decision.escalation.fallback).toEqual({ agentId: null, queue: 'Unclaimed leads' });
		expect(codes(decision.escalation.reasons)).toContain('fallbackQueue');
	});

	it('supersedes the lapsed agent\'s links when the lead falls back to a queue, and never settles it again', () => {
		const options = { links, fallbackQueue: 'Unclaimed' };
		const lead = assignedLead();
		lead.assignment = { ...lead.assignment!, agentId: 'a3', attempt: 3, previousAgentIds: ['a1', 'a2'], decidedAt: '2026-11-02T14:10:00.000Z' };
		const offer = decide(lead, 'noResponse', '2026-11-02T14:11:00Z', options);
		expect(offer.route).toBe('waiting');
		const lapsed = applyEscalation(lead, decide(applyEscalation(lead, offer), 'noResponse', '2026-11-02T14:15:00Z', options));
		expect(lapsed.assignment).toMatchObject({ agentId: 'a3', attempt: 4, previousAgentIds: ['a1', 'a2', 'a3'] });
		// a3 clicks the accept link of the offer they let lapse, still within its grace period.
		const current = { leadId: 'lead-1', agentId: lapsed.assignment!.agentId, attempt: lapsed.assignment!.attempt };
		expect(verifyResponseLink(offer.escalation.acceptUrl!, links.secret, at('2026-11-02T14:15:30Z'), current)).toMatchObject({
			valid: false,
			code: 'linkSuperseded',
		});
		// Even when a late "accepted" reaches Escalate some other way, the exhausted lead stays where it went.
		for (const response of ['accepted', 'noResponse'] as const) {
			const again = decide(lapsed, response, '2026-11-02T14:16:00Z', options);
			expect(again.route).toBe('exhausted');
			expect(again.assignment).toEqual(lapsed.assignment);
			expect(again.escalation.history).toEqual([{ agentId: 'a3', attempt: 3, outcome: 'expired', at: '2026-11-02T14:15:00.000Z', offeredAt: '2026-11-02T14:10:00.000Z' }]);
			expect(again.escalation.fallback).toEqual({ agentId: null, queue: 'Unclaimed' });
			expect(codes(again.escalation.reasons)).toContain('alreadyExhausted');
		}
	});

	it('never gives the lead to a fallback owner who already declined it or let it lapse', () => {
		// a1 declined, a2 let it lapse; the fallback owner is a1.
		const first = applyEscalation(assignedLead(), decide(assignedLead(), 'declined', '2026-11-02T14:01:00Z', { maxAttempts: 2 }));
		const toQueue = decide(first, 'noResponse', '2026-11-02T14:07:00Z', { maxAttempts: 2, fallbackAgentId: 'a1', fallbackQueue: 'Unclaimed' });
		expect(toQueue.route).toBe('exhausted');
		expect(toQueue.assignment.agentId).not.toBe('a1');
		expect(toQueue.escalation.fallback).toEqual({ agentId: null, queue: 'Unclaimed' });
		expect(codes(toQueue.escalation.reasons)).toEqual(expect.arrayContaining(['fallbackOwnerAlreadyOffered', 'fallbackQueue']));
		// The owner is the agent who just let it lapse, and there is no queue.
		const none = decide(first, 'noResponse', '2026-11-02T14:07:00Z', { maxAttempts: 2, fallbackAgentId: 'a2' });
		expect(none.assignment.agentId).toBe('a2');
		expect(none.assignment.attempt).toBe(3);
		expect(none.escalation.fallback).toBeNull();
		expect(codes(none.escalation.reasons)).toEqual(expect.arrayContaining(['fallbackOwnerAlreadyOffered', 'noFallback']));
	});

	it('hands the lead to the fallback owner once: later passes leave it there', () => {
		const options = { maxAttempts: 2, fallbackAgentId: 'mgr' };
		let lead = assignedLead();
		const steps = [
			['declined', '2026-11-02T14:01:00Z'],
			['declined', '2026-11-02T14:02:00Z'],
			['noResponse', '2026-11-02T14:20:00Z'],
			['noResponse', '2026-11-02T14:40:00Z'],
		] as const;
		const routes = steps.map(([response, now]) => {
			const decision = decide(lead, response, now, options);
			lead = applyEscalation(lead, decision);
			return [decision.route, decision.assignment.agentId, decision.assignment.attempt];
		});
		expect(routes).toEqual([
			['reassigned', 'a2', 2],
			['exhausted', 'mgr', 3],
			['exhausted', 'mgr', 3],
			['exhausted', 'mgr', 3],
		]);
		expect(lead.assignment!.previousAgentIds).toEqual(['a1', 'a2']);
		expect((lead.escalation!.history as unknown[]).length).toBe(2);
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

describe('decideEscalation: an accepted offer is final', () => {
	it('leaves an accepted lead with its agent when it passes through again, after the deadline or with a decline', () => {
		const offered = applyEscalation(assignedLead(), decide(assignedLead(), 'noResponse', '2026-11-02T14:01:00Z', { links }));
		const accepted = applyEscalation(offered, decide(offered, 'accepted', '2026-11-02T14:02:00Z', { links }));
		for (const [response, now] of [
			['noResponse', '2026-11-02T14:06:00Z'],
			['declined', '2026-11-02T14:03:00Z'],
			['accepted', '2026-11-02T14:03:00Z'],
		] as const) {
			const again = decide(accepted, response, now, { links });
			expect(again.route).toBe('accepted');
			expect(again.assignment).toEqual(accepted.assignment);
			expect(again.escalation).toMatchObject({ status: 'accepted', agentId: 'a1', attempt: 1, waitSeconds: 0 });
			expect(again.escalation.history).toEqual([{ agentId: 'a1', attempt: 1, outcome: 'accepted', at: '2026-11-02T14:02:00.000Z', offeredAt: '2026-11-02T14:00:00.000Z' }]);
			expect(codes(again.escalation.reasons)).toContain('alreadyAccepted');
		}
	});

	it('starts over when the assignment is newer than the accepted record (Lead Match ran again)', () => {
		const accepted = applyEscalation(assignedLead(), decide(assignedLead(), 'accepted', '2026-11-02T14:02:00Z'));
		const rematched = { ...accepted, assignment: { ...accepted.assignment!, agentId: 'a4', decidedAt: '2026-11-02T15:00:00.000Z' } };
		expect(decide(rematched, 'declined', '2026-11-02T15:01:00Z').route).toBe('reassigned');
	});
});

describe('decideEscalation: who already had the lead', () => {
	it('counts agents in the escalation history even when previousAgentIds was lost by the store', () => {
		const base = assignedLead();
		const lead = {
			...base,
			assignment: { ...base.assignment!, agentId: 'a2', attempt: 2, previousAgentIds: null, decidedAt: '2026-11-02T14:05:00.000Z' },
			escalation: {
				attempt: 2,
				agentId: 'a2',
				status: 'reassigned',
				offeredAt: '2026-11-02T14:05:00.000Z',
				history: [{ agentId: 'a1', attempt: 1, outcome: 'expired', at: '2026-11-02T14:05:00.000Z' }],
			},
		} as unknown as Lead;
		const decision = decide(lead, 'declined', '2026-11-02T14:06:00Z');
		expect(decision.assignment.agentId).toBe('a3');
		expect(decision.assignment.previousAgentIds).toEqual(['a1', 'a2']);
		expect(decision.escalation.skipped.map((s) => [s.agentId, s.reasons[0].code])).toEqual([
			['a1', 'previouslyOffered'],
			['a2', 'previouslyOffered'],
		]);
	});
});

describe('decideEscalation: License Check result from a flat store', () => {
	it('reads eligibility stored as a JSON string, so an unlicensed agent is still skipped', () => {
		const lead = assignedLead();
		const eligibility = JSON.stringify({ ...lead.eligibility, eligibleAgentIds: ['a1', 'a3'] });
		const flat = { ...lead, eligibility, assignment: JSON.stringify(lead.assignment) } as unknown as Lead;
		const decision = decide(flat, 'declined', '2026-11-02T14:01:00Z');
		expect(decision.assignment.agentId).toBe('a3');
		expect(decision.escalation.skipped.map((s) => [s.agentId, s.reasons[0].code])).toContainEqual(['a2', 'notEligible']);
		expect(codes(decision.escalation.reasons)).not.toContain('eligibilityNotRechecked');
	});

	it.each([
		['{"eligibleAgentIds": ["a1",', 'eligibility', 'badJson'],
		['eligible', 'eligibility', 'badEligibility'],
		[{ status: 'eligible' }, 'eligibility.eligibleAgentIds', 'badEligibility'],
		[{ eligibleAgentIds: [{ id: 'a2' }] }, 'eligibility.eligibleAgentIds', 'badEligibility'],
	])('fails closed on an unreadable result %j', (eligibility, field, code) => {
		const lead = { ...assignedLead(), eligibility } as unknown as Lead;
		expect(() => decide(lead, 'declined', '2026-11-02T14:01:00Z')).toThrow(expect.objectContaining({ field, code }));
	});

	it('still trusts the rank, and says so, when the lead has no License Check result', () => {
		const decision = decide(assignedLead({ eligibility: undefined }), 'declined', '2026-11-02T14:01:00Z');
		expect(decision.assignment.agentId).toBe('a2');
		expect(codes(decision.escalation.reasons)).toContain('eligibilityNotRechecked');
	});
});

describe('decideEscalation: an after-hours assignment waits for the agent to open', () => {
	// Lead Match's "Wait for Next Open Agent": assigned at 23:00Z to a1, who opens at 09:00Z next day.
	function nightLead(): Lead {
		const lead = assignedLead();
		lead.assignment = {
			...lead.assignment!,
			decidedAt: '2026-11-02T23:00:00.000Z',
			availableAt: '2026-11-03T09:00:00.000Z',
		} as typeof lead.assignment & { availableAt: string };
		return lead;
	}

	it('starts the first offer\'s time limit when the agent opens, not at assignment', () => {
		const decision = decide(nightLead(), 'noResponse', '2026-11-02T23:06:00Z', { links });
		expect(decision.route).toBe('waiting');
		expect(decision.escalation).toMatchObject({
			offeredAt: '2026-11-03T09:00:00.000Z',
			deadline: '2026-11-03T09:05:00.000Z',
			waitSeconds: (9 * 60 + 54) * 60 + 5 * 60,
			linkExpiresAt: '2026-11-03T09:06:00.000Z',
		});
		expect(codes(decision.escalation.reasons)).toContain('offerStartsWhenAgentOpens');
		const current = { leadId: 'lead-1', agentId: 'a1', attempt: 1 };
		expect(verifyResponseLink(decision.escalation.acceptUrl!, links.secret, at('2026-11-03T09:04:00Z'), current).valid).toBe(true);
	});

	it('keeps that start on the next pass, lapses only after it, and does not carry availableAt to the next agent', () => {
		const waiting = applyEscalation(nightLead(), decide(nightLead(), 'noResponse', '2026-11-02T23:06:00Z'));
		expect(decide(waiting, 'noResponse', '2026-11-03T09:04:00Z').route).toBe('waiting');
		const lapsed = decide(waiting, 'noResponse', '2026-11-03T09:05:00Z');
		expect(lapsed.route).toBe('reassigned');
		expect(lapsed.assignment).not.toHaveProperty('availableAt');
		expect(lapsed.escalation).toMatchObject({ agentId: 'a2', offeredAt: '2026-11-03T09:05:00.000Z', deadline: '2026-11-03T09:10:00.000Z' });
	});

	it('ignores an availableAt that is not later than the assignment, and names a bad one', () => {
		const early = nightLead();
		(early.assignment as unknown as Record<string, unknown>).availableAt = '2026-11-02T22:00:00.000Z';
		const decision = decide(early, 'noResponse', '2026-11-02T23:01:00Z');
		expect(decision.escalation.deadline).toBe('2026-11-02T23:05:00.000Z');
		expect(codes(decision.escalation.reasons)).not.toContain('offerStartsWhenAgentOpens');
		const bad = nightLead();
		(bad.assignment as unknown as Record<string, unknown>).availableAt = 'tomorrow';
		expect(() => decide(bad, 'noResponse', '2026-11-02T23:01:00Z')).toThrow(
			expect.objectContaining({ field: 'assignment.availableAt', code: 'badTime' }),
		);
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
