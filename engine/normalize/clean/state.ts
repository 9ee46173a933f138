/**
 * US states to USPS codes: codes in any case, full names (also in their official style,
 * "Commonwealth of Virginia", "New York State"), territory and military names, and the old
 * abbreviations people still type ("Calif.", "N. Carolina", "Penna").
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

/**
 * The name without its official style: "Commonwealth of Massachusetts", "New York State",
 * "Territory of Guam", "Commonwealth of the Northern Mariana Islands".
 */
function withoutStyle(form: string): string {
	return form.replace(/^(the )?(state|commonwealth|territory) of (the )?/, '').replace(/ state$/, '');
}

function lookup(form: string): string | undefined {
	return LOOKUP.get(form) ?? LOOKUP.get(withoutStyle(form));
}

/** The USPS code for a state as written, or null. */
export function stateCode(text: string): string | null {
	const form = lookupForm(text);
	const direct = lookup(form) ?? LOOKUP.get(form.replace(/ /g, ''));
	if (direct) return direct;
	// "FL - Florida", "Florida (FL)", "fl, usa": try each part. Parts naming two different states
	// ("FL/GA", "NY-NJ") are not one state: reading the first would license or route on a guess.
	const codes = new Set<string>();
	for (const part of text.split(/[-(),/]/)) {
		const form = lookupForm(part);
		const code = form === '' ? undefined : lookup(form);
		if (code) codes.add(code);
	}
	return codes.size === 1 ? [...codes][0] : null;
}

export function cleanState(text: string, field: string, issues: IssueLog): string | null {
	const code = stateCode(text);
	if (!code) issues.warn(field, 'stateUnknown', `${field} ${quote(text)} is not a US state, territory or military code`);
	return code;
}
