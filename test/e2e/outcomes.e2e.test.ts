/**
 * outcome-feedback.json and nightly-training-and-report.json in a real n8n: leads are routed and
 * accepted through inbound-lead-routing.json, the CRM posts won / lost / meetingBooked for them,
 * every event lands in the outcomes table, a bad event is refused (422, nothing written), the
 * report webhook returns the HTML dashboard built from those rows (and stores it), and the nightly
 * run stores a trained Lead Match model and a Lead Score model, which the routing template then
 * scores new leads with.
 */
import { waitUntil, type RunningN8n } from '../../scripts/n8n/runtime.mjs';
import { clickLink, tableRows, type Row } from '../../scripts/n8n/templates.mjs';
import { INSTALL_AND_START_TIMEOUT_MS, startRoutingN8n } from './support/routingN8n';
import { agentById } from './support/roster';
import { historyFor, simulateLeads } from '../../bench/score/simulateHistory';
import { parseHistory } from '../../engine/history';
import { toFlatRow } from '../../engine/outcome/record';


describe('outcome feedback and the nightly report in a real n8n', () => {
	let n8n: RunningN8n;
	let ids: Record<string, string>;
	const routed: Array<{ leadId: string; agentId: string }> = [];

	beforeAll(async () => {
		({ n8n, ids } = await startRoutingN8n([
			'workflows/inbound-lead-routing.json',
			'workflows/outcome-feedback.json',
			'workflows/nightly-training-and-report.json',
		]));
	}, INSTALL_AND_START_TIMEOUT_MS);

	/** The routing execution of one lead, once n8n has saved it (it then waits for the agent's answer). */
	async function leadExecution(leadId: string) {
		return waitUntil(async () => {
			const executions = await n8n.client.listExecutions({ workflowId: ids['workflows/inbound-lead-routing.json'], status: 'waiting', includeData: true, limit: 5 });
			return executions.find((execution) => execution.data.resultData.runData['Lead Normalize']?.[0].data.main[0][0]?.json.leadId === leadId);
		}, 30_000, `the execution of ${leadId}`);
	}

	afterAll(async () => {
		await n8n?.stop();
	});

	it('routes and accepts six leads (TX, NY and FL agents)', async () => {
		const leads = [
			['TX', 'auto'], ['TX', 'home'], ['NY', 'home'], ['NY', 'life'], ['FL', 'auto'], ['FL', 'home'],
		].map(([state, product], n) => ({ name: `Out Come${n}`, email: `outcome${n}@example.com`, phone: `(512) 555-${4000 + n}`, state, product }));
		for (const lead of leads) {
			const res = await n8n.client.postWebhook('inbound-lead?slaSeconds=300', lead);
			expect(res.body.status).toBe('assigned');
			routed.push({ leadId: res.body.leadId, agentId: res.body.agentId });
		}
		for (const { leadId } of routed) {
			const offer: Row = await waitUntil(async () => (await tableRows(n8n.client, 'notifications')).find((r) => r.kind === 'offer' && r.leadId === leadId) as Row, 30_000, `offer for ${leadId}`);
			expect((await clickLink(offer.acceptUrl)).status).toBe(200);
		}
	});

	it('logs the CRM events posted to the outcome webhook as outcome rows', async () => {
		const events = [
			{ ...routed[0], event: 'meeting_booked' },
			{ ...routed[0], event: 'won', value: 1850 },
			{ ...routed[1], event: 'lost' },
			{ ...routed[2], event: 'won', value: 2400 },
			{ ...routed[3], event: 'noShow' },
			{ ...routed[4], event: 'contacted' },
		];
		for (const event of events) {
			const res = await n8n.client.postWebhook('lead-outcome', { ...event, at: new Date().toISOString() });
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({ status: 'logged', leadId: event.leadId, agentId: event.agentId });
		}
		const rows = await tableRows(n8n.client, 'outcomes');
		const won = rows.filter((r) => r.event === 'won');
		expect(won.map((r) => [r.leadId, r.agentId, r.value]).sort()).toEqual(
			[[routed[0].leadId, routed[0].agentId, 1850], [routed[2].leadId, routed[2].agentId, 2400]].sort(),
		);
		expect(rows.some((r) => r.event === 'meetingBooked' && r.leadId === routed[0].leadId)).toBe(true);
		expect(rows.some((r) => r.event === 'lost' && r.leadId === routed[1].leadId)).toBe(true);
	});

	it('refuses an unknown event or a missing lead id with 422 and writes nothing', async () => {
		const before = (await tableRows(n8n.client, 'outcomes')).length;
		const unknown = await n8n.client.postWebhook('lead-outcome', { ...routed[0], event: 'called' });
		expect(unknown.status).toBe(422);
		expect(unknown.body.status).toBe('rejected');
		const noLead = await n8n.client.postWebhook('lead-outcome', { agentId: 'ana', event: 'won' });
		expect(noLead.status).toBe(422);
		expect((await tableRows(n8n.client, 'outcomes')).length).toBe(before);
	});

	it('builds the HTML dashboard from the outcome rows, with every agent who had a lead', async () => {
		const started = performance.now();
		const res = await fetch(`${n8n.baseUrl}/webhook/lead-routing-report`);
		const html = await res.text();
		console.log(`report webhook ${(performance.now() - started).toFixed(0)} ms, dashboard ${html.length} characters`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/text\/html/);
		expect(html).toMatch(/<html/i);
		// The routed leads were logged with Lead Score's tier: the report has its conversion per tier.
		expect(html).toMatch(/Score tiers/);
		for (const agentId of new Set(routed.map((r) => r.agentId))) {
			const name = agentById(agentId)!.name.replace(/'/g, '&#39;');
			expect(html.includes(agentId) || html.includes(name)).toBe(true);
		}
		const stored = (await tableRows(n8n.client, 'notifications')).filter((r) => r.kind === 'report');
		expect(stored).toHaveLength(1);
		expect(stored[0].detail).toBe(html);
	});

	it('trains a Lead Match model and a Lead Score model from the outcomes and stores both in the models table', async () => {
		// The report answers before the training branches finish.
		const models: Row[] = await waitUntil(async () => {
			const rows = await tableRows(n8n.client, 'models');
			return (rows.length >= 2 ? rows : undefined) as Row[];
		}, 30_000, 'both models');
		expect(models.map((row) => row.kind).sort()).toEqual(['leadMatch', 'leadScore']);
		const leadsWithOutcome = new Set((await tableRows(n8n.client, 'outcomes')).filter((r) => r.event === 'won' || r.event === 'lost').map((r) => r.leadId));
		const match = models.find((row) => row.kind === 'leadMatch')!;
		console.log(`model trained from ${match.records} outcomes (${leadsWithOutcome.size} leads won or lost), ${match.model.length} characters`);
		expect(match.records).toBeGreaterThan(0);
		expect(match.records).toBeLessThanOrEqual(leadsWithOutcome.size);
		expect(typeof JSON.parse(match.model)).toBe('object');
		// Three won or lost leads are far below Lead Score's 50: no model yet, and the count says why.
		const score = models.find((row) => row.kind === 'leadScore')!;
		expect(score.records).toBe(leadsWithOutcome.size);
		expect(JSON.parse(score.model)).toBeNull();
	});

	it('scores a new lead with the Lead Score model trained from 400 more outcomes, and logs the rules score it read', async () => {
		// 400 past leads (from January, outside the routing templates' 45-day window) with a known
		// truth, as Log Outcome writes them: an assigned row with the snapshot, then won or lost.
		const rows = parseHistory(historyFor(simulateLeads(400, 21), true)).records.map(toFlatRow);
		const outcomes = await n8n.client.dataTableByName('outcomes');
		await n8n.client.insertDataTableRows(outcomes!.id, rows as unknown as Row[]);
		expect((await fetch(`${n8n.baseUrl}/webhook/lead-routing-report`)).status).toBe(200);
		// The dashboard is answered first; the models are trained and saved after it.
		const stored: Row = await waitUntil(
			async () => (await tableRows(n8n.client, 'models')).find((row) => row.kind === 'leadScore' && row.records > 3) as Row,
			30_000,
			'the second Lead Score model',
		);
		const model = JSON.parse(stored.model);
		expect(model).toMatchObject({ kind: 'leadScoreModel', outcomes: 403 });
		expect(stored.records).toBe(403);

		const res = await n8n.client.postWebhook('inbound-lead?slaSeconds=300', { name: 'Sco Red', email: 'scored@example.com', phone: '(512) 555-4100', state: 'TX', product: 'home', utm_source: 'google', utm_medium: 'cpc' });
		expect(res.body.status).toBe('assigned');
		const scored = (await leadExecution(res.body.leadId))!.data.resultData.runData['Lead Score'][0].data.main[0][0].json.score;
		expect(scored).toMatchObject({ mode: 'learned' });
		expect(scored.reasons[0]).toMatchObject({ rule: 'learnedModel' });
		expect(scored.reasons[0].message).toMatch(/from 403 past outcomes/);
		expect(scored.value).toBe(Math.round(scored.probability * 100));
		expect(typeof scored.rulesValue).toBe('number');
		const assigned = (await tableRows(n8n.client, 'outcomes')).find((row) => row.leadId === res.body.leadId && row.event === 'assigned')!;
		expect(JSON.parse(assigned.lead)).toMatchObject({ score: scored.value, rulesScore: scored.rulesValue });
	});
});
