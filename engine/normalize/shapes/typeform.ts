/**
 * Typeform webhook: `{event_type: 'form_response', form_response: {form_id, token, submitted_at,
 * hidden, definition: {fields}, answers}}`. An answer's value sits under its own type
 * (`answer.email`, `answer.choice.label`); its meaning comes from `field.ref` or the title in
 * `definition.fields`.
 */
import { ownEntry } from '../../coerce';
import type { ExtractedLead, SourceEntry } from '../entries';
import { flattenToEntries, uniqueKey } from '../entries';
import type { CanonicalField } from '../fieldAliases';
import type { IssueLog } from '../issues';
import { type Scalar, idText, isPlainObject, safeEntries } from '../safe';

const TYPE_HINTS: Record<string, CanonicalField> = { email: 'email', phone_number: 'phone' };
// Typeform generates refs as UUIDs unless the form author names them: those say nothing.
const GENERATED_REF = /^[0-9a-f]{8}-[0-9a-f]{4}-|^[0-9a-f-]{20,}$/i;

function answerValue(answer: Record<string, unknown>): Scalar | Scalar[] | undefined {
	const type = typeof answer.type === 'string' ? answer.type : '';
	const value = answer[type];
	if (type === 'choice' && isPlainObject(value)) return (value.label ?? value.other ?? null) as Scalar;
	if (type === 'choices' && isPlainObject(value)) {
		const labels = Array.isArray(value.labels) ? value.labels.filter((l) => typeof l === 'string') : [];
		if (typeof value.other === 'string') labels.push(value.other);
		return labels as string[];
	}
	if (type === 'payment' && isPlainObject(value)) return (value.amount ?? null) as Scalar;
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as Scalar;
	return undefined;
}

/** "What's your ZIP code?" -> "whats_your_zip_code": a readable key from a question title. */
export function slugify(title: string): string {
	return title
		.toLowerCase()
		.replace(/['’]/g, '')
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 60);
}

export function readTypeform(body: Record<string, unknown>, issues: IssueLog): ExtractedLead {
	const response = isPlainObject(body.form_response) ? body.form_response : body;
	const definition = isPlainObject(response.definition) ? response.definition : {};
	const titles = new Map<string, string>();
	if (Array.isArray(definition.fields)) {
		for (const field of definition.fields) {
			if (isPlainObject(field) && typeof field.id === 'string' && typeof field.title === 'string') {
				titles.set(field.id, field.title);
			}
		}
	}
	const entries: SourceEntry[] = [];
	const taken = new Set<string>();
	const answers = Array.isArray(response.answers) ? response.answers : [];
	for (const answer of answers) {
		if (!isPlainObject(answer)) continue;
		safeEntries(answer, 'answers', issues);
		const field = isPlainObject(answer.field) ? answer.field : {};
		const value = answerValue(answer);
		if (value === undefined) continue;
		const ref = typeof field.ref === 'string' && !GENERATED_REF.test(field.ref) ? field.ref : null;
		const title = typeof field.id === 'string' ? titles.get(field.id) : undefined;
		const key = uniqueKey(ref ?? (title ? slugify(title) : String(field.id ?? 'answer')), taken);
		const hint = typeof answer.type === 'string' ? ownEntry(TYPE_HINTS, answer.type) : undefined;
		entries.push({ path: [ref ?? key], key, label: title, hint, value });
	}
	if (isPlainObject(response.hidden)) {
		for (const entry of flattenToEntries(response.hidden, [], issues)) {
			entries.push({ ...entry, key: uniqueKey(entry.key, taken) });
		}
	}
	return {
		kind: 'typeform',
		formId: typeof response.form_id === 'string' ? response.form_id : null,
		sourceId: idText(response.token),
		submittedAt: response.submitted_at ?? response.landed_at,
		entries,
		context: {},
	};
}
