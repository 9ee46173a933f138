/**
 * The routing templates in a real n8n 2.41.1: setup-data-tables.json fills the agents table (and
 * running it twice changes nothing), then 50 leads posted one after another to
 * inbound-lead-routing.json must all be assigned, each to an agent the roster allows (re-checked
 * here from the roster, independently of License Check), with weighted round-robin shares within
 * Lead Match's documented bound (Max Lead, default 3): the template's Lead Match is Learned, which
 * with no outcomes and no stored model routes exactly like round robin. Then a stored model takes
 * over. Leads nobody may take, invalid leads and the aggregator feed (Require Appointment on, then
 * with Just-in-Time Appointment States) are checked too.
 */
import { ensureBuilt, ensureRuntime, startN8n, waitUntil, type RunningN8n } from '../../scripts/n8n/runtime.mjs';
import { createSigningCredential, installTemplate, tableRows, templateVariant, type Row } from '../../scripts/n8n/templates.mjs';
import { loadSamplePayloads } from '../../scripts/n8n/samples.mjs';
import { modelFromHistory, serializeModel } from '../../engine/match/learned/model';
import type { OutcomeRecord } from '../../engine/types';
import { historyFor, simulateLeads } from '../../bench/score/simulateHistory';
import { parseHistory } from '../../engine/history';
import { storeConversionModel, trainConversionModel } from '../../engine/score';
import { agentById, licensingProblem, ROSTER } from './support/roster';

const SETUP = 'workflows/setup-data-tables.json';
const INBOUND = 'workflows/inbound-lead-routing.json';
const AGGREGATOR = 'workflows/insurance-aggregator-intake.json';
/** How far back the routing templates read the outcomes log (HISTORY_DAYS in scripts/templates/build-templates.mjs). */
const HISTORY_DAYS = 45;
/** Lead Match's Max Lead default (docs/nodes/lead-match.md): how far round robin may run ahead. */
const MAX_LEAD = 3;
const INSTALL_AND_START_TIMEOUT_MS = 20 * 60_000;

