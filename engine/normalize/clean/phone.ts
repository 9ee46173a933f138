/**
 * Phone numbers to E.164. North American numbers follow the NANP: ten digits after an optional
 * leading 1, area code and exchange starting 2-9, no N11 area codes. 555-0100..0199 is reserved
 * for fiction: kept (tests and demos use it) with a warning. Numbers written with a country code
 * ("+44 20 7946 0958", "0044...", "011 44 ...") are kept as E.164 without further checks.
 */
import type { IssueLog } from '../issues';
import { quote } from '../issues';

export interface PhoneResult {
	phone: string | null;
	extension: string | null;
}

const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$/i;

/** E.164 for a North American ten-digit number, or the reason it is not one. */
function nanp(digits: string): { phone: string } | { problem: string } {
	const area = digits.slice(0, 3);
	const exchange = digits.slice(3, 6);
	if (!/^[2-9]/.test(area)) return { problem: `area code ${area} cannot start with 0 or 1` };
	if (/^[2-9]11$/.test(area)) return { problem: `${area} is a service code, not an area code` };
	if (!/^[2-9]/.test(exchange)) return { problem: `exchange ${exchange} cannot start with 0 or 1` };
	return { phone: `+1${digits}` };
}

export function cleanPhone(text: string, field: string, issues: IssueLog, defaultCountry = 'US'): PhoneResult {
	let rest = text.trim();
	let extension: string | null = null;
	const ext = EXTENSION.exec(rest);
	if (ext && rest.replace(EXTENSION, '').replace(/\D/g, '').length >= 7) {
		extension = ext[1];
		rest = rest.replace(EXTENSION, '');
		issues.warn(field, 'phoneExtensionStripped', `Extension ${extension} was removed from ${field} (kept in fields.phoneExtension)`);
	}
	if (/[a-z]/i.test(rest)) {
		issues.warn(field, 'phoneInvalid', `${field} ${quote(text)} contains letters`);
		return { phone: null, extension };
	}
	let digits = rest.replace(/\D/g, '');
	let international = rest.startsWith('+');
	if (!international && /^(00|011)/.test(digits) && digits.length > 11) {
		digits = digits.replace(/^(00|011)/, '');
		international = true;
	}
	if (international && !digits.startsWith('1')) {
		if (digits.length >= 8 && digits.length <= 15 && !digits.startsWith('0')) return { phone: `+${digits}`, extension };
		issues.warn(field, 'phoneInvalid', `${field} ${quote(text)} is not a valid international number`);
		return { phone: null, extension };
	}
	if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
	if (digits.length !== 10 || (defaultCountry !== 'US' && defaultCountry !== 'CA' && !international && text.trim().startsWith('0'))) {
		issues.warn(field, 'phoneInvalid', `${field} ${quote(text)} does not have 10 digits (a North American number) or a country code`);
		return { phone: null, extension };
	}
	const result = nanp(digits);
	if ('problem' in result) {
		issues.warn(field, 'phoneInvalid', `${field} ${quote(text)} is not a valid North American number: ${result.problem}`);
		return { phone: null, extension };
	}
	if (/^55501\d\d$/.test(digits.slice(3))) {
		issues.warn(field, 'phoneFictional', `${result.phone} is in the 555-0100..0199 range reserved for fictional use`);
	}
	return { phone: result.phone, extension };
}
