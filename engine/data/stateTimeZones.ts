/**
 * Licensing jurisdictions (the 50 states, DC and the five inhabited territories) and the IANA time
 * zones their calendars run on, easternmost first. License Check needs this because a license
 * expiring "2026-03-31" is valid through that day in the state's own calendar; for a state spanning
 * several zones the easternmost one reaches midnight first, so it decides (fail closed).
 * Military "states" (AA, AE, AP) are postal codes, not licensing jurisdictions, and are absent.
 * Source: IANA tz database zone.tab (zone comments name the states and counties each zone covers)
 * and the US DOT time zone boundary rules (49 CFR part 71). Reviewed 2026-11.
 */
export const STATE_TIME_ZONES: Readonly<Record<string, readonly string[]>> = {
	AL: ['America/Chicago'],
	// Juneau, Sitka and Anchorage share Alaska time; the western Aleutians are an hour behind.
	AK: ['America/Anchorage', 'America/Adak'],
	// Most of Arizona keeps standard time all year; the Navajo Nation observes daylight time.
	AZ: ['America/Denver', 'America/Phoenix'],
	AR: ['America/Chicago'],
	CA: ['America/Los_Angeles'],
	CO: ['America/Denver'],
	CT: ['America/New_York'],
	DE: ['America/New_York'],
	DC: ['America/New_York'],
	// The panhandle west of the Apalachicola River is on Central time.
	FL: ['America/New_York', 'America/Chicago'],
	GA: ['America/New_York'],
	HI: ['Pacific/Honolulu'],
	// The panhandle north of the Salmon River is on Pacific time.
	ID: ['America/Boise', 'America/Los_Angeles'],
	IL: ['America/Chicago'],
	// Northwest (Gary) and southwest (Evansville) corners are on Central time.
	IN: ['America/Indiana/Indianapolis', 'America/Chicago'],
	IA: ['America/Chicago'],
	KS: ['America/Chicago', 'America/Denver'],
	KY: ['America/New_York', 'America/Chicago'],
	LA: ['America/Chicago'],
	ME: ['America/New_York'],
	MD: ['America/New_York'],
	MA: ['America/New_York'],
	// Four Upper Peninsula counties bordering Wisconsin are on Central time.
	MI: ['America/Detroit', 'America/Menominee'],
	MN: ['America/Chicago'],
	MS: ['America/Chicago'],
	MO: ['America/Chicago'],
	MT: ['America/Denver'],
	NE: ['America/Chicago', 'America/Denver'],
	// West Wendover keeps Mountain time.
	NV: ['America/Denver', 'America/Los_Angeles'],
	NH: ['America/New_York'],
	NJ: ['America/New_York'],
	NM: ['America/Denver'],
	NY: ['America/New_York'],
	NC: ['America/New_York'],
	ND: ['America/Chicago', 'America/Denver'],
	OH: ['America/New_York'],
	OK: ['America/Chicago'],
	// Most of Malheur County is on Mountain time.
	OR: ['America/Boise', 'America/Los_Angeles'],
	PA: ['America/New_York'],
	RI: ['America/New_York'],
	SC: ['America/New_York'],
	SD: ['America/Chicago', 'America/Denver'],
	TN: ['America/New_York', 'America/Chicago'],
	// El Paso and Hudspeth counties are on Mountain time.
	TX: ['America/Chicago', 'America/Denver'],
	UT: ['America/Denver'],
	VT: ['America/New_York'],
	VA: ['America/New_York'],
	WA: ['America/Los_Angeles'],
	WV: ['America/New_York'],
	WI: ['America/Chicago'],
	WY: ['America/Denver'],
	PR: ['America/Puerto_Rico'],
	VI: ['America/St_Thomas'],
	GU: ['Pacific/Guam'],
	MP: ['Pacific/Saipan'],
	AS: ['Pacific/Pago_Pago'],
};

/** Whether a code is a jurisdiction that issues producer licenses. */
export function isLicensingJurisdiction(state: string): boolean {
	return Object.prototype.hasOwnProperty.call(STATE_TIME_ZONES, state);
}
