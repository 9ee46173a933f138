/**
 * Lead Escalate inside n8n's real WorkflowExecute: outputs by route, signed links with the
 * credential, Verify Response, Continue On Fail and the items-in = items-out contract.
 */
import type { IDataObject } from 'n8n-workflow';

import { signResponseLink } from '../../engine/signing';
import { LeadEscalate } from '../../nodes/LeadEscalate/LeadEscalate.node';
import { harnessCredentials, runNode } from '../harness/runWorkflow';
import { assignedLead } from '../engine/escalate/fixtures';

const TYPE = 'n8n-nodes-lead-routing.leadEscalate';
const SIGNING_VALUE = 'harness-signing-secret-0123456789';
const credentials = { leadRoutingSigningApi: { id: 'signing-1', name: 'Lead Routing Signing' } };
harnessCredentials['signing-1'] = { secret: SIGNING_VALUE };

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const roster = [
	{ id: 'a1', name: 'Ann', timezone: 'America/New_York', licenseStates: 'FL', linesOfAuthority: 'personalLines', active: true },
	{ id: 'a2', name: 'Bo', timezone: 'America/New_York', licenseStates: 'FL', linesOfAuthority: 'personalLines', active: 'false' },
	{ id: 'a3', name: 'Cy', timezone: 'America/New_York', licenseStates: 'FL', linesOfAuthority: 'personalLines', active: true },
];

/** A lead assigned to a1 `age` minutes ago with a 5 minute SLA, plus the response field the template sets. */
function lead(age: number, response?: string): IDataObject {
	const json = assignedLead() as unknown as IDataObject;
	(json.assignment as IDataObject).decidedAt = minutesAgo(age);
	if (response !== undefined) json.response = response;
	return json;
}

const names = (items: Array<{ json: IDataObject }>) => items.map((item) => (item.json.assignment as IDataObject).agentId);

