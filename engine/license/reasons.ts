/**
 * License Check's stable reason codes (documented in docs/reason-codes.md). Workflows branch on
 * these strings and audits search for them, so a code is never renamed; messages may improve.
 */
export const LICENSE_REASONS = {
	/** Agent-level: why one agent cannot take this lead. */
	inactive: 'inactive',
	noLicenseInState: 'noLicenseInState',
	licenseExpired: 'licenseExpired',
	licenseInactive: 'licenseInactive',
	missingLineOfAuthority: 'missingLineOfAuthority',
	residentLicenseInactive: 'residentLicenseInactive',
	noAppointment: 'noAppointment',
	notNamedInConsent: 'notNamedInConsent',
	/** Medicare lead: no certification (or carrier ready-to-sell) for the plan year on file. */
	medicareNotCertified: 'medicareNotCertified',
	rosterInvalid: 'rosterInvalid',
	/** Lead-level: why nobody can be judged eligible for this lead. */
	unknownState: 'unknownState',
	unknownProduct: 'unknownProduct',
	emptyRoster: 'emptyRoster',
	/** Warnings: the agent is eligible, but someone should act soon. */
	licenseExpiringSoon: 'licenseExpiringSoon',
	licenseExpiryUnknown: 'licenseExpiryUnknown',
	/** Eligible in a just-in-time appointment state without an appointment in force: file it. */
	appointmentJustInTime: 'appointmentJustInTime',
} as const;

export type LicenseReasonCode = (typeof LICENSE_REASONS)[keyof typeof LICENSE_REASONS];
