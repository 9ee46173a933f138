/**
 * HubSpot, two ways: a form submission (`{fields: [{objectTypeId, name, value}], context:
 * {pageUri, pageName, hutk, ipAddress}, legalConsentOptions}`) and the flat contact properties a
 * workflow webhook posts (`{firstname, lastname, email, phone, state, zip, hs_object_id}`, or the
 * legacy `{vid, properties: {firstname: {value}}}`).
 */
import type { ExtractedLead, SourceEntry } from '../entries';
import { flattenToEntries, uniqueKey } from '../entries';
import type { IssueLog } from '../issues';
import { idText, isPlainObject, safeEntries } from '../safe';

/** `{value, versions, ...}` (legacy contact property) -> value. */
function unwrapProperties(properties: Record<string, unknown>, issues: IssueLog): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of safeEntries(properties, 'properties', issues)) {
		out[key] = isPlainObject(value) && 'value' in value ? value.value : value;
	}
	return out;
}

/**
 * HubSpot's consent block. Only a communication opted into (`communications[].value === true`,
 * the "calls and texts" box) is consent to be contacted: `consentToProcess` is consent to store
 * the data, which is not TCPA consent. The text kept is that of the boxes actually checked, so it
 * never shows wording the consumer declined.
 */
function consentOf(options: unknown): { given: boolean; text: string | null } | null {
	if (!isPlainObject(options) || !isPlainObject(options.consent)) return null;
	const consent = options.consent;
	const communications = Array.isArray(consent.communications) ? consent.communications : [];
	const optedIn = communications.filter((c): c is Record<string, unknown> => isPlainObject(c) && c.value === true);
	const checkedTexts = [consent.consentToProcess === true ? consent.text : null, ...optedIn.map((c) => c.text)];
	const texts = checkedTexts.filter((t): t is string => typeof t === 'string' && t.trim() !== '');
	return { given: optedIn.length > 0, text: texts.length ? texts.join('\n') : null };
}

export function readHubspot(body: Record<string, unknown>, issues: IssueLog): ExtractedLead {
	const entries: SourceEntry[] = [];
	const taken = new Set<string>();
	const context: ExtractedLead['context'] = {};
	if (Array.isArray(body.fields)) {
		for (const field of body.fields) {
			if (!isPlainObject(field) || typeof field.name !== 'string') continue;
			if (field.name === '__proto__' || field.name === 'constructor' || field.name === 'prototype') {
				issues.error(`fields.${field.name}`, 'unsafeKey', `The payload contains the field name "${field.name}", which is never part of a lead form`);
				continue;
			}
			const value = field.value;
			if (value !== null && typeof value === 'object') continue;
			entries.push({ path: [field.name], key: uniqueKey(field.name, taken), value: value as string | number | boolean | null });
		}
		const pageContext = isPlainObject(body.context) ? body.context : {};
		if (typeof pageContext.pageUri === 'string') context.pageUrl = pageContext.pageUri;
		if (typeof pageContext.ipAddress === 'string') context.ip = pageContext.ipAddress;
		for (const [key, value] of safeEntries(pageContext, 'context', issues)) {
			if (key !== 'pageUri' && key !== 'ipAddress' && typeof value === 'string') {
				entries.push({ path: ['context', key], key: uniqueKey(`context.${key}`, taken), value });
			}
		}
		const consent = consentOf(body.legalConsentOptions);
		if (consent) {
			context.consentGiven = consent.given;
			if (consent.text) context.consentText = consent.text;
		}
	} else {
		const flat = isPlainObject(body.properties) ? { ...unwrapProperties(body.properties, issues) } : body;
		for (const entry of flattenToEntries(flat, [], issues)) {
			entries.push({ ...entry, key: uniqueKey(entry.key, taken) });
		}
	}
	const objectId = body.hs_object_id ?? body.vid ?? body.objectId ?? body.conversionId ?? body.submissionId;
	return {
		kind: 'hubspot',
		formId: typeof body.formGuid === 'string' ? body.formGuid : typeof body.formId === 'string' ? body.formId : null,
		sourceId: idText(objectId),
		submittedAt: body.submittedAt ?? body.createdate ?? body.createdAt,
		entries: entries.filter((entry) => !['hs_object_id', 'vid', 'submittedAt'].includes(entry.key)),
		context,
	};
}
