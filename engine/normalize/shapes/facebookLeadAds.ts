/**
 * Facebook Lead Ads: the lead as the Graph API returns it (`GET /{leadgen_id}`):
 * `{id, created_time, ad_id, form_id, field_data: [{name, values: [...]}]}`, or as n8n's own
 * Facebook Lead Ads Trigger emits it with "Simplify Output" on: `{id, data: {full_name: ...},
 * form: {id, name}, ad: {id, name}, adset, page, created_time}`. The webhook itself
 * (`entry[].changes[].value.leadgen_id`) carries ids only: it is recognised and reported, since
 * the answers must first be fetched with the Graph API.
 */
import type { ExtractedLead, SourceEntry } from '../entries';
import { flattenToEntries, uniqueKey } from '../entries';
import type { IssueLog } from '../issues';
import { type Scalar, idText, isPlainObject } from '../safe';

const LEAD_META = new Set(['id', 'created_time', 'form_id', 'field_data', 'data', 'event']);

/** The leadgen id inside a Lead Ads webhook notification, if this is one. */
export function leadgenIdOf(body: Record<string, unknown>): string | null {
	if (!Array.isArray(body.entry)) return null;
	for (const entry of body.entry) {
		if (!isPlainObject(entry) || !Array.isArray(entry.changes)) continue;
		for (const change of entry.changes) {
			const leadgenId = isPlainObject(change) && isPlainObject(change.value) ? idText(change.value.leadgen_id) : null;
			if (leadgenId !== null) return leadgenId;
		}
	}
	return null;
}

export function readFacebookLeadAds(body: Record<string, unknown>, issues: IssueLog): ExtractedLead {
	const entries: SourceEntry[] = [];
	const taken = new Set<string>();
	const notificationId = leadgenIdOf(body);
	if (notificationId !== null) {
		issues.warn(
			'field_data',
			'facebookIdsOnly',
			'This is a Lead Ads webhook notification, which carries only ids: fetch the lead with the Facebook Graph API (GET /{leadgen_id}) and pass that to Lead Normalize',
		);
	}
	const fieldData = Array.isArray(body.field_data) ? body.field_data : [];
	// n8n's trigger, simplified: answers as a plain object (first value of each field).
	if (!Array.isArray(body.field_data) && isPlainObject(body.data)) {
		for (const [name, value] of Object.entries(body.data)) fieldData.push({ name, values: [value] });
	}
	for (const field of fieldData) {
		if (!isPlainObject(field) || typeof field.name !== 'string') continue;
		const values = (Array.isArray(field.values) ? field.values : [field.values]).filter(
			(value): value is Scalar => value === null || typeof value !== 'object',
		);
		if (values.length === 0) continue;
		const key = uniqueKey(field.name, taken);
		entries.push({
			path: [field.name],
			key,
			label: field.name.replace(/_/g, ' '),
			value: values.length === 1 ? values[0] : values,
		});
	}
	// Ad and campaign ids and names stay with the lead: they are what reports group by.
	for (const entry of flattenToEntries(body, [], issues, [], LEAD_META)) {
		if (entry.path[0] === 'entry' || entry.path[0] === 'object') continue;
		entries.push({ ...entry, key: uniqueKey(entry.key, taken) });
	}
	return {
		kind: 'facebookLeadAds',
		formId: idText(body.form_id) ?? (isPlainObject(body.form) ? idText(body.form.id) : null),
		sourceId: idText(body.id) ?? notificationId,
		submittedAt: body.created_time,
		entries,
		context: {},
	};
}