describe('Lead Escalate: Escalate', () => {
	it('routes each lead by what its agent did, re-checking availability against the Agents input', async () => {
		const { nodeOutputs, error } = await runNode({
			type: TYPE,
			credentials,
			parameters: { responseBaseUrl: 'https://n8n.example.com/webhook/lead-response', fallbackAgentId: 'owner-1', maxAttempts: 2 },
			inputs: [[lead(1, 'accepted'), lead(1, 'declined'), lead(1), lead(10), { ...lead(1, 'declined'), assignment: { ...(lead(1).assignment as IDataObject), attempt: 2, agentId: 'a3', previousAgentIds: ['a1'] } }], roster],
		});
		expect(error).toBeUndefined();
		const [accepted, reassigned, exhausted, waiting] = nodeOutputs;
		expect(nodeOutputs).toHaveLength(4);
		expect(nodeOutputs.flat()).toHaveLength(5);
		expect(accepted.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		// a2 is inactive in the roster: declined (item 1) and expired (item 3) both go to a3.
		expect(names(reassigned)).toEqual(['a3', 'a3']);
		expect(reassigned.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		const escalation = reassigned[0].json.escalation as IDataObject;
		expect(escalation).toMatchObject({ attempt: 2, status: 'reassigned', slaMinutes: 5, waitSeconds: 300 });
		expect(String(escalation.acceptUrl)).toMatch(/^https:\/\/n8n\.example\.com\/webhook\/lead-response\?lead=lead-1&token=/);
		expect((escalation.skipped as IDataObject[]).map((s) => s.agentId)).toEqual(['a1', 'a2']);
		// Attempt 2 of 2 declined: the fallback owner takes it.
		expect(names(exhausted)).toEqual(['owner-1']);
		expect(exhausted[0].pairedItem).toEqual({ item: 4 });
		expect(waiting.map((item) => item.pairedItem)).toEqual([{ item: 2 }]);
		expect((waiting[0].json.escalation as IDataObject).waitSeconds).toBeGreaterThan(200);
	});

	it('names roster rows it could not read in a hint, and never offers the lead to them', async () => {
		const brokenRow = { id: 'a3', name: 'Cy', licenses: '[{not json' };
		const { nodeOutputs, run, error } = await runNode({
			type: TYPE,
			credentials,
			parameters: { fallbackAgentId: 'owner-1' },
			inputs: [[lead(1, 'declined')], [roster[0], roster[1], brokenRow]],
		});
		expect(error).toBeUndefined();
		const hints = (run.data.resultData.runData['Under Test'][0].hints ?? []).map((hint) => hint.message).join(' ');
		expect(hints).toMatch(/1 roster row\(s\) could not be read and are never offered a lead: roster row 2 \(agent "a3"\)/);
		const routed = nodeOutputs.flat().map((item) => (item.json.assignment as { agentId: string }).agentId);
		expect(routed).not.toContain('a3');
	});

	it('reads the response from an expression of the user\'s choosing', async () => {
		const { nodeOutputs } = await runNode({
			type: TYPE,
			credentials,
			parameters: { response: '={{ $json.crm.status }}' },
			inputs: [[{ ...lead(1), crm: { status: 'Accept' } }], []],
		});
		expect(nodeOutputs[0]).toHaveLength(1);
	});

	it('stops naming the item and field on bad input, or keeps every item with Continue On Fail', async () => {
		const inputs = [[lead(1, 'declined'), lead(1, 'maybe'), { leadId: 'x' }], roster];
		const failed = await runNode({ type: TYPE, credentials, inputs });
		expect(failed.error?.message).toBe('Item 1: field "response" must be accepted, declined or empty, not "maybe"');

		const kept = await runNode({ type: TYPE, credentials, inputs, onError: 'continueErrorOutput' });
		expect(kept.error).toBeUndefined();
		expect(kept.nodeOutputs).toHaveLength(5);
		expect(kept.nodeOutputs.flat()).toHaveLength(3);
		const errors = kept.nodeOutputs[4];
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(errors[1].json).toMatchObject({ details: { field: 'assignment', code: 'missingAssignment', itemIndex: 2 } });
		for (const output of kept.nodeOutputs) for (const item of output) expect(item.pairedItem).toBeDefined();

		// With "continue (regular output)" they go to Exhausted, where a person picks leads up, never to Accepted.
		const regular = await runNode({ type: TYPE, credentials, inputs, onError: 'continueRegularOutput' });
		expect(regular.nodeOutputs[0].some((item) => item.json.error)).toBe(false);
		expect(regular.nodeOutputs[2].filter((item) => item.json.error).map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
	});
});

describe('Lead Escalate: Verify Response', () => {
	const token = (agentId: string, attempt: number, action: 'accept' | 'decline', minutes = 5, secret = SIGNING_VALUE) =>
		signResponseLink({ leadId: 'lead-1', agentId, attempt, action, expiresAt: new Date(Date.now() + minutes * 60_000) }, secret);
	const current = { leadId: 'lead-1', assignment: { agentId: 'a2', attempt: 2 } };

	it('passes genuine links for the current offer and rejects the rest with a reason code', async () => {
		const good = token('a2', 2, 'accept');
		const clicks = [
			{ ...current, query: { lead: 'lead-1', token: good } },
			{ ...current, query: { token: token('a2', 2, 'decline') } },
			{ ...current, query: { token: token('a1', 1, 'accept') } },
			{ ...current, query: { token: token('a2', 2, 'accept', -1) } },
			{ ...current, query: { token: token('a2', 2, 'accept', 5, 'someone-else-secret-000') } },
			{ ...current, query: { token: `${good.split('.')[0]}x.${good.split('.')[1]}` } },
			{ ...current, query: { token: 'not-a-token' } },
		];
		const { nodeOutputs, error } = await runNode({ type: TYPE, credentials, parameters: { operation: 'verifyResponse' }, inputs: [clicks, []] });
		expect(error).toBeUndefined();
		const [valid, rejected] = nodeOutputs;
		expect(nodeOutputs).toHaveLength(2);
		expect(valid.map((item) => [item.json.response, item.pairedItem])).toEqual([
			['accepted', { item: 0 }],
			['declined', { item: 1 }],
		]);
		expect(valid[0].json.verification).toMatchObject({ valid: true, agentId: 'a2', attempt: 2, action: 'accept' });
		expect(rejected.map((item) => (item.json.verification as IDataObject).code)).toEqual([
			'linkSuperseded',
			'linkExpired',
			'signatureInvalid',
			'signatureInvalid',
			'malformedToken',
		]);
		expect(rejected.map((item) => item.pairedItem)).toEqual([2, 3, 4, 5, 6].map((item) => ({ item })));
	});

	it('accepts a whole link in a custom field and flat current-offer columns', async () => {
		const url = `https://n8n.example.com/webhook/lead-response?lead=lead-1&token=${token('a2', 2, 'accept')}`;
		const { nodeOutputs } = await runNode({
			type: TYPE,
			credentials,
			parameters: { operation: 'verifyResponse', responseLink: '={{ $json.link }}', currentAgentId: '={{ $json.agentId }}', currentAttempt: '={{ $json.attempt }}' },
			inputs: [[{ leadId: 'lead-1', agentId: 'a2', attempt: '2', link: url }], []],
		});
		expect(nodeOutputs[0]).toHaveLength(1);
	});

	it('rejects a link with a broken percent escape, and finds our token when the query repeats it', async () => {
		const good = token('a2', 2, 'accept');
		const clicks = [
			{ ...current, query: { lead: 'lead-1', token: '%E0%A4%A' } },
			// A Response Base URL with its own token parameter: the Webhook node hands over both.
			{ ...current, query: { lead: 'lead-1', token: ['theirs', good] } },
		];
		const { nodeOutputs, error } = await runNode({ type: TYPE, credentials, parameters: { operation: 'verifyResponse' }, inputs: [clicks, []] });
		expect(error).toBeUndefined();
		const [valid, rejected] = nodeOutputs;
		expect(valid.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(rejected.map((item) => [(item.json.verification as IDataObject).code, item.pairedItem])).toEqual([['malformedToken', { item: 0 }]]);
		const link = await runNode({
			type: TYPE,
			credentials,
			parameters: { operation: 'verifyResponse', responseLink: '={{ $json.link }}' },
			inputs: [[{ ...current, link: 'https://n8n.example.com/webhook/x?lead=lead-1&token=%E0%A4%A' }], []],
		});
		expect(link.error).toBeUndefined();
		expect((link.nodeOutputs[1][0].json.verification as IDataObject).code).toBe('malformedToken');
	});

	it('never puts an item it could not check on Valid, with either Continue On Fail', async () => {
		const inputs = [[{ ...current, query: { token: token('a2', 2, 'accept') } }, { leadId: 'lead-1', query: { token: token('a2', 2, 'accept') } }], []];
		const parameters = { operation: 'verifyResponse' };
		const regular = await runNode({ type: TYPE, credentials, parameters, inputs, onError: 'continueRegularOutput' });
		expect(regular.error).toBeUndefined();
		expect(regular.nodeOutputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(regular.nodeOutputs[1].map((item) => [item.json.details, item.pairedItem])).toEqual([
			[{ field: 'currentAgentId', code: 'missingCurrentOffer', itemIndex: 1 }, { item: 1 }],
		]);
		const errorOutput = await runNode({ type: TYPE, credentials, parameters, inputs, onError: 'continueErrorOutput' });
		expect(errorOutput.nodeOutputs).toHaveLength(3);
		expect(errorOutput.nodeOutputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(errorOutput.nodeOutputs[1]).toEqual([]);
		expect(errorOutput.nodeOutputs[2].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	});

	it('fails clearly when the current offer is unknown, and without a secret', async () => {
		const missing = await runNode({
			type: TYPE,
			credentials,
			parameters: { operation: 'verifyResponse', currentAgentId: '' },
			inputs: [[{ ...current, query: { token: token('a2', 2, 'accept') } }], []],
		});
		expect(missing.error?.message).toMatch(/^Item 0: field "currentAgentId" is empty/);
		harnessCredentials['signing-short'] = { secret: 'short' };
		const weak = await runNode({
			type: TYPE,
			credentials: { leadRoutingSigningApi: { id: 'signing-short', name: 'Weak' } },
			parameters: { operation: 'verifyResponse' },
			inputs: [[{ ...current, query: { token: 'x' } }], []],
		});
		expect(weak.error?.message).toMatch(/at least 16 characters/);
	});
});

describe('Lead Routing Signing API credential test', () => {
	it('passes a strong secret and refuses a short one', async () => {
		const check = new LeadEscalate().methods.credentialTest.leadRoutingSigningApiTest;
		const run = (secret: string) =>
			check.call({} as never, { id: 'c', name: 'c', type: 'leadRoutingSigningApi', data: { secret } });
		await expect(run(SIGNING_VALUE)).resolves.toMatchObject({ status: 'OK' });
		await expect(run('short')).resolves.toMatchObject({ status: 'Error' });
	});
});
