/**
 * One payload to one canonical lead: unwrap, read the source shape, pick each canonical field
 * from its best candidate answer, clean it, and judge whether the lead can be routed.
 */
import { stableHash } from '../hash';
import type { Consent, FieldIssue, JsonObject, JsonValue, Lead, LeadSource, SourceKind, Utm } from '../types';
import { channelOf } from './clean/channel';
import { cleanIp, cleanJornayaId, cleanTrustedFormUrl, readYesNo, splitRecipients } from './clean/consent';
import { cleanEmail } from './clean/email';
import { cleanNamePart, fixNameCase, splitFullName } from './clean/name';
import { cleanPhone } from './clean/phone';
import { cleanProduct } from './clean/product';
import { cleanState } from './clean/state';
import { parseTimestamp } from './clean/time';
import { cleanZip, stateForZip } from './clean/zip';
import { CLICK_ID_CHANNELS } from '../data/channels';
import { dedupeKeyFor } from './dedupe';
import { detectShape, unwrapPayload, type RequestFacts } from './detect';
import { type ExtractedLead, type SourceEntry, flattenToEntries } from './entries';
import type { CanonicalField } from './fieldAliases';
import { IssueLog, quote } from './issues';
import { type Candidate, candidatesFor } from './mapFields';
import { keyForm, type ResolvedOptions } from './options';
import { MAX_DEPTH, MAX_STRING_LENGTH, hasUnsafeKey, nestsDeeperThan, scalarText } from './safe';
import { readFacebookLeadAds } from './shapes/facebookLeadAds';
import { readFlat } from './shapes/flat';
import { readGoogleForms } from './shapes/googleForms';
import { readHubspot } from './shapes/hubspot';
import { readInsurancePost } from './shapes/insurancePost';
import { readJotform } from './shapes/jotform';
import { readTypeform } from './shapes/typeform';

export type NormalizeResult =
	| { valid: true; lead: Lead }
	| { valid: false; lead: Lead; errors: FieldIssue[] };

const READERS: Record<SourceKind, (body: Record<string, unknown>, issues: IssueLog) => ExtractedLead> = {
	typeform: readTypeform,
	jotform: readJotform,
	facebookLeadAds: readFacebookLeadAds,
	googleForms: readGoogleForms,
	hubspot: readHubspot,
	insurancePost: readInsurancePost,
	flat: readFlat,
};

const CLICK_ID_KEYS = new Map(Object.keys(CLICK_ID_CHANNELS).map((name) => [keyForm(name), name]));

const HOSTILE_CODES: ReadonlySet<string> = new Set(['unsafeKey', 'tooDeep', 'valueTooLong', 'tooManyFields']);

/** Drops answers too long to be real (a 1 MB "comment"), reporting them. */
function withinSizeLimit(entry: SourceEntry, issues: IssueLog): boolean {
	const values = Array.isArray(entry.value) ? entry.value : [entry.value];
	const tooLong = values.find((value) => typeof value === 'string' && value.length > MAX_STRING_LENGTH);
	if (tooLong === undefined) return true;
	issues.error(entry.key, 'valueTooLong', `${entry.key} is ${(tooLong as string).length} characters long, more than any real answer (${MAX_STRING_LENGTH}); it was dropped`);
	return false;
}

/** Reads candidates for one field in rank order, keeping track of which answers were used. */
class FieldPicker {
	readonly used = new Set<SourceEntry>();

	constructor(
		private readonly candidates: Map<CanonicalField, Candidate[]>,
		private readonly issues: IssueLog,
	) {}

	/** Every text value offered for a field, best first (multi-select values one by one). */
	private *texts(field: CanonicalField): Generator<[string, SourceEntry]> {
		for (const { entry } of this.candidates.get(field) ?? []) {
			const values = Array.isArray(entry.value) ? entry.value : [entry.value];
			for (const value of values) {
				const text = scalarText(value, entry.key, this.issues);
				if (text !== null) yield [text, entry];
			}
		}
	}

