/**
 * Generic JSON from Zapier, Make, custom landing pages: flat or nested; nesting may be spelled
 * `a__b` (Zapier) or `a.b`; multi-selects may be comma-joined; emails and phones may be arrays.
 */
import type { ExtractedLead, SourceEntry } from '../entries';
import { flattenToEntries, uniqueKey } from '../entries';
import type { IssueLog } from '../issues';

/** Splits Zapier's `a__b` and dotted `a.b` keys into path segments. */
export function expandKeyPath(path: string[]): string[] {
	const out: string[] = [];
	for (const segment of path) {
		for (const part of segment.split(/__|\./)) if (part !== '') out.push(part);
	}
	return out.length > 0 ? out : path;
}

export function readFlat(body: Record<string, unknown>, issues: IssueLog): ExtractedLead {
	const entries: SourceEntry[] = [];
	const taken = new Set<string>();
	for (const entry of flattenToEntries(body, [], issues)) {
		// Keys that are question titles (n8n's Typeform and Jotform triggers emit answers by title)
		// are read like titles: "What's your ZIP code?" is the ZIP.
		const last = entry.path[entry.path.length - 1] ?? '';
		const label = /\s/.test(last.trim()) ? last : undefined;
		entries.push({ ...entry, path: expandKeyPath(entry.path), key: uniqueKey(entry.key, taken), label });
	}
	return { kind: 'flat', formId: null, sourceId: null, submittedAt: undefined, entries, context: {} };
}
