/** Small roster and lead builders for License Check tests. */
import { parseRoster } from '../../../engine/roster';
import { checkEligibility, indexRoster, type LicenseCheckOptions, type LicenseLead } from '../../../engine/license';
import type { Eligibility } from '../../../engine/types';
import { givenConsent } from '../../fixtures/consent';

export function lead(overrides: Partial<LicenseLead> = {}): LicenseLead {
	return {
		leadId: 'lead-1',
		state: 'FL',
		product: 'auto',
		carrier: null,
		consent: givenConsent(),
		...overrides,
	};
}

/** A Florida resident with personal lines in FL, active, expiring far in the future. */
export function agentRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: 'a1',
		name: 'Ana Alvarez',
		active: true,
		timezone: 'America/New_York',
		residentState: 'FL',
		licenses: [
			{ state: 'FL', residency: 'resident', linesOfAuthority: ['personalLines'], status: 'active', expiresOn: '2030-12-31' },
		],
		appointments: [],
		...overrides,
	};
}

export const AS_OF = new Date('2026-03-15T15:00:00Z');

export function check(
	leadValue: LicenseLead,
	rows: unknown[],
	options: Partial<LicenseCheckOptions> = {},
): Eligibility {
	return checkEligibility(leadValue, indexRoster(parseRoster(rows)), { asOf: AS_OF, ...options });
}

export function reasonCodes(eligibility: Eligibility, agentId: string): string[] {
	return eligibility.excluded.find((entry) => entry.agentId === agentId)?.reasons.map((reason) => reason.code) ?? [];
}