	/** One answer as text, a multi-select's values joined with `joiner`; null when it is empty. */
	private entryText(entry: SourceEntry, joiner: string): string | null {
		const values = (Array.isArray(entry.value) ? entry.value : [entry.value])
			.map((value) => scalarText(value, entry.key, this.issues))
			.filter((text): text is string => text !== null);
		return values.length > 0 ? values.join(joiner) : null;
	}

	/** The first value, as text; arrays (multi-selects) are joined with `joiner`. */
	text(field: CanonicalField, joiner = ', '): string | null {
		for (const { entry } of this.candidates.get(field) ?? []) {
			const text = this.entryText(entry, joiner);
			if (text !== null) {
				this.used.add(entry);
				return text;
			}
		}
		return null;
	}

	/**
	 * The first answer (multi-selects joined with `joiner`) the cleaner accepts, with the text it
	 * was read from. Question titles only hint at the field ("Do you currently have coverage?" is
	 * not the product), so a rejected answer gives way to the next; when none is accepted, the
	 * first one's text and warnings are kept, so what the source said is not lost.
	 */
	firstAccepted<T>(field: CanonicalField, joiner: string, clean: (text: string, log: IssueLog) => T | null): { value: T | null; text: string } | null {
		let firstRejected: { entry: SourceEntry; text: string; log: IssueLog } | null = null;
		for (const { entry } of this.candidates.get(field) ?? []) {
			const text = this.entryText(entry, joiner);
			if (text === null) continue;
			const log = new IssueLog();
			const value = clean(text, log);
			if (value !== null) {
				this.used.add(entry);
				for (const w of log.warnings) this.issues.warn(w.field, w.code, w.message);
				return { value, text };
			}
			firstRejected ??= { entry, text, log };
		}
		if (!firstRejected) return null;
		this.used.add(firstRejected.entry);
		for (const w of firstRejected.log.warnings) this.issues.warn(w.field, w.code, w.message);
		return { value: null, text: firstRejected.text };
	}

	/**
	 * The first value the cleaner accepts. Warnings from rejected candidates are kept only when no
	 * candidate is accepted: a bad work phone does not matter when the mobile is good.
	 */
	firstValid<T>(field: CanonicalField, clean: (text: string, log: IssueLog) => T | null): T | null {
		let firstFailure: IssueLog | null = null;
		for (const [text, entry] of this.texts(field)) {
			const log = new IssueLog();
			const value = clean(text, log);
			if (value !== null) {
				if (!Array.isArray(entry.value) || entry.value.length <= 1) this.used.add(entry);
				for (const w of log.warnings) this.issues.warn(w.field, w.code, w.message);
				return value;
			}
			firstFailure ??= log;
		}
		for (const w of firstFailure?.warnings ?? []) this.issues.warn(w.field, w.code, w.message);
		return null;
	}

	/** The raw value of the best candidate, for fields read by type (timestamps, booleans). */
	rawValue(field: CanonicalField): unknown {
		const best = this.candidates.get(field)?.[0];
		if (!best) return undefined;
		this.used.add(best.entry);
		return Array.isArray(best.entry.value) ? best.entry.value[0] : best.entry.value;
	}

	has(field: CanonicalField): boolean {
		return (this.candidates.get(field)?.length ?? 0) > 0;
	}
}

/** UTM tags and click ids from a landing-page URL, for sources that only send the URL. */
function urlParameters(url: string | null): Map<string, string> {
	const out = new Map<string, string>();
	if (!url || url.length > 4096 || !url.includes('?')) return out;
	try {
		for (const [key, value] of new URL(url).searchParams) if (value) out.set(key.toLowerCase(), value);
	} catch {
		// not a URL: nothing to read
	}
	return out;
}

function readMoney(text: string, issues: IssueLog): number | null {
	const cleaned = text.replace(/[$,\s]|usd/gi, '');
	const amount = Number(cleaned);
	if (cleaned === '' || !Number.isFinite(amount) || amount < 0) {
		issues.warn('value', 'valueInvalid', `value ${quote(text)} is not an amount of money`);
		return null;
	}
	return Math.round(amount * 100) / 100;
}

