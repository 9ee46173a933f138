/**
 * Consent evidence, carried as given so a compliance review can replay it: whether the consumer
 * opted in, the verbatim disclosure, when, from which IP and page, the TrustedForm certificate and
 * Jornaya LeadiD, and the sellers the consumer named (Medicare leads may go only to those).
 */
import type { IssueLog } from '../issues';
import { quote } from '../issues';

const YES = new Set(['true', 'yes', 'y', '1', 'on', 'checked', 'agree', 'agreed', 'accepted', 'opt in', 'optin', 'opted in', 'i agree', 'x']);
const NO = new Set(['false', 'no', 'n', '0', 'off', 'unchecked', 'declined', 'opt out', 'optout', '']);

/** Reads a checkbox-like answer; null when it says neither yes nor no. */
export function readYesNo(text: string): boolean | null {
	const form = text.toLowerCase().replace(/[^a-z0-9 ]/g, '').trim();
	if (YES.has(form)) return true;
	if (NO.has(form)) return false;
	// A consent checkbox whose answer is its own label ("I agree to be contacted by ...").
	if (/^(yes |i )*(agree|consent|accept)/.test(form) || /^yes\b/.test(form)) return true;
	if (/^no\b/.test(form) || /^i (do not|dont) (agree|consent)/.test(form)) return false;
	return null;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:]+$/i;

export function cleanIp(text: string, field: string, issues: IssueLog): string | null {
	const ip = text.trim().replace(/^::ffff:/i, '');
	if (IPV4.test(ip) || (ip.includes(':') && IPV6.test(ip))) return ip;
	issues.warn(field, 'ipInvalid', `${field} ${quote(text)} is not an IP address`);
	return null;
}

export function cleanTrustedFormUrl(text: string, field: string, issues: IssueLog): string {
	const url = text.trim();
	if (!/^https:\/\/cert\.trustedform\.com\/[0-9a-f]{20,}/i.test(url)) {
		issues.warn(field, 'trustedFormUnexpected', `${field} ${quote(text)} does not look like a TrustedForm certificate URL (https://cert.trustedform.com/...)`);
	}
	return url;
}

export function cleanJornayaId(text: string, field: string, issues: IssueLog): string {
	const id = text.trim().toUpperCase();
	if (!/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(id)) {
		issues.warn(field, 'jornayaUnexpected', `${field} ${quote(text)} does not look like a Jornaya LeadiD (a UUID)`);
	}
	return id;
}

/** "Acme Insurance; Best Agency, LLC" is two sellers: split on ; | and newlines, not commas. */
export function splitRecipients(values: string[]): string[] {
	const names: string[] = [];
	for (const value of values) {
		const parts = /[;|\n]/.test(value) ? value.split(/[;|\n]/) : [value];
		for (const part of parts) {
			const name = part.trim();
			if (name && !names.includes(name)) names.push(name);
		}
	}
	return names;
}
