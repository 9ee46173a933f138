/**
 * Duplicates: the same person submitting again (or a vendor reselling them) within a lookback
 * window. Duplicates are marked with the earlier lead's id, never dropped: the router decides
 * what to do with them (a sticky owner usually wants them).
 */
import type { Lead } from '../types';
import { IssueLog } from './issues';
import { isPlainObject } from './safe';
import { parseTimestamp } from './clean/time';

// Providers where dots in the local part are ignored and "+tag" is a sub-address.
const DOT_BLIND = new Set(['gmail.com', 'googlemail.com']);
const PLUS_ADDRESSING = new Set(['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'icloud.com', 'me.com', 'protonmail.com', 'proton.me', 'fastmail.com']);

/** The mailbox an address delivers to: "J.Doe+quotes@gmail.com" -> "jdoe@gmail.com". */
export function emailIdentity(email: string): string {
	const lower = email.trim().toLowerCase();
	const at = lower.lastIndexOf('@');
	if (at < 1) return lower;
	let local = lower.slice(0, at);
	let domain = lower.slice(at + 1);
	if (domain === 'googlemail.com') domain = 'gmail.com';
	if (PLUS_ADDRESSING.has(domain)) local = local.split('+')[0];
	if (DOT_BLIND.has(domain)) local = local.replace(/\./g, '');
	return `${local}@${domain}`;
}

/** What identifies the person: their mailbox, else their E.164 phone, else nothing. */
export function dedupeKeyFor(email: string | null, phone: string | null): string {
	if (email) return emailIdentity(email);
	return phone ?? '';
}

/** Lenient phone reading for rows typed elsewhere (CRMs, sheets): enough to compare. */
function phoneIdentity(value: unknown): string | null {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const text = String(value).trim();
	const digits = text.replace(/\D/g, '');
	if (text.startsWith('+')) return digits.length >= 8 ? `+${digits}` : null;
	if (digits.length === 10) return `+1${digits}`;
	if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
	return null;
}

interface KnownLead {
	leadId: string;
	at: number | null;
}

/** The keys a record can be recognised by (dedupe key, mailbox, phone). */
function identities(record: Record<string, unknown>): string[] {
	const keys: string[] = [];
	if (typeof record.dedupeKey === 'string' && record.dedupeKey) keys.push(record.dedupeKey);
	if (typeof record.email === 'string' && record.email.includes('@')) keys.push(emailIdentity(record.email));
	const phone = phoneIdentity(record.phone);
	if (phone) keys.push(phone);
	return [...new Set(keys)];
}

/** A known lead as a record: a Lead, an outcome event with its `lead` snapshot, or a table row. */
function knownRecord(value: unknown): Record<string, unknown> | null {
	if (!isPlainObject(value)) return null;
	if (isPlainObject(value.lead) && (value.lead.leadId || value.lead.dedupeKey)) {
		return { ...value.lead, receivedAt: value.lead.receivedAt ?? value.at };
	}
	if (typeof value.lead === 'string' && value.lead.startsWith('{')) {
		try {
			const parsed: unknown = JSON.parse(value.lead);
			if (isPlainObject(parsed)) return { ...parsed, receivedAt: parsed.receivedAt ?? value.at };
		} catch {
			// a flat row whose `lead` column is not JSON: read the row itself
		}
	}
	return value;
}

function timeOf(record: Record<string, unknown>): number | null {
	const iso = parseTimestamp(record.receivedAt ?? record.at ?? record.createdAt, 'UTC');
	return iso ? Date.parse(iso) : null;
}

export interface DuplicateOptions {
	lookbackDays: number;
	now: Date;
	/**
	 * Whether a lead of this batch may be the earlier lead of the ones after it; by default every
	 * lead may. Lead Normalize passes only the valid ones: a lead sent to Invalid was never routed,
	 * so a corrected resubmission is not a duplicate of it.
	 */
	countsAsEarlier?: (lead: Lead, index: number) => boolean;
}

/**
 * A known record that is an Invalid-output item (it carries the `errors` that sent it there, as
 * an array or, in a flat table, as JSON text) was never routed, so nothing repeats it.
 */
function wasInvalid(record: Record<string, unknown>): boolean {
	const errors = record.errors;
	if (Array.isArray(errors)) return errors.length > 0;
	return typeof errors === 'string' && /^\s*\[\s*[^\s\]]/.test(errors);
}

/**
 * Marks each lead that repeats an earlier one: a known lead received within the lookback window
 * (Invalid-output records excluded), or a lead earlier in the same batch that counts as earlier
 * (the first one wins). Returns new lead objects.
 */
export function markDuplicates(leads: Lead[], knownLeads: unknown[], options: DuplicateOptions): Lead[] {
	const since = options.now.getTime() - Math.max(0, options.lookbackDays) * 86_400_000;
	const seen = new Map<string, KnownLead>();
	for (const value of knownLeads) {
		const record = knownRecord(value);
		if (!record) continue;
		if (wasInvalid(record)) continue;
		const leadId = record.leadId ?? record.id;
		if (typeof leadId !== 'string' && typeof leadId !== 'number') continue;
		const at = timeOf(record);
		// A known lead without a timestamp cannot be placed outside the window, so it counts.
		if (at !== null && at < since) continue;
		for (const key of identities(record)) {
			const earlier = seen.get(key);
			if (!earlier || (at !== null && (earlier.at === null || at < earlier.at))) {
				seen.set(key, { leadId: String(leadId), at });
			}
		}
	}
	return leads.map((lead, index) => {
		const keys = identities(lead as unknown as Record<string, unknown>);
		const match = keys.map((key) => seen.get(key)).find((known) => known !== undefined);
		if (options.countsAsEarlier?.(lead, index) ?? true) {
			for (const key of keys) if (!seen.has(key)) seen.set(key, { leadId: lead.leadId, at: Date.parse(lead.receivedAt) || null });
		}
		if (!match) return lead;
		const issues = new IssueLog();
		if (match.leadId === lead.leadId) {
			issues.warn('leadId', 'redelivered', `Lead ${lead.leadId} was already received; this is the same submission delivered again`);
		} else {
			issues.warn('dedupeKey', 'duplicate', `Same person as lead ${match.leadId}${match.at ? ` received ${new Date(match.at).toISOString()}` : ''}`);
		}
		return { ...lead, duplicateOf: match.leadId, warnings: [...lead.warnings, ...issues.warnings] };
	});
}
