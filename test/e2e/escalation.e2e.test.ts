/**
 * The offer loop of inbound-lead-routing.json in a real n8n: the agent's accept link (GET, from
 * the notifications table) within the SLA -> Accepted and an "accepted" outcome row; a decline or
 * no answer -> the next eligible agent, never a previous one; three offers -> the fallback owner;
 * tampered, foreign and superseded links -> 403 while the offer stays open. Demo mode
 * (?slaSeconds=N) keeps the SLAs at seconds. n8n looks for due waits once a minute, so a wait
 * shorter than a minute may be found late and the lapse case takes up to ~70 s; the other cases
 * run meanwhile.
 */
import { waitUntil, type RunningN8n } from '../../scripts/n8n/runtime.mjs';
import { clickLink, tableRows, type Row } from '../../scripts/n8n/templates.mjs';
import { INSTALL_AND_START_TIMEOUT_MS, startRoutingN8n } from './support/routingN8n';
import { licensingProblem } from './support/roster';

const FALLBACK = 'manager';
// FL auto: ana, eva and jon may take it (three agents, so three offers can all differ).
const lead = (n: number) => ({
	// The lead's own id, as a vendor sends it: a second delivery is then the same lead.
	lead_id: `esc-lead-${n}`,
	first_name: 'Esc', last_name: `Lead${n}`, email: `esc${n}@example.com`, phone: `(407) 555-${3000 + n}`, state: 'FL', product: 'auto',
});

