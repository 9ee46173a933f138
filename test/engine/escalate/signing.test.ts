import { extractToken, responseLinkUrl, signResponseLink, verifyResponseLink } from '../../../engine/signing';

const secret = 'correct horse battery staple';
const claims = {
	leadId: 'lead-1',
	agentId: 'a2',
	attempt: 2,
	action: 'accept' as const,
	expiresAt: new Date('2026-11-02T14:10:00Z'),
};
const before = new Date('2026-11-02T14:05:00Z');
const current = { leadId: 'lead-1', agentId: 'a2', attempt: 2 };

function flipChar(text: string, index: number): string {
	const replacement = text[index] === 'A' ? 'B' : 'A';
	return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('signed response links', () => {
	it('round-trips the claims', () => {
		const token = signResponseLink(claims, secret);
		expect(verifyResponseLink(token, secret, before, current)).toEqual({ valid: true, claims });
	});

	it('is URL-safe and carries no secret', () => {
		const token = signResponseLink(claims, secret);
		expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		const payload = Buffer.from(token.split('.')[0], 'base64url').toString('utf8');
		expect(payload).not.toContain(secret);
		expect(token).not.toContain(Buffer.from(secret).toString('base64url'));
	});

	it('accepts a whole URL or a query string as well as a bare token', () => {
		const token = signResponseLink(claims, secret);
		const url = responseLinkUrl('https://n8n.example.com/webhook/respond?source=email', token);
		expect(url).toBe(`https://n8n.example.com/webhook/respond?source=email&token=${token}`);
		expect(extractToken(url)).toBe(token);
		expect(responseLinkUrl('https://n8n.example.com/webhook/respond', token, 'lead 1/x')).toBe(
			`https://n8n.example.com/webhook/respond?lead=lead%201%2Fx&token=${token}`,
		);
		expect(extractToken(`token=${token}`)).toBe(token);
		expect(verifyResponseLink(url, secret, before, current).valid).toBe(true);
	});

	it('rejects a tampered payload', () => {
		const token = signResponseLink(claims, secret);
		const [, signature] = token.split('.');
		const forged = Buffer.from(
			JSON.stringify({ v: 1, leadId: 'lead-1', agentId: 'a9', attempt: 2, action: 'accept', exp: 1793628600 }),
		).toString('base64url');
		expect(verifyResponseLink(`${forged}.${signature}`, secret, before)).toMatchObject({ valid: false, code: 'signatureInvalid' });
		expect(verifyResponseLink(flipChar(token, 3), secret, before)).toMatchObject({ valid: false, code: 'signatureInvalid' });
	});

	it('rejects a tampered or truncated signature', () => {
		const token = signResponseLink(claims, secret);
		expect(verifyResponseLink(flipChar(token, token.length - 2), secret, before)).toMatchObject({ code: 'signatureInvalid' });
		expect(verifyResponseLink(token.slice(0, -4), secret, before)).toMatchObject({ code: 'signatureInvalid' });
	});

	it('rejects a token signed with another secret', () => {
		const token = signResponseLink(claims, 'another secret');
		expect(verifyResponseLink(token, secret, before, current)).toMatchObject({ valid: false, code: 'signatureInvalid' });
	});

	it('rejects an expired link', () => {
		const token = signResponseLink(claims, secret);
		const result = verifyResponseLink(token, secret, new Date('2026-11-02T14:10:00Z'), current);
		expect(result).toMatchObject({ valid: false, code: 'linkExpired', claims: { agentId: 'a2' } });
	});

	it('rejects a link whose attempt was superseded by a reassignment', () => {
		const token = signResponseLink(claims, secret);
		expect(verifyResponseLink(token, secret, before, { leadId: 'lead-1', agentId: 'a3', attempt: 3 })).toMatchObject({
			valid: false,
			code: 'linkSuperseded',
		});
		// Same agent offered the lead again on a later attempt: the old link is still stale.
		expect(verifyResponseLink(token, secret, before, { leadId: 'lead-1', agentId: 'a2', attempt: 4 })).toMatchObject({
			code: 'linkSuperseded',
		});
		expect(verifyResponseLink(token, secret, before, { leadId: 'lead-2', agentId: 'a2', attempt: 2 })).toMatchObject({
			code: 'linkLeadMismatch',
		});
	});

	it('calls a broken percent escape malformed instead of throwing', () => {
		for (const bad of ['https://x.test/webhook?lead=lead-1&token=%E0%A4%A', 'token=%', '?token=%zz.abc']) {
			expect(verifyResponseLink(bad, secret, before, current)).toMatchObject({ valid: false, code: 'malformedToken' });
		}
	});

	it('finds our token when the Response Base URL has its own token parameter', () => {
		const token = signResponseLink(claims, secret);
		const url = responseLinkUrl('https://n8n.example.com/webhook/respond?token=theirs', token, 'lead-1');
		expect(extractToken(url)).toBe(token);
		expect(extractToken(`${url}#token=fragment`)).toBe(token);
		expect(verifyResponseLink(url, secret, before, current).valid).toBe(true);
	});

	it('accepts only the canonical spelling of the signature', () => {
		const token = signResponseLink(claims, secret);
		const [payload, signature] = token.split('.');
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		// The last character of a 32-byte signature carries 2 spare bits: other spellings decode to the same bytes.
		const respelled = [...alphabet]
			.map((last) => `${payload}.${signature.slice(0, -1)}${last}`)
			.filter((variant) => variant !== token && verifyResponseLink(variant, secret, before, current).valid);
		expect(respelled).toEqual([]);
		for (const padded of [`${token}A`, `${token}AA`, `${token}=`]) {
			expect(verifyResponseLink(padded, secret, before, current).valid).toBe(false);
		}
	});

	it('calls anything unreadable malformed', () => {
		for (const bad of ['', 'abc', 'a.b.c', 'a b.c', 'https://x.test/?token=', '%%%.%%%']) {
			expect(verifyResponseLink(bad, secret, before)).toMatchObject({ valid: false, code: 'malformedToken' });
		}
	});
});
