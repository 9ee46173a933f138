/** What a caller may tune in Lead Normalize, and the defaults when they say nothing. */
import { DateTime } from 'luxon';

import { InputError, type SourceKind } from '../types';
import type { CanonicalField } from './fieldAliases';

export type PayloadShape = 'auto' | SourceKind;

/** Which contact details a lead must have to be routable. */
export type RequiredContact = 'emailOrPhone' | 'email' | 'phone' | 'emailAndPhone';

export interface NormalizeOptions {
	shape?: PayloadShape;
	/** The user's own form keys -> canonical field, checked before the built-in aliases. */
	fieldMap?: Record<string, CanonicalField | string>;
	/** Extra product phrases -> product line (canonical or the user's own value). */
	productSynonyms?: Record<string, string>;
	required?: RequiredContact;
	/** Whether a lead without a US state (given or inferred from the ZIP) is invalid. */
	requireState?: boolean;
	/** IANA zone for source timestamps that carry no offset ("11/25/2026 3:04 PM"). */
	sourceTimeZone?: string;
	defaultCountry?: string;
	keepRaw?: boolean;
	/** Used when the source has no timestamp, and as the reference for relative checks. */
	now?: Date;
}

export interface ResolvedOptions {
	shape: PayloadShape;
	fieldMap: Map<string, string>;
	productSynonyms: Map<string, string>;
	required: RequiredContact;
	requireState: boolean;
	sourceTimeZone: string;
	defaultCountry: string;
	keepRaw: boolean;
	now: Date;
}

const SHAPES: readonly PayloadShape[] = [
	'auto',
	'typeform',
	'jotform',
	'facebookLeadAds',
	'googleForms',
	'hubspot',
	'insurancePost',
	'flat',
];
const REQUIRED: readonly RequiredContact[] = ['emailOrPhone', 'email', 'phone', 'emailAndPhone'];

/** Lookup form of a key: lowercase letters and digits only ("First Name" = "first_name"). */
export function keyForm(key: string): string {
	return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Lookup form of a phrase: lowercase words separated by single spaces. */
export function phraseForm(text: string): string {
	return text
		.toLowerCase()
		.replace(/[&+]/g, ' and ')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

const zoneValidity = new Map<string, boolean>();

/** Whether luxon (the ICU data in this Node) knows the zone; remembered, as callers repeat it. */
function isKnownZone(zone: string): boolean {
	let known = zoneValidity.get(zone);
	if (known === undefined) {
		known = DateTime.fromMillis(0, { zone }).isValid;
		if (zoneValidity.size < 1_000) zoneValidity.set(zone, known);
	}
	return known;
}

/**
 * Validates options once per batch, so a bad setting fails loudly instead of silently turning
 * every lead invalid.
 */
export function resolveOptions(options: NormalizeOptions = {}): ResolvedOptions {
	const shape = options.shape ?? 'auto';
	if (!SHAPES.includes(shape)) {
		throw new InputError('shape', 'unknownShape', `Unknown payload shape "${String(shape)}"`);
	}
	const required = options.required ?? 'emailOrPhone';
	if (!REQUIRED.includes(required)) {
		throw new InputError('required', 'unknownRequired', `Unknown required-contact rule "${String(required)}"`);
	}
	const sourceTimeZone = options.sourceTimeZone || 'America/New_York';
	if (!isKnownZone(sourceTimeZone)) {
		throw new InputError(
			'sourceTimeZone',
			'invalidTimeZone',
			`"${sourceTimeZone}" is not an IANA time zone (e.g. America/New_York)`,
		);
	}
	const fieldMap = new Map<string, string>();
	for (const [sourceKey, field] of Object.entries(options.fieldMap ?? {})) {
		if (sourceKey.trim() && typeof field === 'string' && field.trim()) fieldMap.set(keyForm(sourceKey), field.trim());
	}
	const productSynonyms = new Map<string, string>();
	for (const [phrase, product] of Object.entries(options.productSynonyms ?? {})) {
		if (phraseForm(phrase) && typeof product === 'string' && product.trim()) {
			productSynonyms.set(phraseForm(phrase), product.trim());
		}
	}
	const now = options.now instanceof Date && !isNaN(options.now.getTime()) ? options.now : new Date();
	return {
		shape,
		fieldMap,
		productSynonyms,
		required,
		requireState: options.requireState ?? false,
		sourceTimeZone,
		defaultCountry: (options.defaultCountry || 'US').toUpperCase(),
		keepRaw: options.keepRaw ?? true,
		now,
	};
}
