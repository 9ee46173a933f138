/**
 * Email addresses: trimmed and lowercased, checked for syntax (the practical subset of RFC 5321
 * that mailbox providers accept), with a suggestion (never a rewrite) for a typo'd domain and a
 * flag for throwaway inboxes.
 */
import {
	DISPOSABLE_EMAIL_DOMAINS,
	KNOWN_DOMAIN_TYPOS,
	POPULAR_EMAIL_DOMAINS,
	REAL_LOOKALIKE_DOMAINS,
	RESERVED_EMAIL_DOMAINS,
	RESERVED_EMAIL_TLDS,
	TLD_TYPOS,
} from '../../data/emailDomains';
import { ownEntry } from '../../coerce';
import type { IssueLog } from '../issues';
import { quote } from '../issues';

export interface EmailResult {
	email: string | null;
	suggestion?: string;
	disposable?: boolean;
}

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const POPULAR = new Set(POPULAR_EMAIL_DOMAINS);
const LOOKALIKES = new Set(REAL_LOOKALIKE_DOMAINS);
const DISPOSABLE = new Set(DISPOSABLE_EMAIL_DOMAINS);

/** True when a and b differ by one insertion, deletion, substitution or adjacent swap. */
export function oneEditApart(a: string, b: string): boolean {
	if (a === b || Math.abs(a.length - b.length) > 1) return false;
	let i = 0;
	while (i < a.length && i < b.length && a[i] === b[i]) i++;
	if (a.length === b.length) {
		if (a.slice(i + 1) === b.slice(i + 1)) return true;
		return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
	}
	return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** A likely intended domain for a mistyped one, or undefined when it looks deliberate. */
export function suggestDomain(domain: string): string | undefined {
	if (POPULAR.has(domain) || LOOKALIKES.has(domain)) return undefined;
	const knownTypo = ownEntry(KNOWN_DOMAIN_TYPOS, domain);
	if (knownTypo) return knownTypo;
	const dot = domain.lastIndexOf('.');
	const tld = domain.slice(dot + 1);
	const tldFix = ownEntry(TLD_TYPOS, tld);
	const fixedTld = tldFix ? `${domain.slice(0, dot)}.${tldFix}` : domain;
	if (POPULAR.has(fixedTld)) return fixedTld;
	const near = POPULAR_EMAIL_DOMAINS.find((popular) => oneEditApart(fixedTld, popular));
	if (near) return near;
	return fixedTld !== domain ? fixedTld : undefined;
}

export function cleanEmail(text: string, field: string, issues: IssueLog): EmailResult {
	let email = text.trim().toLowerCase().replace(/^mailto:/, '');
	// "Jane Doe <jane@example.com>" is how mail clients paste an address.
	const angle = /<([^<>]+)>$/.exec(email);
	if (angle) email = angle[1].trim();
	const at = email.lastIndexOf('@');
	const local = email.slice(0, at);
	const domain = email.slice(at + 1).replace(/\.$/, '');
	if (at < 1 || email.length > 254 || local.length > 64 || !LOCAL_PART.test(local) || !DOMAIN.test(domain)) {
		issues.warn(field, 'emailInvalid', `${field} ${quote(text)} is not a valid email address`);
		return { email: null };
	}
	email = `${local}@${domain}`;
	const result: EmailResult = { email };
	const suggestion = suggestDomain(domain);
	if (suggestion) {
		result.suggestion = `${local}@${suggestion}`;
		issues.warn(field, 'emailTypo', `${email} may be a typo for ${result.suggestion} (not changed)`);
	}
	if (DISPOSABLE.has(domain)) {
		result.disposable = true;
		issues.warn(field, 'emailDisposable', `${domain} is a disposable (throwaway) email service`);
	}
	const tld = domain.slice(domain.lastIndexOf('.') + 1);
	if (RESERVED_EMAIL_DOMAINS.includes(domain) || RESERVED_EMAIL_TLDS.includes(tld)) {
		issues.warn(field, 'emailReservedDomain', `${domain} is reserved for examples and tests; no one receives mail there`);
	}
	return result;
}
