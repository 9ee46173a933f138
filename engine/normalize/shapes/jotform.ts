/**
 * Jotform webhook: a form-encoded post with `formID`, `submissionID` and `rawRequest`, a JSON
 * string whose keys look like `q3_name: {first, last}`, `q4_email`, `q5_phoneNumber: {full}`.
 * The `qN_` prefix is the question number and is dropped (so is the same number repeated at the
 * end of a generated name, `q6_email6`); compound answers are flattened.
 */
import type { ExtractedLead, SourceEntry } from '../entries';
import { flattenToEntries, uniqueKey } from '../entries';
import type { IssueLog } from '../issues';
import { MAX_STRING_LENGTH, idText, isPlainObject, safeEntries } from '../safe';

// Bookkeeping Jotform adds to every submission; not answers.
const JOTFORM_NOISE = new Set([
	'slug',
	'jsExecutionTracker',
	'submitSource',
	'buildDate',
	'uploadServerUrl',
	'eventObserver',
	'validatedNewRequiredFieldIDs',
	'path',
	'timeToSubmit',
	'event_id',
	'pretty',
	'rawRequest',
	'formID',
	'submissionID',
	'webhookURL',
	'username',
	'type',
	'formTitle',
	'customParams',
	'documentID',
	'teamID',
	'subject',
	'isSilent',
	'customTitle',
	'appID',
]);

function parseRawRequest(raw: unknown, issues: IssueLog): Record<string, unknown> {
	if (isPlainObject(raw)) return raw;
	if (typeof raw !== 'string') return {};
	if (raw.length > MAX_STRING_LENGTH * 10) {
		issues.error('rawRequest', 'valueTooLong', 'rawRequest is too large to be a form submission');
		return {};
	}
	try {
		const parsed: unknown = JSON.parse(raw);
		if (isPlainObject(parsed)) return parsed;
	} catch {
		// fall through to the warning
	}
	issues.warn('rawRequest', 'unreadableRawRequest', 'rawRequest is not a JSON object; only the top-level fields were read');
	return {};
}

/**
 * `q3_name` -> `name`; `q3_name[first]` (form-encoded) -> ['name', 'first']. Jotform's generated
 * unique names repeat the question number (`q6_email6`, `q3_fullName3`); that suffix is dropped
 * too, but only when it is the same number, so `q7_address1` stays `address1`.
 */
function questionPath(key: string): string[] {
	const prefix = /^q(\d+)_/.exec(key);
	let stripped = prefix ? key.slice(prefix[0].length) : key;
	if (prefix) {
		const name = /^[^[\]]*/.exec(stripped)![0];
		if (name.length > prefix[1].length && name.endsWith(prefix[1]) && !/\d/.test(name[name.length - prefix[1].length - 1])) {
			stripped = name.slice(0, -prefix[1].length) + stripped.slice(name.length);
		}
	}
	const parts = stripped.split(/\[|\]/).filter((part) => part !== '');
	return parts.length > 0 ? parts : [stripped];
}

/** `{full: '...'}` and `{area, phone}` are one phone number, not two answers. */
function collapseCompound(value: unknown): unknown {
	if (!isPlainObject(value)) return value;
	if (typeof value.full === 'string') return value.full;
	if (typeof value.area === 'string' && typeof value.phone === 'string') return `${value.area}${value.phone}`;
	return value;
}

export function readJotform(body: Record<string, unknown>, issues: IssueLog): ExtractedLead {
	const answers = parseRawRequest(body.rawRequest, issues);
	const entries: SourceEntry[] = [];
	const taken = new Set<string>();
	const seen = new Set<string>();
	const sources: Array<Record<string, unknown>> = [answers, body];
	for (const source of sources) {
		for (const [key, value] of safeEntries(source, '', issues)) {
			if (JOTFORM_NOISE.has(key)) continue;
			const path = questionPath(key);
			const pathKey = path.join('.');
			if (seen.has(pathKey)) continue; // rawRequest wins over the flattened top-level copy
			seen.add(pathKey);
			const spellings = key === pathKey ? [] : [key, key.replace(/^q\d+_/, '')];
			for (const entry of flattenToEntries(collapseCompound(value), path, issues)) {
				const subPath = entry.path.slice(path.length);
				const sourceKeys = spellings.map((spelling) => [spelling, ...subPath].join('.'));
				entries.push({ ...entry, key: uniqueKey(entry.key, taken), ...(sourceKeys.length > 0 ? { sourceKeys } : {}) });
			}
		}
	}
	const submitDate = answers.submitDate ?? body.submitDate ?? body.created_at;
	return {
		kind: 'jotform',
		formId: idText(body.formID),
		sourceId: idText(body.submissionID),
		submittedAt: submitDate,
		entries: entries.filter((entry) => entry.path[0] !== 'submitDate'),
		context: {},
	};
}
