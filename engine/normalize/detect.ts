/**
 * Finding the lead inside what arrived: n8n's Webhook node wraps a request as
 * `{headers, params, query, body}`, and the body can be any of the supported source shapes.
 */
import type { SourceKind } from '../types';
import { InputError } from '../types';
import type { IssueLog } from './issues';
import { MAX_STRING_LENGTH, isPlainObject, safeEntries } from './safe';
import { leadgenIdOf } from './shapes/facebookLeadAds';

/** What the HTTP request says beyond the body: where it came from. */
export interface RequestFacts {
	ip: string | null;
	userAgent: string | null;
	referer: string | null;
	/** Query-string parameters (UTM tags are often posted there). */
	query: Record<string, unknown>;
}

export interface Unwrapped {
	body: Record<string, unknown>;
	request: RequestFacts | null;
}

function header(headers: Record<string, unknown>, name: string): string | null {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : null;
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The submitter's address: the first hop of x-forwarded-for is the client, later hops proxies. */
function clientIp(headers: Record<string, unknown>): string | null {
	const forwarded = header(headers, 'x-forwarded-for');
	if (forwarded) return forwarded.split(',')[0].trim() || null;
	return header(headers, 'x-real-ip') ?? header(headers, 'cf-connecting-ip');
}

/** True for n8n's Webhook node output: request parts side by side, the lead in `body`. */
export function isWebhookWrapper(payload: Record<string, unknown>): boolean {
	return 'body' in payload && isPlainObject(payload.headers) && ('query' in payload || 'params' in payload || 'webhookUrl' in payload);
}

/** A body that arrived as text: JSON, or form-encoded when the content type was not parsed. */
function parseTextBody(text: string): Record<string, unknown> {
	if (text.length > MAX_STRING_LENGTH * 10) {
		throw new InputError('body', 'bodyTooLarge', 'The request body is too large to be a lead');
	}
	const trimmed = text.trim();
	if (trimmed.startsWith('{')) {
		try {
			const parsed: unknown = JSON.parse(trimmed);
			if (isPlainObject(parsed)) return parsed;
		} catch {
			// not JSON: reported below
		}
	} else if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(trimmed)) {
		const out: Record<string, unknown> = {};
		for (const [key, value] of new URLSearchParams(trimmed)) {
			if (key !== '__proto__' && key !== 'constructor' && key !== 'prototype') out[key] = value;
		}
		return out;
	}
	throw new InputError('body', 'notAnObject', 'The request body is text, not a JSON object or form fields');
}

/** Throws InputError when the payload (or the webhook body) is not an object at all. */
export function unwrapPayload(payload: unknown, issues: IssueLog): Unwrapped {
	if (!isPlainObject(payload)) {
		const what = Array.isArray(payload) ? 'a list' : payload === null ? 'empty (null)' : `a ${typeof payload}`;
		throw new InputError('payload', 'notAnObject', `The lead is ${what}, not an object with fields${Array.isArray(payload) ? ' (split the list into items first, e.g. with Split Out)' : ''}`);
	}
	if (!isWebhookWrapper(payload)) return { body: payload, request: null };
	const headers = payload.headers as Record<string, unknown>;
	const query = isPlainObject(payload.query) ? Object.fromEntries(safeEntries(payload.query, 'query', issues)) : {};
	const request: RequestFacts = {
		ip: clientIp(headers),
		userAgent: header(headers, 'user-agent'),
		referer: header(headers, 'referer'),
		query,
	};
	const body = payload.body;
	if (isPlainObject(body)) return { body, request };
	if (typeof body === 'string') return { body: parseTextBody(body), request };
	if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) {
		// A GET with the lead in the query string (some vendors post this way).
		return { body: query, request };
	}
	throw new InputError('body', 'notAnObject', `The request body is ${Array.isArray(body) ? 'a list' : `a ${typeof body}`}, not an object with fields`);
}

const INSURANCE_KEY = /^(driver\d|drivers|vehicle\d|vehicles|tcpa_|lead_type$|primary_phone$|origination_datetime$|universal_leadid$|current_policy|currently_insured|Lead\.)/;

/** Which source shape a body has, from its structure alone. */
export function detectShape(body: Record<string, unknown>): SourceKind {
	if (isPlainObject(body.form_response) || body.event_type === 'form_response') return 'typeform';
	if ('rawRequest' in body || ('formID' in body && 'submissionID' in body)) return 'jotform';
	if (Array.isArray(body.field_data) || leadgenIdOf(body) !== null) return 'facebookLeadAds';
	// n8n's Facebook Lead Ads Trigger with "Simplify Output".
	if (isPlainObject(body.data) && isPlainObject(body.form) && 'created_time' in body) return 'facebookLeadAds';
	if (isPlainObject(body.namedValues)) return 'googleForms';
	if (Array.isArray(body.fields) && body.fields.some((f) => isPlainObject(f) && 'name' in f && 'value' in f)) {
		return 'hubspot';
	}
	const keys = Object.keys(body);
	if ('hs_object_id' in body || ('vid' in body && isPlainObject(body.properties))) return 'hubspot';
	if (keys.includes('firstname') && keys.includes('lastname') && keys.some((k) => k.startsWith('hs_'))) return 'hubspot';
	// Two vendor-style keys, not one: a landing page may well name its checkbox `tcpa_consent`.
	if (keys.filter((key) => INSURANCE_KEY.test(key)).length >= 2 || isPlainObject(body.Lead)) return 'insurancePost';
	if (keys.some((key) => /^timestamp$/i.test(key)) && keys.filter((key) => /\s/.test(key)).length >= 2) return 'googleForms';
	return 'flat';
}
