/**
 * The intake template in a real n8n 2.41.1 with the package installed the way users get it:
 * every sample payload (workflows/samples/payloads/) posted to POST /webhook/lead-intake must come
 * back as a canonical lead (lead-schema.md), and broken requests must get a 422 or a clean 4xx,
 * never a crash, a hang or a failed execution.
 */
import { ensureBuilt, ensureRuntime, startN8n, type RunningN8n } from '../../scripts/n8n/runtime.mjs';
import { loadSamplePayloads } from '../../scripts/n8n/samples.mjs';

const INTAKE = 'workflows/lead-intake.json';
const samples = loadSamplePayloads();

// The contract in lead-schema.md, written out independently of the engine's own tables.
const CANONICAL_PRODUCTS = [
	'auto', 'home', 'bundle', 'renters', 'condo', 'umbrella', 'motorcycle', 'commercialAuto',
	'commercialProperty', 'generalLiability', 'workersComp', 'life', 'annuity', 'health', 'medicare',
];
const E164 = /^\+[1-9]\d{7,14}$/;

/** Which source kind a sample must be recognised as, from its file name. */
function expectedKind(sampleName: string): string | undefined {
	const rules: Array<[RegExp, string]> = [
		[/typeform/i, 'typeform'],
		[/jotform/i, 'jotform'],
		[/facebook|fb-?lead/i, 'facebookLeadAds'],
		[/google/i, 'googleForms'],
		[/hubspot/i, 'hubspot'],
		[/insurance|ping|post/i, 'insurancePost'],
		[/zapier|flat/i, 'flat'],
	];
	return rules.find(([pattern]) => pattern.test(sampleName))?.[1];
}

/** The request as lowercase text (form posts decoded), so a value the lead shows can be traced back to it. */
function payloadText(body: unknown, contentType: string): string {
	if (typeof body !== 'string') return JSON.stringify(body).toLowerCase();
	if (!contentType.includes('x-www-form-urlencoded')) return body.toLowerCase();
	return [...new URLSearchParams(body).entries()].map(([key, value]) => `${key}=${value}`).join('&').toLowerCase();
}

// Long enough for a cold n8n install plus a start on a loaded machine.
const INSTALL_AND_START_TIMEOUT_MS = 20 * 60_000;

