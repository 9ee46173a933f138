/**
 * Lead Normalize: any intake payload (Typeform, Jotform, Facebook Lead Ads, Google Forms, HubSpot,
 * insurance ping/post, generic JSON, bare or wrapped by n8n's Webhook node) to one canonical Lead.
 */
import type { Lead } from '../types';
import { buildLead, type NormalizeResult } from './buildLead';
import { type NormalizeOptions, type ResolvedOptions, resolveOptions } from './options';

export type { NormalizeResult } from './buildLead';
export type { NormalizeOptions, PayloadShape, RequiredContact, ResolvedOptions } from './options';
export { resolveOptions } from './options';
export { markDuplicates, dedupeKeyFor, emailIdentity, type DuplicateOptions } from './dedupe';
export { CANONICAL_FIELDS, type CanonicalField } from './fieldAliases';
export { CANONICAL_PRODUCTS } from '../data/products';

/**
 * Normalizes one payload. Throws InputError only when the payload is not an object at all; every
 * other problem is reported on the lead (warnings) or makes it invalid (errors).
 * Options may be passed already resolved (resolveOptions) to validate them once per batch.
 */
export function normalizeLead(payload: unknown, options: NormalizeOptions | ResolvedOptions = {}): NormalizeResult {
	const resolved = options instanceof Object && 'fieldMap' in options && options.fieldMap instanceof Map
		? (options as ResolvedOptions)
		: resolveOptions(options as NormalizeOptions);
	return buildLead(payload, resolved);
}

/** Convenience for callers that want the leads only (valid or not). */
export function normalizeLeads(payloads: unknown[], options: NormalizeOptions = {}): Lead[] {
	const resolved = resolveOptions(options);
	return payloads.map((payload) => buildLead(payload, resolved).lead);
}
