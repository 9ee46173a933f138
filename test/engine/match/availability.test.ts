/** Eligibility, caps, working hours, out of office, after-hours modes and sticky owner. */
import { matchLead, matchLeads } from '../../../engine/match/matchLead';
import type { WorkingWindow } from '../../../engine/types';
import { agent, assigned, context, lead } from './fixtures';

const WEEKDAYS_9_TO_5: WorkingWindow[] = [{ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 }];
const WED_3PM_UTC = new Date('2026-03-18T15:00:00Z'); // 11:00 in New York, 08:00 in Los Angeles
const WED_11PM_UTC = new Date('2026-03-18T23:30:00Z'); // 19:30 New York, 16:30 Los Angeles

describe('who may and can take the lead', () => {
	it('only ever assigns agents License Check found eligible', () => {
		const ctx = context([agent('ava'), agent('ben'), agent('cy')], [], WED_3PM_UTC);
		const eligibility = { status: 'eligible' as const, eligibleAgentIds: ['cy'], excluded: [{ agentId: 'ava', reasons: [{ code: 'noLicenseInState', message: 'no FL license' }] }], warnings: [], checkedAt: '' };
		const decisions = matchLeads([lead('A', { eligibility }), lead('B', { eligibility })], WED_3PM_UTC, ctx);
		expect(decisions.map((d) => d.assigned && d.assignment.agentId)).toEqual(['cy', 'cy']);
		if (!decisions[0].assigned) throw new Error('expected an assignment');
		expect(decisions[0].assignment.reasons).toContain('noLicenseInState (ava): no FL license');
	});

	it('fails closed when License Check needs review', () => {
		const ctx = context([agent('ava')], [], WED_3PM_UTC);
		const decision = matchLead(
			lead('A', { eligibility: { status: 'needsReview', eligibleAgentIds: [], excluded: [], warnings: [], checkedAt: '' } }),
			WED_3PM_UTC,
			ctx,
		);
		expect(decision.assigned).toBe(false);
		if (decision.assigned) return;
		expect(decision.unassigned.reasons.map((r) => r.code)).toEqual(['noEligibleAgents', 'eligibilityNotClear']);
	});

	it('skips agents at their daily cap or open-lead cap, counting this batch too', () => {
		const agents = [agent('ava', { capacity: { perDay: 2 } }), agent('ben', { capacity: { open: 1 } })];
		const ctx = context(agents, [], WED_3PM_UTC, { afterHours: 'leaveUnassigned' });
		const decisions = matchLeads(['A', 'B', 'C', 'D'].map((id) => lead(id)), WED_3PM_UTC, ctx);
		expect(decisions.map((d) => (d.assigned ? d.assignment.agentId : 'none'))).toEqual(['ava', 'ben', 'ava', 'none']);
		const last = decisions[3];
		if (last.assigned) return;
		const why = Object.fromEntries(last.unassigned.agents.map((a) => [a.agentId, a.reasons.map((r) => r.code)]));
		expect(why).toEqual({ ava: ['dailyCapReached'], ben: ['openCapReached'] });
	});

	it('respects working hours in the agent zone and out-of-office windows', () => {
		const agents = [
			agent('east', { workingHours: WEEKDAYS_9_TO_5 }),
			agent('west', { workingHours: WEEKDAYS_9_TO_5, timezone: 'America/Los_Angeles' }),
			agent('away', { outOfOffice: [{ from: '2026-03-16', to: '2026-03-20' }] }),
		];
		const morning = matchLeads(['A', 'B'].map((id) => lead(id)), WED_3PM_UTC, context(agents, [], WED_3PM_UTC));
		expect(morning.map((d) => d.assigned && d.assignment.agentId)).toEqual(['east', 'east']);
		const evening = matchLeads(['C'].map((id) => lead(id)), WED_11PM_UTC, context(agents, [], WED_11PM_UTC));
		expect(evening.map((d) => d.assigned && d.assignment.agentId)).toEqual(['west']);
	});

	it('after hours, waits for the agent who opens soonest and says when', () => {
		const agents = [
			agent('east', { workingHours: WEEKDAYS_9_TO_5 }),
			agent('west', { workingHours: WEEKDAYS_9_TO_5, timezone: 'America/Los_Angeles', onCall: true }),
		];
		const night = new Date('2026-03-19T03:00:00Z'); // 23:00 New York, 20:00 Los Angeles
		const decision = matchLead(lead('A'), night, context(agents, [], night, { afterHours: 'waitForNextOpen' }));
		if (!decision.assigned) throw new Error('expected an assignment');
		expect(decision.assignment.agentId).toBe('east');
		expect(decision.assignment.availableAt).toBe('2026-03-19T13:00:00.000Z');
		expect(decision.assignment.rank.map((r) => r.agentId)).toEqual(['west']);
	});

	it('after hours, hands the lead to whoever is on call', () => {
		const agents = [
			agent('east', { workingHours: WEEKDAYS_9_TO_5 }),
			agent('west', { workingHours: WEEKDAYS_9_TO_5, timezone: 'America/Los_Angeles', onCall: true }),
		];
		const night = new Date('2026-03-19T03:00:00Z');
		const decision = matchLead(lead('A'), night, context(agents, [], night, { afterHours: 'onCall' }));
		if (!decision.assigned) throw new Error('expected an assignment');
		expect(decision.assignment.agentId).toBe('west');
		expect(decision.assignment.strategy).toBe('roundRobin:onCall');
		const none = matchLead(lead('B'), night, context(agents, [], night, { afterHours: 'leaveUnassigned' }));
		expect(none.assigned).toBe(false);
	});
});