function readCountry(text: string | null, fallback: string, issues: IssueLog): string {
	if (!text) return fallback;
	const form = text.toLowerCase().replace(/[^a-z]/g, '');
	if (['us', 'usa', 'unitedstates', 'unitedstatesofamerica', 'america'].includes(form)) return 'US';
	if (['ca', 'can', 'canada'].includes(form)) return 'CA';
	if (/^[a-z]{2}$/.test(form)) return form.toUpperCase();
	issues.warn('country', 'countryUnknown', `country ${quote(text)} is not an ISO country code; ${fallback} was assumed`);
	return fallback;
}

function readUtm(picker: FieldPicker, fromUrl: Map<string, string>): Utm {
	const pick = (field: CanonicalField, name: string) => picker.text(field) ?? fromUrl.get(name) ?? null;
	return {
		source: pick('utmSource', 'utm_source'),
		medium: pick('utmMedium', 'utm_medium'),
		campaign: pick('utmCampaign', 'utm_campaign'),
		term: pick('utmTerm', 'utm_term'),
		content: pick('utmContent', 'utm_content'),
	};
}

function readClickIds(entries: SourceEntry[], picker: FieldPicker, fromUrl: Map<string, string>): Record<string, string> {
	const clickIds: Record<string, string> = {};
	for (const entry of entries) {
		const name = CLICK_ID_KEYS.get(keyForm(entry.path[entry.path.length - 1] ?? ''));
		if (name && typeof entry.value === 'string' && entry.value.trim() && !(name in clickIds)) {
			clickIds[name] = entry.value.trim().slice(0, 512);
			picker.used.add(entry);
		}
	}
	for (const name of Object.keys(CLICK_ID_CHANNELS)) {
		const value = fromUrl.get(name);
		if (value && !(name in clickIds)) clickIds[name] = value.slice(0, 512);
	}
	return clickIds;
}

function readConsent(
	picker: FieldPicker,
	extracted: ExtractedLead,
	request: RequestFacts | null,
	pageUrl: string | null,
	receivedAt: string,
	options: ResolvedOptions,
	issues: IssueLog,
): Consent {
	let given = typeof extracted.context.consentGiven === 'boolean' ? extracted.context.consentGiven : null;
	if (given === null && picker.has('consentGiven')) {
		const raw = picker.rawValue('consentGiven');
		given = typeof raw === 'boolean' ? raw : raw === null || raw === undefined ? null : readYesNo(String(raw));
		if (given === null) {
			issues.warn('consent.given', 'consentUnreadable', `consent answer ${quote(raw)} says neither yes nor no; treated as not given`);
		}
	}
	const contextText = typeof extracted.context.consentText === 'string' ? extracted.context.consentText : null;
	const text = contextText ?? picker.text('consentText', '\n');
	const timestampRaw = picker.rawValue('consentTimestamp');
	let timestamp = timestampRaw === undefined ? null : parseTimestamp(timestampRaw, options.sourceTimeZone);
	if (timestampRaw !== undefined && timestamp === null) {
		issues.warn('consent.timestamp', 'consentTimestampUnreadable', `consent timestamp ${quote(timestampRaw)} could not be read`);
	}
	// A one-step form records consent at the moment it is submitted.
	if (timestamp === null && given === true) timestamp = receivedAt;
	const ipText = picker.firstValid('ip', (t, log) => cleanIp(t, 'consent.ip', log));
	const contextIp = typeof extracted.context.ip === 'string' ? extracted.context.ip : null;
	const trusted = picker.text('trustedFormCertUrl');
	const jornaya = picker.text('jornayaLeadId');
	const recipientsText = picker.text('namedRecipients', '\n');
	return {
		given: given === true,
		text,
		timestamp,
		// The payload's own record of the consumer's IP first: a request's address is the
		// consumer's only when their browser posted straight to the webhook, not a vendor's server.
		ip: ipText ?? contextIp ?? request?.ip ?? null,
		pageUrl,
		trustedFormCertUrl: trusted ? cleanTrustedFormUrl(trusted, 'consent.trustedFormCertUrl', issues) : null,
		jornayaLeadId: jornaya ? cleanJornayaId(jornaya, 'consent.jornayaLeadId', issues) : null,
		namedRecipients: recipientsText ? splitRecipients([recipientsText]) : [],
	};
}

