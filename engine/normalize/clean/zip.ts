/**
 * ZIP codes: five digits, zero-padded when a spreadsheet dropped leading zeros (2134 -> 02134),
 * ZIP+4 cut to its first five; and the state a ZIP belongs to, for leads that give no state.
 */
import { ZIP3_RANGES } from '../../data/zip3';
import type { IssueLog } from '../issues';
import { quote } from '../issues';

export function cleanZip(text: string, field: string, issues: IssueLog): string | null {
	const trimmed = text.trim();
	const plus4 = /^(\d{5})(?:[-\s]?\d{4})?$/.exec(trimmed);
	if (plus4) return plus4[1];
	// 3 or 4 digits: a New England or New Jersey ZIP whose leading zeros a spreadsheet removed.
	if (/^\d{3,4}$/.test(trimmed)) {
		const padded = trimmed.padStart(5, '0');
		issues.warn(field, 'zipPadded', `${field} ${trimmed} was padded to ${padded} (leading zeros are often lost in spreadsheets)`);
		return padded;
	}
	// 7 or 8 digits: a ZIP+4 that lost its leading zeros the same way.
	if (/^\d{7,8}$/.test(trimmed)) {
		const padded = trimmed.padStart(9, '0').slice(0, 5);
		issues.warn(field, 'zipPadded', `${field} ${trimmed} was read as ZIP+4 and padded to ${padded}`);
		return padded;
	}
	issues.warn(field, 'zipInvalid', `${field} ${quote(text)} is not a US ZIP code`);
	return null;
}

/** The state a ZIP's sectional center (first three digits) lies in, or null if unassigned. */
export function stateForZip(zip: string): string | null {
	const prefix = Number(zip.slice(0, 3));
	let low = 0;
	let high = ZIP3_RANGES.length - 1;
	while (low <= high) {
		const mid = (low + high) >> 1;
		const [first, last, state] = ZIP3_RANGES[mid];
		if (prefix < first) high = mid - 1;
		else if (prefix > last) low = mid + 1;
		else return state;
	}
	return null;
}