describe('accept / decline / escalate loop in a real n8n', () => {
	let n8n: RunningN8n;
	let workflowId: string;

	beforeAll(async () => {
		const started = await startRoutingN8n(['workflows/inbound-lead-routing.json']);
		n8n = started.n8n;
		workflowId = started.ids['workflows/inbound-lead-routing.json'];
	}, INSTALL_AND_START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	});

	const post = async (n: number, slaSeconds: number) => {
		const res = await n8n.client.postWebhook(`inbound-lead?slaSeconds=${slaSeconds}`, lead(n));
		expect(res.status).toBe(200);
		expect(res.body.status).toBe('assigned');
		return res.body as { leadId: string; agentId: string; executionId: string };
	};
	/** The offer row for this lead and attempt, once the workflow has written it. */
	const offer = (leadId: string, attempt: number, timeoutMs = 30_000): Promise<Row> =>
		waitUntil(async () => {
			const rows = await tableRows(n8n.client, 'notifications');
			return rows.find((r) => r.kind === 'offer' && r.leadId === leadId && r.attempt === attempt) as Row;
		}, timeoutMs, `offer ${attempt} of ${leadId}`);
	const events = async (leadId: string) =>
		(await tableRows(n8n.client, 'outcomes'))
			.filter((r) => r.leadId === leadId)
			.sort((a, b) => a.id - b.id)
			.map((r) => `${r.event}:${r.agentId}`);
	const withToken = (url: string, token: string) => {
		const parsed = new URL(url);
		parsed.searchParams.set('token', token);
		return parsed.toString();
	};
	const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
	const click = clickLink;

	// Posted first: its offer lapses while the other cases run.
	let lapsing: { leadId: string; agentId: string };
	it('posts a lead whose agent will not answer (10 s SLA)', async () => {
		lapsing = await post(1, 10);
		expect(licensingProblem(lapsing.agentId, 'FL', 'auto')).toBeNull();
	});

	it('accept within the SLA: Accepted, an "accepted" row, and the link cannot be used again', async () => {
		const assigned = await post(2, 300);
		const first = await offer(assigned.leadId, 1);
		expect(first.agentId).toBe(assigned.agentId);
		const accept = await click(first.acceptUrl);
		console.log(`accept link round trip ${accept.ms.toFixed(0)} ms`);
		expect(accept.status).toBe(200);
		expect(accept.body).toMatchObject({ status: 'accepted', leadId: assigned.leadId, agentId: assigned.agentId });
		expect(await events(assigned.leadId)).toEqual([`assigned:${assigned.agentId}`, `accepted:${assigned.agentId}`]);
		const accepted = (await tableRows(n8n.client, 'outcomes')).find((r) => r.leadId === assigned.leadId && r.event === 'accepted')!;
		expect(accepted.responseSeconds).toEqual(expect.any(Number));
		expect(accepted.slaMet).toBe(true);
		// The offer is over: the same link again changes nothing.
		const again = await click(first.acceptUrl);
		expect(again.status).toBeGreaterThanOrEqual(400);
		expect(await events(assigned.leadId)).toEqual([`assigned:${assigned.agentId}`, `accepted:${assigned.agentId}`]);
	});

	it('rejects tampered and foreign links (403) and keeps the offer open; decline moves the lead on; the old link is superseded', async () => {
		const assigned = await post(3, 300);
		const other = await post(4, 300);
		const first = await offer(assigned.leadId, 1);
		const otherOffer = await offer(other.leadId, 1);

		const token = tokenOf(first.acceptUrl);
		const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
		const forged = await click(withToken(first.acceptUrl, tampered));
		expect(forged.status).toBe(403);
		expect(forged.body).toMatchObject({ status: 'rejected', code: 'signatureInvalid' });
		// A genuine token for another lead, replayed on this lead's link.
		const foreign = await click(withToken(first.acceptUrl, tokenOf(otherOffer.acceptUrl)));
		expect(foreign.status).toBe(403);
		expect(foreign.body.code).toBe('linkLeadMismatch');

		const declined = await click(first.declineUrl);
		expect(declined.status).toBe(200);
		expect(declined.body.status).toBe('reassigned');
		expect(declined.body.attempt).toBe(2);
		expect(declined.body.agentId).not.toBe(assigned.agentId);
		expect(declined.body.previousAgentIds).toEqual([assigned.agentId]);
		expect(licensingProblem(declined.body.agentId, 'FL', 'auto')).toBeNull();

		const second = await offer(assigned.leadId, 2);
		expect(second.agentId).toBe(declined.body.agentId);
		// The first agent changes their mind: too late, the lead has moved on.
		const stale = await click(first.acceptUrl);
		expect(stale.status).toBe(403);
		expect(stale.body.code).toBe('linkSuperseded');

		const accepted = await click(second.acceptUrl);
		expect(accepted.status).toBe(200);
		expect(accepted.body).toMatchObject({ status: 'accepted', agentId: second.agentId, attempt: 2 });
		expect(await events(assigned.leadId)).toEqual([
			`assigned:${assigned.agentId}`,
			`declined:${assigned.agentId}`,
			`assigned:${second.agentId}`,
			`accepted:${second.agentId}`,
		]);
		// Delivered again, the lead is answered with the agent who holds it now, not the one who declined it.
		const again = await n8n.client.postWebhook('inbound-lead?slaSeconds=300', lead(3));
		expect(again.body).toMatchObject({ status: 'alreadyRouted', leadId: assigned.leadId, agentId: second.agentId });
		// Tidy: decline-free accept for the other lead.
		expect((await click(otherOffer.acceptUrl)).status).toBe(200);
	});

	it('no answer within the SLA: the lead goes to the next eligible agent; after three offers, to the fallback owner', async () => {
		const started = Date.now();
		const second = await offer(lapsing.leadId, 2, 180_000);
		console.log(`lapse noticed ${((Date.now() - started) / 1000).toFixed(0)} s after the other cases (n8n looks for due waits every 60 s)`);
		expect(second.agentId).not.toBe(lapsing.agentId);
		expect(await events(lapsing.leadId)).toEqual([`assigned:${lapsing.agentId}`, `expired:${lapsing.agentId}`, `assigned:${second.agentId}`]);

		const declined = await click(second.declineUrl);
		expect(declined.body.status).toBe('reassigned');
		const third = await offer(lapsing.leadId, 3);
		const offered = [lapsing.agentId, second.agentId, third.agentId];
		expect(new Set(offered).size).toBe(3);
		for (const id of offered) expect(licensingProblem(id, 'FL', 'auto')).toBeNull();

		const last = await click(third.declineUrl);
		expect(last.status).toBe(200);
		expect(last.body).toMatchObject({ status: 'exhausted', agentId: FALLBACK });
		expect(await events(lapsing.leadId)).toEqual([
			`assigned:${lapsing.agentId}`,
			`expired:${lapsing.agentId}`,
			`assigned:${second.agentId}`,
			`declined:${second.agentId}`,
			`assigned:${third.agentId}`,
			`declined:${third.agentId}`,
			`assigned:${FALLBACK}`,
		]);
		const notices = await tableRows(n8n.client, 'notifications');
		expect(notices.some((r) => r.kind === 'fallback' && r.leadId === lapsing.leadId && r.agentId === FALLBACK)).toBe(true);
	}, 240_000);

	it('after hours, a lead waits for the agent who opens first: the offer starts then, and the assigned row says when', async () => {
		// wyatt alone may take Wyoming leads, and works one hour a day, six hours from now (UTC).
		const now = new Date();
		const hour = (now.getUTCHours() + 6) % 24;
		const opens = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
		if (opens.getTime() <= now.getTime()) opens.setUTCDate(opens.getUTCDate() + 1);
		const agents = await n8n.client.dataTableByName('agents');
		await n8n.client.insertDataTableRows(agents!.id, [{
			agentId: 'wyatt', name: 'Wyatt Ames', email: 'wyatt@agency.test', active: true, timezone: 'UTC',
			workingHours: `Mon-Sun ${String(hour).padStart(2, '0')}:00-${String(hour + 1).padStart(2, '0')}:00`, weight: 1, residentState: 'WY',
			licenses: JSON.stringify([{ state: 'WY', residency: 'resident', linesOfAuthority: ['personalLines'], status: 'active', expiresOn: '2030-12-31' }]),
		}]);
		const res = await n8n.client.postWebhook('inbound-lead?slaSeconds=600', { lead_id: 'wy-after-hours', first_name: 'Wy', last_name: 'Oming', email: 'wy@example.com', phone: '(307) 555-0100', state: 'WY', product: 'home' });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ status: 'assigned', agentId: 'wyatt', strategy: expect.stringMatching(/:waiting$/) });
		// Ten minutes from when wyatt opens, not from now.
		const deadline = new Date(opens.getTime() + 600_000).toISOString();
		expect(res.body.deadline).toBe(deadline);
		const offerRow = await offer('wy-after-hours', 1);
		expect(offerRow).toMatchObject({ agentId: 'wyatt', deadline });
		const assigned = (await tableRows(n8n.client, 'outcomes')).find((row) => row.leadId === 'wy-after-hours' && row.event === 'assigned');
		expect(JSON.parse(String(assigned!.lead)).availableAt).toBe(opens.toISOString());
	});

	it('leaves no failed execution behind', async () => {
		const executions = await n8n.client.listExecutions({ workflowId, limit: 100 });
		expect(executions.filter((e) => e.status === 'error' || e.status === 'crashed').map((e) => e.id)).toEqual([]);
	});
});
