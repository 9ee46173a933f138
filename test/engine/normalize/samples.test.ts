/**
 * The demo's sample payloads (workflows/samples/payloads), as the intake webhook receives them:
 * each is wrapped the way n8n's Webhook node wraps a request, form posts as parsed fields.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { markDuplicates, normalizeLead } from '../../../engine/normalize';
import { NOW } from './fixtures';

const DIR = join(__dirname, '..', '..', '..', 'workflows', 'samples', 'payloads');

function asWebhookItem(file: string): Record<string, unknown> {
	const json = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
	const isRequest = json && typeof json.contentType === 'string' && 'body' in json;
	return {
		headers: { 'content-type': isRequest ? json.contentType : 'application/json', 'x-forwarded-for': '203.0.113.200' },
		params: {},
		query: {},
		body: isRequest ? json.body : json,
		webhookUrl: 'http://127.0.0.1:5678/webhook/leads',
		executionMode: 'production',
	};
}

const files = readdirSync(DIR).filter((file) => file.endsWith('.json')).sort();
const results = files.map((file) => ({ file, result: normalizeLead(asWebhookItem(file), { now: NOW }) }));

describe('sample payloads', () => {
	it('about 30 leads covering every source shape', () => {
		expect(files.length).toBeGreaterThanOrEqual(25);
		const kinds = new Set(results.map(({ result }) => result.lead.source.kind));
		expect(kinds).toEqual(new Set(['typeform', 'jotform', 'facebookLeadAds', 'googleForms', 'hubspot', 'insurancePost', 'flat']));
	});

	it('only the samples named invalid are invalid', () => {
		for (const { file, result } of results) expect([file, result.valid]).toEqual([file, !file.includes('invalid')]);
	});

	it('every valid sample has a state, a canonical product and an E.164 phone or an email', () => {
		for (const { file, result } of results.filter(({ result }) => result.valid)) {
			const { lead } = result;
			expect([file, lead.state]).toEqual([file, expect.stringMatching(/^[A-Z]{2}$/)]);
			expect([file, lead.product]).toEqual([file, expect.any(String)]);
			if (lead.phone) expect(lead.phone).toMatch(/^\+1\d{10}$/);
		}
	});

	it('several states and products, and the repeat of sample 01 is marked as its duplicate', () => {
		const valid = results.filter(({ result }) => result.valid).map(({ result }) => result.lead);
		expect(new Set(valid.map((lead) => lead.state)).size).toBeGreaterThanOrEqual(10);
		expect(new Set(valid.map((lead) => lead.product)).size).toBeGreaterThanOrEqual(10);
		const marked = markDuplicates(valid, [], { lookbackDays: 30, now: NOW });
		const duplicates = marked.filter((lead) => lead.duplicateOf);
		expect(duplicates).toHaveLength(1);
		expect(duplicates[0].duplicateOf).toBe(valid[0].leadId);
	});
});
