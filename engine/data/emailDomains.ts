/**
 * Email domain tables. Popular mailbox providers are the targets of typo suggestions; the
 * disposable list is a short hand-picked set of well-known throwaway-inbox services (the
 * community-maintained "disposable-email-domains" list, CC0, holds thousands; users who need it
 * can check `email` against it in a later node). Reviewed 2026-11.
 */

/** Domains people actually use; a typo one edit away from one of these gets a suggestion. */
export const POPULAR_EMAIL_DOMAINS: readonly string[] = [
	'gmail.com',
	'yahoo.com',
	'hotmail.com',
	'outlook.com',
	'aol.com',
	'icloud.com',
	'comcast.net',
	'msn.com',
	'live.com',
	'att.net',
	'verizon.net',
	'sbcglobal.net',
	'bellsouth.net',
	'charter.net',
	'cox.net',
	'ymail.com',
	'protonmail.com',
	'proton.me',
	'googlemail.com',
	'rocketmail.com',
	'earthlink.net',
	'optonline.net',
	'frontier.com',
	'windstream.net',
];

/** Real domains that sit one edit away from a popular one: never "correct" them. */
export const REAL_LOOKALIKE_DOMAINS: readonly string[] = [
	'mail.com',
	'email.com',
	'me.com',
	'mac.com',
	'gmx.com',
	'aim.com',
	'yahoo.co.uk',
	'yahoo.ca',
	'live.ca',
	'att.com',
	'cox.com',
	'msn.net',
];

/** Typos too far from the target for a one-edit match, seen often enough to list. */
export const KNOWN_DOMAIN_TYPOS: Readonly<Record<string, string>> = {
	'gmaill.com': 'gmail.com',
	'gmail.co': 'gmail.com',
	'gamil.co': 'gmail.com',
	'hotmial.co': 'hotmail.com',
	'yahho.com': 'yahoo.com',
	'yhoo.com': 'yahoo.com',
	'outllok.com': 'outlook.com',
	'iclould.com': 'icloud.com',
};

/** Top-level-domain slips fixed on any domain ("example.con" -> "example.com"). */
export const TLD_TYPOS: Readonly<Record<string, string>> = {
	con: 'com',
	cmo: 'com',
	comm: 'com',
	vom: 'com',
	xom: 'com',
	ocm: 'com',
	cpm: 'com',
	nte: 'net',
	ner: 'net',
	nett: 'net',
	ogr: 'org',
	orgg: 'org',
};

export const DISPOSABLE_EMAIL_DOMAINS: readonly string[] = [
	'mailinator.com',
	'guerrillamail.com',
	'guerrillamail.net',
	'sharklasers.com',
	'grr.la',
	'10minutemail.com',
	'10minutemail.net',
	'tempmail.com',
	'temp-mail.org',
	'tempmail.net',
	'tempail.com',
	'yopmail.com',
	'yopmail.net',
	'trashmail.com',
	'trashmail.net',
	'getnada.com',
	'nada.email',
	'dispostable.com',
	'throwawaymail.com',
	'maildrop.cc',
	'mailnesia.com',
	'fakeinbox.com',
	'mintemail.com',
	'mohmal.com',
	'emailondeck.com',
	'spamgourmet.com',
	'burnermail.io',
	'moakt.com',
	'mailcatch.com',
	'tempinbox.com',
	'discard.email',
	'spambox.us',
	'mytemp.email',
	'tempr.email',
	'getairmail.com',
	'inboxkitten.com',
];

/** Reserved for documentation (RFC 2606 / RFC 6761): fine for tests, never a real buyer. */
export const RESERVED_EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org'];
export const RESERVED_EMAIL_TLDS: readonly string[] = ['test', 'example', 'invalid', 'localhost'];