describe('lead intake template in a real n8n', () => {
	let n8n: RunningN8n;
	let workflowId: string;
	let posts = 0;

	beforeAll(async () => {
		ensureBuilt({ quiet: true });
		// A cold install (fresh machine) takes ~4-6 minutes; its progress shows in the terminal.
		ensureRuntime();
		n8n = await startN8n({ workflows: [INTAKE] });
		workflowId = n8n.workflows[0].id;
		console.log(`n8n ready: import ${n8n.timings.importMs} ms, start ${n8n.timings.readyMs} ms, total ${n8n.timings.totalMs} ms`);
	}, INSTALL_AND_START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	});

	const post = async (body: unknown, contentType?: string) => {
		posts++;
		return await n8n.client.postWebhook('lead-intake', body, contentType ? { contentType } : {});
	};

	it('installs every node and credential package.json lists (n8n rejects a package with one missing)', () => {
		expect(n8n.packageMissing).toEqual([]);
	});

	it('loads the package and publishes the template (activation fails on an unknown node type)', () => {
		expect(n8n.workflows).toEqual([expect.objectContaining({ file: INTAKE, active: true })]);
	});

	it('has the sample payloads for every source to post', () => {
		expect(samples.length).toBeGreaterThanOrEqual(7);
	});

	// Samples named "invalid-..." are leads nobody can contact: they must come back 422.
	const validSamples = samples.filter((s) => !/invalid/i.test(s.name));
	const invalidSamples = samples.filter((s) => /invalid/i.test(s.name));

	it.each(invalidSamples.map((s) => [s.name, s] as const))('answers sample %s with 422 and its errors', async (_name, sample) => {
		const res = await post(sample.body, sample.contentType);
		expect(res.status).toBe(422);
		expect(res.body.errors).toEqual(
			expect.arrayContaining([expect.objectContaining({ code: expect.any(String), message: expect.any(String) })]),
		);
	});

	describe.each(validSamples.map((s) => [s.name, s] as const))('sample %s', (name, sample) => {
		it('comes back 200 as a canonical lead traceable to the payload', async () => {
			const res = await post(sample.body, sample.contentType);
			expect({ status: res.status, body: res.body }).toEqual(expect.objectContaining({ status: 200 }));
			const lead = res.body;
			const text = payloadText(sample.body, sample.contentType);

			const kind = expectedKind(name);
			if (kind) expect(lead.source.kind).toBe(kind);
			expect(typeof lead.leadId).toBe('string');
			expect(new Date(lead.receivedAt).toISOString()).toBe(lead.receivedAt);

			expect(lead.email === null || typeof lead.email === 'string').toBe(true);
			expect(lead.phone === null || typeof lead.phone === 'string').toBe(true);
			expect(lead.email ?? lead.phone).not.toBeNull();
			if (lead.email) {
				expect(lead.email).toBe(lead.email.trim().toLowerCase());
				expect(text).toContain(lead.email);
			}
			if (lead.phone) {
				expect(lead.phone).toMatch(E164);
				// The national number is in the payload, whatever punctuation the source used.
				expect(text.replace(/\D/g, '')).toContain(lead.phone.slice(-10));
			}
			if (lead.state !== null) expect(lead.state).toMatch(/^[A-Z]{2}$/);
			if (lead.zip !== null) expect(lead.zip).toMatch(/^\d{5}$/);
			if (lead.product !== null) expect(CANONICAL_PRODUCTS).toContain(lead.product);
			expect(lead.dedupeKey).toBe(lead.email ?? lead.phone);
			expect(Array.isArray(lead.warnings)).toBe(true);
			expect(typeof lead.fields).toBe('object');
		});
	});

	it('answers 422 with errors for JSON that is no lead at all', async () => {
		const res = await post({ hello: 'world', n: 1 });
		expect(res.status).toBe(422);
		expect(Array.isArray(res.body.errors)).toBe(true);
		expect(res.body.errors.length).toBeGreaterThan(0);
	});

	it('answers 422 for a lead with no way to contact the person', async () => {
		const res = await post({ first_name: 'Ana', last_name: 'Ruiz', state: 'FL', product: 'auto' });
		expect(res.status).toBe(422);
		expect(res.body.errors.length).toBeGreaterThan(0);
	});

	it('answers a body that is not JSON with a clean 4xx (n8n itself answers 422), not a crash', async () => {
		const res = await post('{"email": "ana@example.com", broken', 'application/json');
		expect(res.status).toBeGreaterThanOrEqual(400);
		expect(res.status).toBeLessThan(500);
		expect(res.text).not.toMatch(/at .+\.js:\d+/); // no stack trace
	});

	it.each([
		['plain text', 'call me maybe', 'text/plain'],
		['a JSON array', '[1, 2, 3]', 'application/json'],
		['a JSON string', '"just a string"', 'application/json'],
	])('answers %s with 422 through the error output, not a failed execution', async (_what, body, contentType) => {
		const res = await post(body, contentType);
		expect(res.status).toBe(422);
		expect(res.body.errors).toEqual([expect.objectContaining({ code: expect.any(String), message: expect.any(String) })]);
	});

	it('answers an empty body with 422 (nothing to contact)', async () => {
		const res = await post('', 'application/json');
		expect(res.status).toBe(422);
	});

	it('answers a payload nested too deep without crashing', async () => {
		const deep = `{"email":"deep@example.com","nested":${'['.repeat(500)}${']'.repeat(500)}}`;
		const res = await post(deep, 'application/json');
		expect([200, 422]).toContain(res.status);
	});

	it('survives a huge string field: answers 200 or 422, and the stored lead stays bounded', async () => {
		const huge = 'x'.repeat(2_000_000);
		const res = await post({ email: 'big@example.com', phone: '+13055550100', comments: huge, state: 'FL' });
		expect([200, 422]).toContain(res.status);
		// The 2 MB string may be kept in `raw` (the original payload, on by default), but the
		// canonical fields must not carry it.
		if (res.status === 200) {
			expect(res.body.email).toBe('big@example.com');
			expect(JSON.stringify(res.body.fields).length).toBeLessThan(1_000_000);
		}
	});

	it('still answers normally after the bad requests', async () => {
		const res = await post({ email: 'Ana.Ruiz@Example.com', phone: '(305) 555-0100', state: 'FL', product: 'auto insurance' });
		expect(res.status).toBe(200);
		expect(res.body).toEqual(expect.objectContaining({ email: 'ana.ruiz@example.com', phone: '+13055550100', state: 'FL' }));
	});

	it('saved every execution it ran as a success: invalid leads are routed, not thrown', async () => {
		// n8n itself answers the unparsable JSON body (422 "Failed to parse request body") before the
		// workflow runs, so that one request leaves no execution.
		const executions = await n8n.client.waitForExecutions({ workflowId, atLeast: posts - 1 });
		const failed = executions.filter((e) => e.status !== 'success');
		expect(failed).toEqual([]);
	});
});
