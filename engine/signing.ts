/**
 * Signed accept / decline links for lead offers.
 *
 * Why signed links rather than a lookup table: the link is the only thing an agent carries from the
 * notification back to n8n, and any n8n worker must be able to check it without shared state.
 * The token says who may do what to which lead until when, and an HMAC proves we issued it.
 *
 * Token format (URL-safe, no secret inside): `<payload>.<signature>`, both base64url;
 * payload = JSON {v, leadId, agentId, attempt, action, exp (unix seconds)};
 * signature = HMAC-SHA256(secret, "lr1." + payload).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type ResponseAction = 'accept' | 'decline';

export interface ResponseLinkClaims {
	leadId: string;
	agentId: string;
	attempt: number;
	action: ResponseAction;
	/** When the link stops working. */
	expiresAt: Date;
}

/** Stable codes for a link that must not be honoured (documented in docs/reason-codes.md). */
export type LinkRejection =
	| 'malformedToken'
	| 'signatureInvalid'
	| 'linkExpired'
	| 'linkSuperseded'
	| 'linkLeadMismatch';

export type LinkCheck =
	| { valid: true; claims: ResponseLinkClaims }
	| { valid: false; code: LinkRejection; message: string; claims?: ResponseLinkClaims };

/** The lead's assignment as it stands now: a link is only good for this exact offer. */
export interface CurrentOffer {
	leadId: string;
	agentId: string;
	attempt: number;
}

const TOKEN_VERSION = 1;
// Domain separation: a signature made for these links can never be replayed as another HMAC use.
const SIGNING_CONTEXT = 'lr1.';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function signatureOf(payload: string, secret: string): Buffer {
	return createHmac('sha256', secret).update(SIGNING_CONTEXT + payload).digest();
}

export function signResponseLink(claims: ResponseLinkClaims, secret: string): string {
	if (!secret) throw new Error('signing secret is empty');
	const payload = Buffer.from(
		JSON.stringify({
			v: TOKEN_VERSION,
			leadId: claims.leadId,
			agentId: claims.agentId,
			attempt: claims.attempt,
			action: claims.action,
			exp: Math.floor(claims.expiresAt.getTime() / 1000),
		}),
		'utf8',
	).toString('base64url');
	return `${payload}.${signatureOf(payload, secret).toString('base64url')}`;
}

/**
 * Appends the token to a base URL that may already carry a query string. The lead id also travels
 * in clear (`lead=`) so the receiving workflow can look up the lead's current assignment before
 * verifying; it cannot be altered, because verification compares it with the signed one.
 */
export function responseLinkUrl(baseUrl: string, token: string, leadId?: string): string {
	const hashAt = baseUrl.indexOf('#');
	const base = hashAt >= 0 ? baseUrl.slice(0, hashAt) : baseUrl;
	const separator = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
	const lead = leadId === undefined ? '' : `lead=${encodeURIComponent(leadId)}&`;
	return `${base}${separator}${lead}token=${token}`;
}

/**
 * Accepts a bare token, a query string (`token=...`) or a whole URL, as agents' clicks arrive.
 * Takes the last `token=` before any fragment: responseLinkUrl appends ours after whatever query the
 * base URL already had, so a Response Base URL with its own `token=` still yields our token.
 * Returns undefined when the text cannot be decoded (a cut-off or hand-edited percent escape).
 */
export function extractToken(linkOrToken: string): string | undefined {
	const text = linkOrToken.trim();
	const hashAt = text.indexOf('#');
	const beforeFragment = hashAt >= 0 ? text.slice(0, hashAt) : text;
	const matches = [...beforeFragment.matchAll(/(?:^|[?&])token=([^&\s]*)/g)];
	if (matches.length === 0) return text;
	try {
		return decodeURIComponent(matches[matches.length - 1][1]);
	} catch {
		return undefined;
	}
}

function parseClaims(payload: string): ResponseLinkClaims | undefined {
	let decoded: unknown;
	try {
		decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
	if (!decoded || typeof decoded !== 'object') return undefined;
	const d = decoded as Record<string, unknown>;
	if (d.v !== TOKEN_VERSION) return undefined;
	if (typeof d.leadId !== 'string' || typeof d.agentId !== 'string') return undefined;
	if (typeof d.attempt !== 'number' || !Number.isInteger(d.attempt)) return undefined;
	if (d.action !== 'accept' && d.action !== 'decline') return undefined;
	if (typeof d.exp !== 'number' || !Number.isFinite(d.exp)) return undefined;
	return {
		leadId: d.leadId,
		agentId: d.agentId,
		attempt: d.attempt,
		action: d.action,
		expiresAt: new Date(d.exp * 1000),
	};
}

/**
 * Checks a returned link, in the order that leaks least: shape, then signature (so a forged token
 * learns nothing about our payload rules), then expiry, then whether the offer is still current.
 */
export function verifyResponseLink(
	linkOrToken: string,
	secret: string,
	now: Date,
	current?: CurrentOffer,
): LinkCheck {
	const token = extractToken(linkOrToken);
	const parts = token === undefined ? [] : token.split('.');
	if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) {
		return { valid: false, code: 'malformedToken', message: 'the link does not carry a readable token' };
	}
	const [payload, signature] = parts;
	// Compare the text, not the decoded bytes: base64url decoding ignores the spare low bits of the
	// last character and any excess length, so several spellings decode to the same bytes. Only the
	// one canonical spelling we issued is accepted, so a token has exactly one valid form.
	const expected = Buffer.from(signatureOf(payload, secret).toString('base64url'), 'utf8');
	const given = Buffer.from(signature, 'utf8');
	// timingSafeEqual throws on different lengths; a wrong length is simply a wrong signature.
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		return { valid: false, code: 'signatureInvalid', message: 'the link was not signed with this secret or was altered' };
	}
	const claims = parseClaims(payload);
	if (!claims) {
		return { valid: false, code: 'malformedToken', message: 'the token is signed but its content is not readable' };
	}
	if (now.getTime() >= claims.expiresAt.getTime()) {
		return {
			valid: false,
			code: 'linkExpired',
			message: `the link expired at ${claims.expiresAt.toISOString()}`,
			claims,
		};
	}
	if (current) {
		if (current.leadId !== claims.leadId) {
			return {
				valid: false,
				code: 'linkLeadMismatch',
				message: `the link is for lead ${claims.leadId}, not ${current.leadId}`,
				claims,
			};
		}
		if (current.agentId !== claims.agentId || current.attempt !== claims.attempt) {
			return {
				valid: false,
				code: 'linkSuperseded',
				message: `the offer to ${claims.agentId} (attempt ${claims.attempt}) is no longer current: the lead is at attempt ${current.attempt} (${current.agentId})`,
				claims,
			};
		}
	}
	return { valid: true, claims };
}
