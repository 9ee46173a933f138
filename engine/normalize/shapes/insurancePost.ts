/**
 * Insurance ping/post feeds (EverQuote, MediaAlpha, SmartFinancial-style posts): snake_case keys
 * such as `lead_type`, `primary_phone`, `tcpa_optin`, `origination_datetime`, one prefix per
 * driver and vehicle (`driver1_first_name`, `vehicle1_make`), or the same nested (`drivers[]`,
 * `vehicles[]`) or under dotted `Lead.*` keys. The first driver is the person being quoted; the
 * others stay in `fields`.
 */
import type { ExtractedLead, SourceEntry } from '../entries';
import { flattenToEntries, uniqueKey } from '../entries';
import type { IssueLog } from '../issues';
import { isPlainObject } from '../safe';
import { expandKeyPath } from './flat';

export function readInsurancePost(body: Record<string, unknown>, issues: IssueLog): ExtractedLead {
	const root = isPlainObject(body.Lead) && Object.keys(body).length === 1 ? body.Lead : body;
	const entries: SourceEntry[] = [];
	const taken = new Set<string>();
	for (const entry of flattenToEntries(root, [], issues)) {
		entries.push({ ...entry, path: expandKeyPath(entry.path), key: uniqueKey(entry.key, taken) });
	}
	return {
		kind: 'insurancePost',
		formId: null,
		// The vendor's lead id is an ordinary answer (`lead_id`, `LeadID`): the field map finds it.
		sourceId: null,
		submittedAt: undefined,
		entries,
		context: {},
	};
}
