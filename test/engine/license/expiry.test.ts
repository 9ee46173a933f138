/** The time-zone edge of license expiry: valid through the expiry date in the state's own calendar. */
import { expiryCutoff } from '../../../engine/license';
import { agentRow, check, lead } from './fixtures';

/** A Florida / California / Texas resident whose license expires 2026-03-31. */
function expiringAgent(state: string) {
	return agentRow({
		residentState: state,
		licenses: [{ state, residency: 'resident', linesOfAuthority: ['personalLines'], expiresOn: '2026-03-31' }],
	});
}

describe('license expiry in the state time zone', () => {
	it('keeps a license valid late on its expiry day in the state, and expired the next morning', () => {
		// 23:30 on 2026-03-31 in New York is 03:30 UTC on April 1st: still valid in Florida.
		const lateEvening = new Date('2026-04-01T03:30:00Z');
		expect(check(lead(), [expiringAgent('FL')], { asOf: lateEvening }).status).toBe('eligible');
		// 08:00 on 2026-04-01 in New York.
		const nextMorning = new Date('2026-04-01T12:00:00Z');
		const result = check(lead(), [expiringAgent('FL')], { asOf: nextMorning });
		expect(result.status).toBe('none');
		expect(result.excluded[0].reasons.map((reason) => reason.code)).toEqual(['licenseExpired']);
	});

	it('uses the state zone, not UTC: 23:30 in California is already April 1st in UTC', () => {
		const lateEveningPacific = new Date('2026-04-01T06:30:00Z');
		expect(check(lead({ state: 'CA' }), [expiringAgent('CA')], { asOf: lateEveningPacific }).status).toBe('eligible');
		// The same instant is 02:30 on April 1st in New York: a New York license has expired.
		expect(check(lead({ state: 'NY' }), [expiringAgent('NY')], { asOf: lateEveningPacific }).status).toBe('none');
	});

	it('takes the easternmost zone of a multi-zone state (Florida expires at Eastern midnight)', () => {
		// 23:30 Central on March 31st is 00:30 Eastern on April 1st: expired in Miami, so expired.
		const lateCentral = new Date('2026-04-01T04:30:00Z');
		expect(check(lead(), [expiringAgent('FL')], { asOf: lateCentral }).status).toBe('none');
		expect(expiryCutoff('FL', '2026-03-31')).toBe(Date.parse('2026-04-01T04:00:00Z'));
		expect(expiryCutoff('TX', '2026-03-31')).toBe(Date.parse('2026-04-01T05:00:00Z'));
	});

	it('follows daylight saving time (Arizona keeps standard time, the Navajo Nation does not)', () => {
		// Midnight MDT (UTC-6) comes before midnight MST (UTC-7) in summer.
		expect(expiryCutoff('AZ', '2026-07-31')).toBe(Date.parse('2026-08-01T06:00:00Z'));
		expect(expiryCutoff('HI', '2026-07-31')).toBe(Date.parse('2026-08-01T10:00:00Z'));
	});

	it('is valid up to the last millisecond of the expiry day, and not one after', () => {
		const cutoff = expiryCutoff('FL', '2026-03-31');
		expect(check(lead(), [expiringAgent('FL')], { asOf: new Date(cutoff - 1) }).status).toBe('eligible');
		expect(check(lead(), [expiringAgent('FL')], { asOf: new Date(cutoff) }).status).toBe('none');
	});
});