function readReceivedAt(picker: FieldPicker, extracted: ExtractedLead, options: ResolvedOptions, issues: IssueLog): string {
	const offered = [extracted.submittedAt, picker.has('receivedAt') ? picker.rawValue('receivedAt') : undefined].filter(
		(value) => value !== undefined && value !== null && value !== '',
	);
	for (const value of offered) {
		const iso = parseTimestamp(value, options.sourceTimeZone);
		if (iso) return iso;
	}
	const now = options.now.toISOString();
	if (offered.length > 0) {
		issues.warn('receivedAt', 'receivedAtUnreadable', `The submission time ${quote(offered[0])} could not be read; the processing time was used`);
	} else {
		issues.warn('receivedAt', 'receivedAtMissing', 'The source gives no submission time; the processing time was used');
	}
	return now;
}

/** Every answer no canonical field used, under its readable (or user-mapped) key. */
function leftoverFields(entries: SourceEntry[], picker: FieldPicker, renamed: Map<SourceEntry, string>): JsonObject {
	const fields: JsonObject = {};
	for (const entry of entries) {
		if (picker.used.has(entry)) continue;
		const key = renamed.get(entry) ?? entry.key;
		if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
		if (!Object.prototype.hasOwnProperty.call(fields, key)) fields[key] = entry.value as JsonValue;
	}
	return fields;
}

function judge(lead: Lead, options: ResolvedOptions, issues: IssueLog): void {
	const why = (field: 'email' | 'phone') => {
		const warning = lead.warnings.find((w) => w.field.startsWith(field) || w.code === `${field}Invalid`);
		return warning && warning.code === `${field}Invalid`
			? { code: `${field}Invalid`, message: warning.message }
			: { code: `${field}Missing`, message: `The lead has no ${field === 'email' ? 'email address' : 'phone number'}` };
	};
	const needEmail = options.required === 'email' || options.required === 'emailAndPhone';
	const needPhone = options.required === 'phone' || options.required === 'emailAndPhone';
	if (options.required === 'emailOrPhone' && !lead.email && !lead.phone) {
		const email = why('email');
		const phone = why('phone');
		issues.error('email', email.code, `${email.message}, and no valid phone either`);
		issues.error('phone', phone.code, `${phone.message}, and no valid email either`);
	}
	if (needEmail && !lead.email) {
		const email = why('email');
		issues.error('email', email.code, email.message);
	}
	if (needPhone && !lead.phone) {
		const phone = why('phone');
		issues.error('phone', phone.code, phone.message);
	}
	if (options.requireState && !lead.state) {
		issues.error('state', 'stateMissing', 'The lead has no US state and none could be inferred from its ZIP code');
	}
}

