/**
 * Lead Normalize inside the real n8n engine (WorkflowExecute): every payload shape, two outputs,
 * the count invariant, the Known Leads input, Continue On Fail, the error output and pairedItem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/runWorkflow';

const TYPE = 'n8n-nodes-lead-routing.leadNormalize';
const NOW = '2026-11-25T20:00:00.000Z';
const FIXTURES = join(__dirname, '..', 'fixtures', 'payloads');

const fixtures: Array<[string, IDataObject]> = readdirSync(FIXTURES)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'))]);

const base = { options: { now: NOW } };

describe('Lead Normalize node', () => {
	it('normalizes every fixture shape to Valid, one item out per item in, with pairedItem', async () => {
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: base, inputs: [fixtures.map(([, body]) => body)] });
		expect(error).toBeUndefined();
		const [valid, invalid] = nodeOutputs;
		expect(invalid).toHaveLength(0);
		expect(valid).toHaveLength(fixtures.length);
		expect(valid.map((item) => item.pairedItem)).toEqual(fixtures.map((_, i) => ({ item: i })));
		const kinds = valid.map((item) => (item.json.source as { kind: string }).kind);
		expect(new Set(kinds)).toEqual(
			new Set(['typeform', 'jotform', 'facebookLeadAds', 'googleForms', 'hubspot', 'insurancePost', 'flat']),
		);
		for (const item of valid) {
			expect(item.json.email ?? item.json.phone).toBeTruthy();
			expect(typeof item.json.dedupeKey).toBe('string');
		}
	});

	it('splits Valid and Invalid, keeps order and pairedItem, and explains each invalid lead', async () => {
		const inputs = [
			{ email: 'a@example.com' },
			{ name: 'No Contact' },
			{ phone: '305-555-0142' },
			{ email: 'not-an-email', phone: '12' },
		];
		const { nodeOutputs, error, run } = await runNode({ type: TYPE, parameters: base, inputs: [inputs] });
		expect(error).toBeUndefined();
		const [valid, invalid] = nodeOutputs;
		expect(valid.length + invalid.length).toBe(inputs.length);
		const hints = run.data.resultData.runData['Under Test'][0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([expect.stringMatching(/^2 lead\(s\) went to Invalid: .*emailMissing/)]);
		expect(valid.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(invalid.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		const codes = (invalid[1].json.errors as Array<{ code: string }>).map((e) => e.code);
		expect(codes).toEqual(['emailInvalid', 'phoneInvalid']);
		expect(invalid[0].json.fullName).toBe('No Contact');
	});

	it('Required Contact and Require State are honoured', async () => {
		const { nodeOutputs } = await runNode({
			type: TYPE,
			parameters: { required: 'emailAndPhone', options: { now: NOW, requireState: true } },
			inputs: [[{ email: 'a@example.com', phone: '3055550142', zip: '33602' }, { email: 'b@example.com', phone: '3055550143' }, { email: 'c@example.com' }]],
		});
		expect(nodeOutputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(nodeOutputs[1]).toHaveLength(2);
	});

	it('field mapping and product synonyms from the parameters', async () => {
		const { nodeOutputs } = await runNode({
			type: TYPE,
			parameters: {
				...base,
				fieldMap: { mappings: [{ sourceKey: 'q12_best_number', field: 'phone' }, { sourceKey: 'line', field: 'product' }] },
				productSynonyms: { synonyms: [{ phrase: 'HOA', product: 'condo' }] },
			},
			inputs: [[{ q12_best_number: '(305) 555-0142', line: 'HOA' }]],
		});
		expect(nodeOutputs[0][0].json).toMatchObject({ phone: '+13055550142', product: 'condo', productRaw: 'HOA' });
	});

	it('marks duplicates against Known Leads and within the batch, without dropping any', async () => {
		const known = [{ leadId: 'K1', dedupeKey: 'jane@example.com', receivedAt: '2026-11-20T00:00:00Z' }];
		const leads = [
			{ email: 'Jane@Example.com', lead_id: 'N1' },
			{ email: 'new@example.com', lead_id: 'N2' },
			{ email: 'new@example.com', lead_id: 'N3' },
		];
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: base, inputs: [leads, known] });
		expect(error).toBeUndefined();
		expect(nodeOutputs[0].map((item) => item.json.duplicateOf)).toEqual(['K1', undefined, 'N2']);
		const outsideWindow = await runNode({ type: TYPE, parameters: { options: { now: NOW, lookbackDays: 2 } }, inputs: [leads, known] });
		expect(outsideWindow.nodeOutputs[0].map((item) => item.json.duplicateOf)).toEqual([undefined, undefined, 'N2']);
	});

	it('a corrected resubmission is not a duplicate of the Invalid lead before it, but a later repeat is of the valid one', async () => {
		const inputs = [
			{ email: 'pat@example.com', first_name: 'Pat', submitted_at: '2026-11-25T14:00:00Z' },
			{ email: 'pat@example.com', first_name: 'Pat', phone: '(305) 555-2222', submitted_at: '2026-11-25T14:01:00Z' },
			{ email: 'pat@example.com', first_name: 'Pat', phone: '(305) 555-2222', submitted_at: '2026-11-25T14:05:00Z' },
		];
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: { ...base, required: 'emailAndPhone' }, inputs: [inputs] });
		expect(error).toBeUndefined();
		const [valid, invalid] = nodeOutputs;
		expect(invalid.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(valid.map((item) => item.json.duplicateOf)).toEqual([undefined, valid[0].json.leadId]);
		// Stored Invalid-output items fed back as Known Leads do not mark it either.
		const later = await runNode({ type: TYPE, parameters: { ...base, required: 'emailAndPhone' }, inputs: [[inputs[1]], invalid.map((item) => item.json)] });
		expect(later.nodeOutputs[0].map((item) => item.json.duplicateOf)).toEqual([undefined]);
	});

	it('reads a webhook-wrapped payload whose body is not an object as an item error (stops the node)', async () => {
		const { error } = await runNode({
			type: TYPE,
			parameters: base,
			inputs: [[{ email: 'a@example.com' }, { headers: {}, query: {}, params: {}, body: 'just text' }]],
		});
		expect(error?.message).toMatch(/Item 1: field "body"/);
	});

	it('Continue On Fail (regular output): the failed item goes to Invalid, never Valid, with its error and pairedItem', async () => {
		const inputs = [{ email: 'a@example.com' }, { headers: {}, query: {}, params: {}, body: [1, 2] }, { name: 'x' }];
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: base, inputs: [inputs], onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();
		const all = nodeOutputs.flat();
		expect(all).toHaveLength(inputs.length);
		expect(nodeOutputs[0].some((item) => item.json.error)).toBe(false);
		const failed = nodeOutputs[1].find((item) => item.json.error);
		expect(failed?.pairedItem).toEqual({ item: 1 });
		expect(String(failed?.json.error)).toContain('body');
	});

	it('Continue (using error output): the failed item goes to the third output', async () => {
		const inputs = [{ email: 'a@example.com' }, { headers: {}, query: {}, params: {}, body: 42 }, { name: 'x' }];
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: base, inputs: [inputs], onError: 'continueErrorOutput' });
		expect(error).toBeUndefined();
		expect(nodeOutputs).toHaveLength(3);
		const [valid, invalid, failed] = nodeOutputs;
		expect(valid.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(invalid.map((i) => i.pairedItem)).toEqual([{ item: 2 }]);
		expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(failed[0].json.error).toBeDefined();
	});

	it('hostile payloads go to Invalid and leave Object.prototype untouched', async () => {
		// The harness hands items over as JSON, which V8 cannot stringify 10,000 levels deep (n8n
		// could not store such an item either): 2,000 levels here, 10,000 in the engine tests.
		let deep: IDataObject = { email: 'x@example.com' };
		for (let i = 0; i < 2_000; i++) deep = { next: deep };
		const hostile = [
			JSON.parse('{"__proto__": {"polluted": true}, "email": "a@example.com"}'),
			{ email: 'b@example.com', nested: deep },
			{ email: 'c@example.com', note: 'x'.repeat(1_000_000) },
			{ email: '\u200B\uD800', first_name: '🙂\u202E' },
		];
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: base, inputs: [hostile] });
		expect(error).toBeUndefined();
		const [valid, invalid] = nodeOutputs;
		expect(valid.length + invalid.length).toBe(hostile.length);
		expect(invalid).toHaveLength(hostile.length);
		expect(({} as IDataObject).polluted).toBeUndefined();
	});

	it('the 30 demo samples, wrapped as the Webhook node delivers them: 30 in, 30 out, one repeat marked', async () => {
		const dir = join(__dirname, '..', '..', 'workflows', 'samples', 'payloads');
		const files = readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
		const items = files.map((file) => {
			const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
			const body = typeof json.contentType === 'string' ? json.body : json;
			return { headers: { 'x-forwarded-for': '203.0.113.5' }, params: {}, query: {}, body, webhookUrl: 'http://127.0.0.1/webhook/lead-intake' };
		});
		const { nodeOutputs, error } = await runNode({ type: TYPE, parameters: base, inputs: [items] });
		expect(error).toBeUndefined();
		const [valid, invalid] = nodeOutputs;
		expect(valid.length + invalid.length).toBe(files.length);
		expect(invalid.map((item) => files[(item.pairedItem as { item: number }).item])).toEqual(files.filter((file) => file.includes('invalid')));
		expect(valid.filter((item) => item.json.duplicateOf).map((item) => files[(item.pairedItem as { item: number }).item])).toEqual([
			expect.stringContaining('duplicate-of-01'),
		]);
	});

	it('a bad time zone parameter stops the node with a message naming it', async () => {
		const { error } = await runNode({ type: TYPE, parameters: { sourceTimeZone: 'Mars/Base', options: { now: NOW } }, inputs: [[{ email: 'a@example.com' }]] });
		expect(error?.message).toMatch(/sourceTimeZone/);
	});
});