describe('sticky owner', () => {
	const history = [
		assigned('ava', '2026-01-05T10:00:00Z', 'old-1'),
		assigned('ben', '2026-03-10T10:00:00Z', 'old-2', {
			lead: { leadId: 'old-2', product: 'auto', state: 'FL', source: null, score: null, dedupeKey: 'jane@mail.test' },
		}),
	];

	it('gives a returning person to the agent who already owns them', () => {
		const ctx = context([agent('ava'), agent('ben')], history, WED_3PM_UTC);
		const decision = matchLead(lead('new', { dedupeKey: 'jane@mail.test' }), WED_3PM_UTC, ctx);
		if (!decision.assigned) throw new Error('expected an assignment');
		expect(decision.assignment.agentId).toBe('ben');
		expect(decision.assignment.strategy).toBe('roundRobin+sticky');
		expect(decision.assignment.reasons[0]).toMatch(/^stickyOwner/);
	});

	it('ignores ownership outside the window, or when the owner is not available', () => {
		const outside = matchLead(lead('new', { dedupeKey: 'jane@mail.test' }), WED_3PM_UTC, context([agent('ava'), agent('ben')], history, WED_3PM_UTC, { sticky: { windowDays: 3 } }));
		expect(outside.assigned && outside.assignment.strategy).toBe('roundRobin');
		const away = [agent('ava'), agent('ben', { active: false })];
		const unavailable = matchLead(lead('new', { dedupeKey: 'jane@mail.test' }), WED_3PM_UTC, context(away, history, WED_3PM_UTC));
		if (!unavailable.assigned) throw new Error('expected an assignment');
		expect(unavailable.assignment.agentId).toBe('ava');
		expect(unavailable.assignment.reasons.some((r) => r.startsWith('stickyOwnerUnavailable (ben)'))).toBe(true);
	});

	it('keeps a batch sticky: a second lead from the same person follows the first', () => {
		const ctx = context([agent('ava'), agent('ben'), agent('cy')], [], WED_3PM_UTC);
		const decisions = matchLeads([lead('a', { dedupeKey: 'x@y.z' }), lead('b', { dedupeKey: 'x@y.z' })], WED_3PM_UTC, ctx);
		expect(decisions[1].assigned && decisions[1].assignment.agentId).toBe(decisions[0].assigned && decisions[0].assignment.agentId);
	});
});
