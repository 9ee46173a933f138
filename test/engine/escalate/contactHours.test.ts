import {
	nextContactTime,
	parseContactWindow,
	parseStateContactWindows,
} from '../../../engine/escalate/contactHours';
import { decideEscalation } from '../../../engine/escalate/escalate';
import { assignedLead, at, roster } from './fixtures';

// 2026-11-02 is a Monday after the end of daylight time: New York UTC-5, Chicago UTC-6, Los Angeles UTC-8.
describe('nextContactTime', () => {
	it('is now inside 8 am-9 pm local time', () => {
		const next = nextContactTime(at('2026-11-02T15:00:00Z'), 'NY');
		expect(next).toMatchObject({ withinWindow: true, zones: ['America/New_York'] });
		expect(next.at.toISOString()).toBe('2026-11-02T15:00:00.000Z');
	});

	it('waits until 8 am local for a lead at 10 pm local', () => {
		// 22:00 in Los Angeles on Monday = 06:00Z Tuesday; 08:00 Tuesday in Los Angeles = 16:00Z.
		const next = nextContactTime(at('2026-11-03T06:00:00Z'), 'CA');
		expect(next.withinWindow).toBe(false);
		expect(next.at.toISOString()).toBe('2026-11-03T16:00:00.000Z');
		expect(next.reasons.map((r) => r.code)).toEqual(['outsideContactHours']);
	});

	it('uses a stricter state window from the overrides', () => {
		// 20:30 in New York: open under TCPA (until 21:00), closed under FL 8-20.
		const now = at('2026-11-03T01:30:00Z');
		expect(nextContactTime(now, 'NY', { stateWindows: parseStateContactWindows('FL=8-20') }).withinWindow).toBe(true);
		const florida = nextContactTime(now, 'FL', { stateWindows: parseStateContactWindows('FL=8-20, OK=8-20') });
		expect(florida.withinWindow).toBe(false);
		// Florida spans two zones: 8 am has to have come in the Central panhandle too (14:00Z = 9 am Eastern).
		expect(florida.at.toISOString()).toBe('2026-11-03T14:00:00.000Z');
		expect(florida.reasons.map((r) => r.code)).toEqual(['stateContactHours', 'outsideContactHours']);
	});

	it('a Florida lead at 10 pm Eastern is next called when both Florida zones are past 8 am', () => {
		const next = nextContactTime(at('2026-11-03T03:00:00Z'), 'fl');
		expect(next.at.toISOString()).toBe('2026-11-03T14:00:00.000Z');
		expect(next.zones).toEqual(['America/New_York', 'America/Chicago']);
	});

	it('is open only when it is open in every contiguous zone when the state is unknown', () => {
		// 12:00Z = 7 am Eastern: closed everywhere west too; first joint opening is 8 am Pacific = 16:00Z.
		const next = nextContactTime(at('2026-11-02T12:00:00Z'), null);
		expect(next.reasons[0].code).toBe('contactZoneUnknown');
		expect(next.at.toISOString()).toBe('2026-11-02T16:00:00.000Z');
	});

	it('handles the spring-forward day (the opening is still 8 am local)', () => {
		// 2026-03-08: clocks go from 2 am to 3 am in New York; 8 am EDT = 12:00Z.
		expect(nextContactTime(at('2026-03-08T05:00:00Z'), 'NY').at.toISOString()).toBe('2026-03-08T12:00:00.000Z');
	});

	it('parses windows and rejects unreadable ones naming the field', () => {
		expect(parseContactWindow('08:30-20')).toEqual({ startMinute: 510, endMinute: 1200 });
		expect(parseStateContactWindows('fl: 8-20\nOK=8-20')).toEqual({
			FL: { startMinute: 480, endMinute: 1200 },
			OK: { startMinute: 480, endMinute: 1200 },
		});
		expect(() => parseStateContactWindows('Florida=8-20')).toThrow(expect.objectContaining({ field: 'stateContactHours' }));
		expect(() => parseContactWindow('20-8')).toThrow(expect.objectContaining({ code: 'badContactHours' }));
		expect(() => parseContactWindow('8-25')).toThrow(expect.objectContaining({ code: 'badContactHours' }));
	});
});

describe('escalation carries the next contact time', () => {
	it('a reassigned California lead at 10 pm local is to be called at 8 am', () => {
		const lead = assignedLead({ state: 'CA' });
		lead.assignment!.decidedAt = '2026-11-03T05:50:00Z';
		const decision = decideEscalation({ lead, response: 'declined', now: at('2026-11-03T06:00:00Z'), roster });
		expect(decision.escalation.nextContactAt).toBe('2026-11-03T16:00:00.000Z');
		expect(decision.escalation.contactWindow).toEqual({
			zones: ['America/Los_Angeles'],
			opens: '08:00',
			closes: '21:00',
			withinWindow: false,
		});
	});
});
