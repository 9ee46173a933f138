/**
 * US states to USPS codes: codes in any case, full names, territory and military names, and the
 * old abbreviations people still type ("Calif.", "N. Carolina", "Penna").
 */
import { STATE_NAMES, STATE_VARIANTS } from '../../data/states';
import type { IssueLog } from '../issues';
import { quote } from '../issues';

const LOOKUP: ReadonlyMap<string, string> = (() => {
	const map = new Map<string, string>();
	for (const [code, name] of Object.entries(STATE_NAMES)) {
		map.set(code.toLowerCase(), code);
		map.set(lookupForm(name), code);
		map.set(lookupForm(`state of ${name}`), code);
	}
	for (const [variant, code] of Object.entries(STATE_VARIANTS)) map.set(variant, code);
	return map;
})();

function lookupForm(text: string): string {
	return text
		.toLowerCase()
		.replace(/\./g, ' ')
		.replace(/[^a-z ]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** The USPS code for a state as written, or null. */
export function stateCode(text: string): string | null {
	const form = lookupForm(text);
	const direct = LOOKUP.get(form) ?? LOOKUP.get(form.replace(/ /g, ''));
	if (direct) return direct;
	// "FL - Florida", "Florida (FL)", "fl, usa": try each part. Parts naming two different states
	// ("FL/GA", "NY-NJ") are not one state: reading the first would license or route on a guess.
	const codes = new Set<string>();
	for (const part of text.split(/[-(),/]/)) {
		const form = lookupForm(part);
		const code = form === '' ? undefined : LOOKUP.get(form);
		if (code) codes.add(code);
	}
	return codes.size === 1 ? [...codes][0] : null;
}

export function cleanState(text: string, field: string, issues: IssueLog): string | null {
	const code = stateCode(text);
	if (!code) issues.warn(field, 'stateUnknown', `${field} ${quote(text)} is not a US state, territory or military code`);
	return code;
}
