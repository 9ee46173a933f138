/**
 * Google Forms, through Apps Script (`e.namedValues: {"Question title": ["answer"]}`) or as the
 * row of the responses sheet (`{"Timestamp": "...", "Question title": "answer"}`). Question
 * titles are the only keys, so the title is both the label and, slugged, the readable key.
 */
import type { ExtractedLead, SourceEntry } from '../entries';
import { uniqueKey } from '../entries';
import type { IssueLog } from '../issues';
import { type Scalar, idText, isPlainObject, safeEntries } from '../safe';
import { slugify } from './typeform';

function answerOf(value: unknown): Scalar | Scalar[] | undefined {
	if (Array.isArray(value)) {
		const scalars = value.filter((v): v is Scalar => v === null || typeof v !== 'object');
		// Apps Script joins checkbox answers into one string in a one-element array.
		return scalars.length === 1 ? scalars[0] : scalars;
	}
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as Scalar;
	return undefined;
}

export function readGoogleForms(body: Record<string, unknown>, issues: IssueLog): ExtractedLead {
	const answers = isPlainObject(body.namedValues) ? body.namedValues : body;
	const entries: SourceEntry[] = [];
	const taken = new Set<string>();
	let submittedAt: unknown;
	for (const [title, raw] of safeEntries(answers, 'namedValues', issues)) {
		const value = answerOf(raw);
		if (value === undefined) continue;
		if (/^timestamp$/i.test(title.trim())) {
			submittedAt = Array.isArray(value) ? value[0] : value;
			continue;
		}
		const key = uniqueKey(slugify(title) || 'answer', taken);
		entries.push({ path: [title], key, label: title, value });
	}
	return {
		kind: 'googleForms',
		formId: typeof body.formId === 'string' ? body.formId : null,
		sourceId: idText(body.responseId),
		submittedAt: submittedAt ?? body.timestamp,
		entries,
		context: {},
	};
}