/** 50 leads: FL personal lines (pool ana/eva/jon), TX, NY, CA and FL life; unique people. */
function sampleLeads() {
	const plan: Array<[string, string[], number]> = [
		['FL', ['auto', 'home', 'renters', 'bundle', 'condo'], 30],
		['TX', ['auto', 'home'], 6],
		['NY', ['home', 'auto', 'life'], 6],
		['CA', ['home', 'auto'], 4],
		['FL', ['life'], 4],
	];
	const leads: Array<Record<string, string>> = [];
	for (const [state, products, count] of plan) {
		for (let i = 0; i < count; i++) {
			const n = leads.length;
			leads.push({
				first_name: `Pat${n}`,
				last_name: 'Sample',
				email: `pat${n}.sample@example.com`,
				phone: `(312) 555-${String(2000 + n).padStart(4, '0')}`,
				state,
				product: products[i % products.length],
				utm_source: 'google',
				utm_medium: 'cpc',
			});
		}
	}
	return leads;
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Webhook paths of the aggregator template with Just-in-Time Appointment States set. */
const JIT_FL = 'insurance-lead-jit-fl';
const JIT_FL_NC = 'insurance-lead-jit-fl-nc';

/** The aggregator template with License Check's Just-in-Time Appointment States set to `states`. */
function aggregatorWithJustInTime(states: string, path: string, webhookId: string): string {
	return templateVariant(AGGREGATOR, {
		suffix: `just-in-time ${states}`,
		path,
		webhookId,
		edit: (json) => {
			const licenseCheck = json.nodes.find((node) => node.name === 'License Check');
			licenseCheck.parameters.options = { ...licenseCheck.parameters.options, justInTimeAppointmentStates: states };
		},
	});
}

describe('routing templates in a real n8n', () => {
	let n8n: RunningN8n;
	let inboundId: string;
	const assigned: Array<{ lead: Record<string, string>; body: Row; ms: number }> = [];

	beforeAll(async () => {
		ensureBuilt({ quiet: true });
		ensureRuntime();
		n8n = await startN8n({ workflows: [] });
		await createSigningCredential(n8n.client);
		await installTemplate(n8n.client, SETUP);
		inboundId = (await installTemplate(n8n.client, INBOUND)).id;
		await installTemplate(n8n.client, AGGREGATOR);
		for (const [path, states, webhookId] of [[JIT_FL, 'FL', '5b0c2f1e-7a3d-4c8e-9f60-1d2e3a4b5c01'], [JIT_FL_NC, 'FL, NC', '5b0c2f1e-7a3d-4c8e-9f60-1d2e3a4b5c02']]) {
			await installTemplate(n8n.client, aggregatorWithJustInTime(states, path, webhookId));
		}
		console.log(`n8n ready in ${n8n.timings.totalMs} ms; templates installed`);
	}, INSTALL_AND_START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	});

	it('binds the signing credential by name when the template is imported', async () => {
		const workflow = await n8n.client.getWorkflow(inboundId);
		const ids = workflow.nodes.filter((node) => node.credentials?.leadRoutingSigningApi).map((node) => node.credentials.leadRoutingSigningApi.id);
		expect(ids.length).toBe(3);
		for (const id of ids) expect(id).toEqual(expect.any(String));
	});

	it('setup creates the tables and the sample roster, and running it again duplicates nothing', async () => {
		const first = await n8n.client.postWebhook('lead-routing-setup', {});
		expect(first.status).toBe(200);
		const second = await n8n.client.postWebhook('lead-routing-setup', {});
		expect(second.status).toBe(200);
		const names = (await n8n.client.listDataTables()).map((t) => t.name);
		expect(names).toEqual(expect.arrayContaining(['agents', 'outcomes', 'notifications', 'models']));
		const agents = await tableRows(n8n.client, 'agents');
		expect(agents.map((a) => a.agentId).sort()).toEqual(ROSTER.map((a) => a.agentId).sort());
		const ana = agents.find((a) => a.agentId === 'ana')!;
		expect(JSON.parse(ana.licenses)).toEqual(agentById('ana')!.licenses);
		expect(ana.weight).toBe(2);
	});

	it('assigns every one of 50 valid leads, each to an agent licensed for its state and product', async () => {
		for (const lead of sampleLeads()) {
			const res = await n8n.client.postWebhook('inbound-lead', lead);
			expect({ lead, status: res.status, body: res.body?.status, reasons: res.body?.reasons }).toEqual({ lead, status: 200, body: 'assigned', reasons: undefined });
			assigned.push({ lead, body: res.body, ms: res.ms });
		}
		expect(assigned).toHaveLength(50);
		for (const { lead, body } of assigned) {
			expect(body.state).toBe(lead.state);
			expect(body.product).toBe(lead.product);
			expect(licensingProblem(body.agentId, body.state, body.product)).toBeNull();
			expect(body.eligibleAgentIds).toContain(body.agentId);
			expect(body.attempt).toBe(1);
		}
		// Nobody inactive, expired or unlicensed ever appears, even as merely eligible.
		const everEligible = new Set(assigned.flatMap(({ body }) => body.eligibleAgentIds as string[]));
		expect(everEligible.has('hank')).toBe(false);
		expect(everEligible.has('gia')).toBe(false);
		const ms = assigned.map((a) => a.ms);
		console.log(`webhook -> assignment (HTTP round trip, sequential): p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`);
	});

	it('keeps weighted round-robin shares within Max Lead of the weights in every separate pool', () => {
		// Group leads by who could take them; a pool is judged only when its agents take no
		// leads from another pool and work 24/7 (then the shares depend on the weights alone).
		const pools = new Map<string, typeof assigned>();
		for (const entry of assigned) {
			const key = [...entry.body.eligibleAgentIds].sort().join(',');
			pools.set(key, [...(pools.get(key) ?? []), entry]);
		}
		const table: string[] = [];
		const deviations: Array<{ agent: string; deviation: number }> = [];
		let judged = 0;
		for (const [key, entries] of pools) {
			const members = key.split(',');
			const shared = [...pools.keys()].some((other) => other !== key && other.split(',').some((id) => members.includes(id)));
			const allDay = members.every((id) => agentById(id)?.workingHours === '24/7');
			const totalWeight = members.reduce((sum, id) => sum + agentById(id)!.weight, 0);
			for (const id of members) {
				const count = entries.filter((e) => e.body.agentId === id).length;
				const expected = (entries.length * agentById(id)!.weight) / totalWeight;
				table.push(`${key.padEnd(16)} ${id.padEnd(5)} w${agentById(id)!.weight} ${String(count).padStart(3)} (expected ${expected.toFixed(1)})`);
				if (!shared && allDay) deviations.push({ agent: id, deviation: Math.abs(count - expected) });
			}
			if (!shared && allDay && members.length > 1) judged++;
		}
		console.log(`distribution of the 50 leads (pool, agent, weight, leads):\n${table.join('\n')}`);
		expect(judged).toBeGreaterThanOrEqual(1);
		expect(deviations.filter(({ deviation }) => deviation > MAX_LEAD)).toEqual([]);
	});

	it('logs one "assigned" row per lead in the outcomes table, for the agent the caller was told', async () => {
		const rows = await tableRows(n8n.client, 'outcomes');
		for (const { body } of assigned) {
			const mine = rows.filter((r) => r.leadId === body.leadId && r.event === 'assigned');
			expect(mine.map((r) => r.agentId)).toEqual([body.agentId]);
			expect(mine[0]).toMatchObject({ state: body.state, product: body.product, strategy: body.strategy, attempt: 1 });
		}
	});

	it('offers each lead to its agent with signed accept and decline links (a notifications row)', async () => {
		const rows = await tableRows(n8n.client, 'notifications');
		for (const { body } of assigned) {
			const offer = rows.find((r) => r.kind === 'offer' && r.leadId === body.leadId);
			expect(offer).toMatchObject({ agentId: body.agentId, attempt: 1 });
			expect(offer!.acceptUrl).toMatch(/\/webhook-waiting\/\d+\?signature=[^&]+&lead=[^&]+&token=/);
			expect(offer!.declineUrl).not.toBe(offer!.acceptUrl);
		}
	});

	it('answers a lead nobody may take 202 and queues it for review', async () => {
		const res = await n8n.client.postWebhook('inbound-lead', { email: 'wy.lead@example.com', phone: '307-555-2201', state: 'WY', product: 'home' });
		expect(res.status).toBe(202);
		expect(res.body.status).toBe('noEligibleAgent');
		const rows = await tableRows(n8n.client, 'notifications');
		expect(rows.some((r) => r.kind === 'noEligibleAgent' && r.leadId === res.body.leadId)).toBe(true);
	});

	it('answers a lead whose product cannot be judged 202 and queues it for review (License Check fails closed)', async () => {
		const res = await n8n.client.postWebhook('inbound-lead', { email: 'pet.lead@example.com', phone: '305-555-2202', state: 'FL', product: 'pet insurance' });
		expect(res.status).toBe(202);
		expect(res.body.status).toBe('needsReview');
		const rows = await tableRows(n8n.client, 'notifications');
		expect(rows.some((r) => r.kind === 'needsReview' && r.leadId === res.body.leadId)).toBe(true);
		const outcomes = await tableRows(n8n.client, 'outcomes');
		expect(outcomes.some((r) => r.leadId === res.body.leadId)).toBe(false);
	});

	it('answers a lead with no usable contact 422 and records it', async () => {
		const res = await n8n.client.postWebhook('inbound-lead', { first_name: 'No', last_name: 'Contact', state: 'FL', product: 'auto' });
		expect(res.status).toBe(422);
		expect(res.body.status).toBe('invalid');
		expect(res.body.reasons.length).toBeGreaterThan(0);
		const rows = await tableRows(n8n.client, 'notifications');
		expect(rows.some((r) => r.kind === 'invalid' && r.leadId === res.body.leadId)).toBe(true);
	});

	it('routes an aggregator post only to agents appointed with the carrier it asks for', async () => {
		const sample = loadSamplePayloads().find((s) => s.name.startsWith('18-insurance-post-auto-fl'))!;
		expect((sample.body as Record<string, unknown>).requested_carrier).toBe('Progressive');
		const res = await n8n.client.postWebhook('insurance-lead', sample.body, { contentType: sample.contentType });
		expect(res.status).toBe(200);
		expect(res.body.status).toBe('assigned');
		const appointed = (id: string) =>
			agentById(id)!.appointments.some((a) => a.carrier === 'Progressive' && a.state === 'FL' && a.status === 'active');
		expect(appointed(res.body.agentId)).toBe(true);
		expect(licensingProblem(res.body.agentId, 'FL', 'auto')).toBeNull();
		// eva holds an FL license but no Progressive appointment in FL.
		expect(res.body.eligibleAgentIds).not.toContain('eva');
		for (const id of res.body.eligibleAgentIds) expect(appointed(id)).toBe(true);
	});

	it('keeps the first assignment when the vendor delivers the same lead again', async () => {
		const sample = loadSamplePayloads().find((s) => s.name.startsWith('18-insurance-post-auto-fl'))!;
		const before = (await tableRows(n8n.client, 'outcomes')).filter((r) => r.event === 'assigned');
		const firstRow = before.find((r) => r.leadId === 'EQ-7781218');
		expect(firstRow).toBeDefined();
		const again = await n8n.client.postWebhook('insurance-lead', sample.body, { contentType: sample.contentType });
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ status: 'alreadyRouted', leadId: 'EQ-7781218', agentId: firstRow!.agentId });
		const after = (await tableRows(n8n.client, 'outcomes')).filter((r) => r.event === 'assigned');
		expect(after.length).toBe(before.length);
	});

	it('lets an agent not yet appointed take an aggregator post in a Just-in-Time Appointment State, with the warning on the lead and in their offer', async () => {
		// The template as an ops person sets it up with License Check's option filled in: FL, then FL
		// and NC (installed before the tests, on their own paths; editing the live workflow and
		// publishing it again raced n8n, which answered twice in CI from the version before).
		const sample = loadSamplePayloads().find((s) => s.name.startsWith('18-insurance-post-auto-fl'))!;
		const body = { ...(sample.body as Record<string, unknown>), lead_id: 'EQ-JIT-1', email: 'jit.lead@example.com', primary_phone: '9545550199' };
		const res = await n8n.client.postWebhook(JIT_FL, body, { contentType: sample.contentType });
		expect(res.status).toBe(200);
		expect(res.body.status).toBe('assigned');
		// Everyone licensed for FL auto now qualifies: ana and jon are appointed with Progressive in
		// FL, eva (an FL license, her Progressive appointment in GA) goes in under just-in-time.
		const licensed = ROSTER.map((agent) => agent.agentId).filter((id) => licensingProblem(id, 'FL', 'auto') === null);
		expect([...res.body.eligibleAgentIds].sort()).toEqual([...licensed].sort());
		expect(res.body.eligibleAgentIds).toContain('eva');
		// The execution answers the vendor and goes on to wait for the agent: its data is saved
		// when it starts waiting, a moment after the answer.
		const licenseCheckRun = await waitUntil(async () => (await n8n.client.getExecution(res.body.executionId))?.data?.resultData?.runData?.['License Check'], 30000, 'the saved execution');
		const checked = licenseCheckRun[0].data.main[0][0].json.eligibility;
		expect(checked.warnings.filter((w: { code: string }) => w.code === 'appointmentJustInTime').map((w: { agentId: string }) => w.agentId)).toEqual(['eva']);

		// In North Carolina only jon may sell auto, and his Progressive appointment is in FL: with NC
		// listed too he takes the lead, and his offer tells him to have the appointment filed.
		const nc = { ...body, lead_id: 'EQ-JIT-2', email: 'jit.nc@example.com', primary_phone: '9195550142', state: 'NC', city: 'Raleigh', zip: '27601' };
		const ncRes = await n8n.client.postWebhook(JIT_FL_NC, nc, { contentType: sample.contentType });
		expect(ncRes.status).toBe(200);
		expect(ncRes.body).toMatchObject({ status: 'assigned', agentId: 'jon', eligibleAgentIds: ['jon'] });
		const offer = await waitUntil(async () => (await tableRows(n8n.client, 'notifications')).find((r) => r.kind === 'offer' && r.leadId === ncRes.body.leadId), 30000, 'the offer to jon');
		expect(offer!.message).toMatch(/Note: Jon \w+ has no appointment with Progressive in NC yet: NC is one of your just-in-time appointment states/);
	});

	it('routes a lead delivered several times at once exactly once, and every delivery is told the same agent', async () => {
		// A vendor that retries while its first delivery is still running: the copies all read History
		// before any of them has written, so Already Routed? cannot stop them; the claim after the
		// write does. Before it, this gave the lead 2-4 "assigned" rows and as many offers.
		for (let round = 0; round < 3; round++) {
			const leadId = `dup-burst-${round}`;
			const lead = { leadId, first_name: 'Dee', last_name: `Burst${round}`, email: `dee.burst${round}@example.com`, phone: `(312) 555-${3100 + round}`, state: 'FL', product: 'auto' };
			const answers = await Promise.all(Array.from({ length: 4 }, () => n8n.client.postWebhook('inbound-lead', lead)));
			for (const answer of answers) expect(answer.status).toBe(200);
			const rows = (await tableRows(n8n.client, 'outcomes')).filter((r) => r.leadId === leadId && r.event === 'assigned');
			expect(rows.length).toBe(1);
			expect(answers.filter((a) => a.body.status === 'assigned').length).toBe(1);
			expect(new Set(answers.map((a) => a.body.agentId))).toEqual(new Set([rows[0].agentId]));
			// The winner writes its offer after answering: wait for it, then make sure no second one follows.
			const offersOf = async () => (await tableRows(n8n.client, 'notifications')).filter((r) => r.leadId === leadId && r.kind === 'offer').length;
			for (let tries = 0; tries < 50 && (await offersOf()) === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 200));
			await new Promise((resolve) => setTimeout(resolve, 1000));
			expect(await offersOf()).toBe(1);
		}
	});

	it(`reads only the last ${HISTORY_DAYS} days of the outcomes log for each lead, and still knows the leads routed within them`, async () => {
		// One lead routed 10 days ago and one 60 days ago, both to jon, delivered again. The recent
		// one is answered from History (Already Routed?). The old one is past the window, so Lead Match
		// routes it, and the claim after the write (Assignments of Lead reads the lead's own rows,
		// however old) finds the first assignment, retracts the new row and answers with jon: a lead
		// keeps its first agent however late it comes back. The saved execution holds no row older
		// than the window.
		const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
		const outcomes = await n8n.client.dataTableByName('outcomes');
		const oldRow = (leadId: string, at: string) => ({ leadId, agentId: 'jon', event: 'assigned', at, strategy: 'roundRobin', attempt: 1, product: 'auto', state: 'FL', channel: 'paid_search', lead: JSON.stringify({ leadId, product: 'auto', state: 'FL' }) });
		await n8n.client.insertDataTableRows(outcomes!.id, [oldRow('window-recent', daysAgo(10)), oldRow('window-old', daysAgo(60))]);
		const post = (leadId: string, n: number) =>
			n8n.client.postWebhook('inbound-lead', { leadId, first_name: 'Win', last_name: `Dow${n}`, email: `win.dow${n}@example.com`, phone: `(312) 555-${3200 + n}`, state: 'FL', product: 'auto' });
		const recent = await post('window-recent', 0);
		expect(recent.status).toBe(200);
		expect(recent.body).toMatchObject({ status: 'alreadyRouted', leadId: 'window-recent', agentId: 'jon' });
		const old = await post('window-old', 1);
		expect(old.status).toBe(200);
		expect(old.body).toMatchObject({ status: 'alreadyRouted', leadId: 'window-old', agentId: 'jon' });
		expect((await tableRows(n8n.client, 'outcomes')).filter((row) => row.leadId === 'window-old').length).toBe(1);

		const [latest] = await n8n.client.listExecutions({ workflowId: inboundId, includeData: true, limit: 1 });
		const read = latest.data.resultData.runData['Get History'][0].data.main[0].map((item: { json: Row }) => item.json);
		const all = await tableRows(n8n.client, 'outcomes');
		const cutoff = daysAgo(HISTORY_DAYS + 1);
		expect(read.every((row: Row) => row.at >= cutoff)).toBe(true);
		expect(read.some((row: Row) => row.leadId === 'window-recent')).toBe(true);
		expect(read.some((row: Row) => row.leadId === 'window-old')).toBe(false);
		// Nothing inside the window was left out: the read holds every row up to the last one it read
		// (the log is append-only, ids ascending) but the 60-day-old one.
		const lastRead = Math.max(...read.map((row: Row) => row.id));
		const upToRead = all.filter((row) => row.id <= lastRead);
		expect(upToRead.length).toBeGreaterThan(50);
		expect(read.map((row: Row) => row.id).sort((a: number, b: number) => a - b)).toEqual(upToRead.filter((row) => row.leadId !== 'window-old').map((row) => row.id).sort((a, b) => a - b));
	});

	it('routes with the newest model the nightly template stored (Latest Model), not by round robin', async () => {
		// A model as Train Model makes it, from 3,000 outcomes in which ana closes FL autos from paid
		// search at 70% and eva and jon at 20%. History itself has no outcomes: only the stored model
		// can move these leads off round robin, which would give ana (weight 2 of 4) about half.
		const ids = ['ana', 'eva', 'jon'];
		const records: OutcomeRecord[] = Array.from({ length: 3000 }, (_, i) => {
			const agentId = ids[i % 3];
			const won = ((i * 0.6180339887) % 1) < (agentId === 'ana' ? 0.7 : 0.2);
			return { leadId: `M${i}`, agentId, event: won ? 'won' : 'lost', at: '2026-02-01T10:00:00Z', value: null, responseSeconds: null, slaMet: null, strategy: null, propensity: null, lead: { leadId: `M${i}`, product: 'auto', state: 'FL', source: { channel: 'paid_search' }, score: null, dedupeKey: `m${i}@example.com` } };
		});
		const model = serializeModel(modelFromHistory(records, { forest: true }));
		expect(model.forest).not.toBeNull();
		const models = await n8n.client.dataTableByName('models');
		// A Lead Score model stored after it (a higher id), as the nightly template stores both: each
		// Latest ... node must take the newest row of its own kind.
		const scoreModel = trainConversionModel(parseHistory(historyFor(simulateLeads(300, 5), true)).records).model!;
		await n8n.client.insertDataTableRows(models!.id, [
			{ kind: 'leadMatch', trainedAt: '2026-02-02T02:00:00Z', records: 3000, model: JSON.stringify(model) },
			{ kind: 'leadScore', trainedAt: '2026-02-02T02:00:01Z', records: 300, model: JSON.stringify(storeConversionModel(scoreModel)) },
		]);
		const picks: string[] = [];
		for (let i = 0; i < 20; i++) {
			const res = await n8n.client.postWebhook('inbound-lead', { first_name: `Model${i}`, last_name: 'Lead', email: `model${i}.lead@example.com`, phone: `(312) 555-${3000 + i}`, state: 'FL', product: 'auto', utm_source: 'google', utm_medium: 'cpc' });
			expect(res.status).toBe(200);
			// "learned", or "learned:holdout" for the 10% kept on round robin to measure the lift.
			expect(res.body.strategy).toMatch(/^learned/);
			picks.push(`${res.body.agentId} (${res.body.strategy})`);
		}
		console.log(`20 FL auto leads with the stored model: ${picks.join(', ')}`);
		// The holdout is a seeded draw from each lead's id, and these ids hash the arrival time, so how
		// many of the 20 are held out varies from run to run (2 on average; 5 or more in 4% of runs,
		// which is what a plain "16 of 20 to ana" count failed on). The holdout goes by round robin by
		// design; every other lead must go to ana, but for the 0.25% of leads the learner still leaves
		// to round robin at 3,000 outcomes.
		const followed = picks.filter((pick) => pick.endsWith('(learned)'));
		expect(followed.length).toBeGreaterThanOrEqual(12);
		expect(followed.filter((pick) => pick.startsWith('ana ')).length).toBeGreaterThanOrEqual(followed.length - 1);
		// And Lead Score scored with the stored Lead Score model (the newest lead's execution waits for the agent's answer).
		const [latest] = await n8n.client.listExecutions({ workflowId: inboundId, status: 'waiting', includeData: true, limit: 1 });
		const score = latest.data.resultData.runData['Lead Score'][0].data.main[0][0].json.score;
		expect(score.mode).toBe('learned');
		expect(score.reasons[0]).toMatchObject({ rule: 'learnedModel', message: expect.stringMatching(/from 300 past outcomes/) });
	});

	it('leaves no failed execution behind', async () => {
		const executions = await n8n.client.listExecutions({ limit: 250 });
		const failed = executions.filter((e) => e.status === 'error' || e.status === 'crashed');
		expect(failed.map((e) => e.id)).toEqual([]);
	});
});