export function buildLead(payload: unknown, options: ResolvedOptions): NormalizeResult {
	const issues = new IssueLog();
	const { body, request } = unwrapPayload(payload, issues);
	const kind: SourceKind = options.shape === 'auto' ? detectShape(body) : options.shape;
	const extracted = READERS[kind](body, issues);
	const offered = [...extracted.entries];
	if (request && Object.keys(request.query).length > 0 && request.query !== body) {
		flattenToEntries(request.query, ['query'], issues, offered);
	}
	const entries = offered.filter((entry) => withinSizeLimit(entry, issues));
	const { byField, renamed } = candidatesFor(entries, options.fieldMap);
	const picker = new FieldPicker(byField, issues);

	const email = picker.firstValid('email', (text, log) => {
		const parts = text.split(/[;,\s]+/).filter((part) => part.includes('@'));
		for (const part of parts.length > 1 ? parts : [text]) {
			const result = cleanEmail(part, 'email', log);
			if (result.email) return result;
		}
		return null;
	});
	let extension: string | null = null;
	const phone = picker.firstValid('phone', (text, log) => {
		const result = cleanPhone(text, 'phone', log, options.defaultCountry);
		if (result.phone) extension = result.extension;
		return result.phone;
	});

	let firstName = picker.firstValid('firstName', (text) => cleanNamePart(text));
	let lastName = picker.firstValid('lastName', (text) => cleanNamePart(text));
	let suffix: string | null = null;
	const fullText = picker.text('fullName', ' ');
	let fullName: string | null = null;
	if (fullText) {
		const parts = splitFullName(fullText);
		suffix = parts.suffix;
		if (!firstName && !lastName) {
			firstName = parts.firstName;
			lastName = parts.lastName;
		}
		fullName = [parts.firstName, parts.lastName, parts.suffix].filter(Boolean).join(' ') || null;
	}
	fullName ??= [firstName, lastName].filter(Boolean).join(' ') || null;

	const zip = picker.firstValid('zip', (text, log) => cleanZip(text, 'zip', log));
	let state = picker.firstValid('state', (text, log) => cleanState(text, 'state', log));
	const zipState = zip ? stateForZip(zip) : null;
	if (!state && zipState) {
		state = zipState;
		issues.warn('state', 'stateFromZip', `State ${zipState} was inferred from ZIP ${zip}; a few ZIPs cross state lines`);
	} else if (state && zipState && state !== zipState) {
		issues.warn('state', 'stateZipMismatch', `State ${state} does not match ZIP ${zip} (usually ${zipState}); the stated ${state} was kept`);
	}
	const country = readCountry(picker.text('country'), options.defaultCountry, issues);
	const street = picker.text('street');
	const cityText = picker.text('city');

	const productAnswer = picker.firstAccepted('product', ' and ', (text, log) => cleanProduct(text, options.productSynonyms, 'product', log));
	const productRaw = productAnswer?.text ?? null;
	const product = productAnswer?.value ?? null;
	const carrier = picker.text('carrier');
	const valueText = picker.text('value');
	const value = valueText ? readMoney(valueText, issues) : null;

	const receivedAt = readReceivedAt(picker, extracted, options, issues);
	const contextPage = typeof extracted.context.pageUrl === 'string' ? extracted.context.pageUrl : null;
	const pageUrl = picker.text('pageUrl') ?? contextPage ?? request?.referer ?? null;
	const fromUrl = urlParameters(pageUrl);
	const utm = readUtm(picker, fromUrl);
	const clickIds = readClickIds(entries, picker, fromUrl);
	const consent = readConsent(picker, extracted, request, pageUrl, receivedAt, options, issues);
	const formId = extracted.formId ?? picker.text('formId');
	const sourceId = extracted.sourceId ?? picker.text('leadId');

	const source: LeadSource = { kind, formId, channel: channelOf({ kind, utm, clickIds }), utm, clickIds };
	const fields = leftoverFields(entries, picker, renamed);
	if (extension) fields.phoneExtension = extension;
	if (suffix) fields.nameSuffix = suffix;

	const lead: Lead = {
		leadId: sourceId ?? `lead_${stableHash([kind, email?.email ?? '', phone ?? '', receivedAt].join('|'))}`,
		receivedAt,
		source,
		firstName,
		lastName,
		fullName,
		email: email?.email ?? null,
		...(email?.suggestion ? { emailSuggestion: email.suggestion } : {}),
		...(email?.disposable ? { emailDisposable: true } : {}),
		phone,
		street,
		city: cityText ? fixNameCase(cityText) : null,
		state,
		zip,
		country,
		product,
		productRaw,
		...(carrier ? { carrier } : {}),
		...(value !== null ? { value } : {}),
		consent,
		dedupeKey: dedupeKeyFor(email?.email ?? null, phone),
		fields,
		warnings: issues.warnings,
	};
	if (options.keepRaw) {
		// A hostile payload (prototype keys, thousands of levels, megabytes) is not carried on:
		// later nodes would copy or walk it.
		const hostile =
			issues.errors.some((issue) => HOSTILE_CODES.has(issue.code)) || nestsDeeperThan(body, MAX_DEPTH) || hasUnsafeKey(body);
		if (hostile) issues.warn('raw', 'rawOmitted', 'The original payload was not kept because it is unsafe or oversized');
		else lead.raw = body as JsonValue;
	}
	judge(lead, options, issues);
	return issues.errors.length > 0 ? { valid: false, lead, errors: issues.errors } : { valid: true, lead };
}
