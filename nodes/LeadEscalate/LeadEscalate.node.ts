import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { parseContactWindow, parseStateContactWindows } from '../../engine/escalate/contactHours';
import { applyEscalation, decideEscalation, type EscalationOptions, type EscalationRoute } from '../../engine/escalate/escalate';
import { parseResponseStatus, readCurrentOffer } from '../../engine/escalate/response';
import { parseRoster } from '../../engine/roster';
import { verifyResponseLink } from '../../engine/signing';
import type { Lead } from '../../engine/types';
import { hintUnreadableRows } from '../shared/hints';
import { readSideInput } from '../shared/inputs';
import { routeEachItem, type RoutedItem } from '../shared/items';
import { leadEscalateProperties } from './LeadEscalate.description';

/** Output index per route; Waiting comes last so the three outcomes keep stable positions. */
const ESCALATE_OUTPUT: Record<EscalationRoute, number> = { accepted: 0, reassigned: 1, exhausted: 2, waiting: 3 };
const VALID = 0;
const REJECTED = 1;

const escalateOutputs = ['Accepted', 'Reassigned', 'Exhausted', 'Waiting'].map((displayName) => ({ type: 'main', displayName }));
const verifyOutputs = ['Valid', 'Rejected'].map((displayName) => ({ type: 'main', displayName }));

/** A short secret makes links guessable offline; refuse it rather than sign weakly. */
const MIN_SECRET_LENGTH = 16;
const WEAK_SECRET = `The Lead Routing Signing API credential needs a secret of at least ${MIN_SECRET_LENGTH} characters`;

async function signingSecret(ctx: IExecuteFunctions): Promise<string> {
	const credentials = await ctx.getCredentials('leadRoutingSigningApi');
	const secret = typeof credentials?.secret === 'string' ? credentials.secret : '';
	if (secret.length < MIN_SECRET_LENGTH) throw new NodeOperationError(ctx.getNode(), WEAK_SECRET);
	return secret;
}

function escalationOptions(ctx: IExecuteFunctions, itemIndex: number, secret: string | null): EscalationOptions {
	const extra = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const baseUrl = String(ctx.getNodeParameter('responseBaseUrl', itemIndex, '') ?? '').trim();
	const stateHours = String(ctx.getNodeParameter('stateContactHours', itemIndex, '') ?? '');
	return {
		maxAttempts: ctx.getNodeParameter('maxAttempts', itemIndex, 3) as number,
		fallbackAgentId: String(ctx.getNodeParameter('fallbackAgentId', itemIndex, '') ?? ''),
		fallbackQueue: String(ctx.getNodeParameter('fallbackQueue', itemIndex, '') ?? ''),
		slaMinutesOverride: Number(extra.slaMinutesOverride ?? 0) || undefined,
		defaultSlaMinutes: Number(extra.defaultSlaMinutes ?? 5),
		expiryToleranceSeconds: Number(extra.expiryToleranceSeconds ?? 5),
		links: baseUrl && secret ? { baseUrl, secret, graceSeconds: Number(extra.linkGraceSeconds ?? 120) } : undefined,
		contactHours: {
			window: parseContactWindow(String(extra.contactHours ?? '8-21'), 'contactHours'),
			stateWindows: parseStateContactWindows(stateHours, 'stateContactHours'),
		},
		availability: { ignoreWorkingHours: extra.ignoreWorkingHours === true },
		whenNobodyOpen: extra.whenNobodyOpen === 'fallback' ? 'fallback' : 'waitForNextOpen',
	};
}

/**
 * The clicked link's token as text. A query string that repeats `token` (a Response Base URL that
 * already had its own) reaches the Webhook node as a list; ours is the last one, as the link puts it last.
 */
function responseLinkText(value: unknown): string {
	const last = Array.isArray(value) ? value[value.length - 1] : value;
	return typeof last === 'string' ? last : '';
}

/** Verify Response for one item: Valid with `response` and `verification`, or Rejected with the code. */
function verifyClick(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number, secret: string, now: Date): RoutedItem {
	const current = readCurrentOffer(
		ctx.getNodeParameter('currentLeadId', itemIndex, ''),
		ctx.getNodeParameter('currentAgentId', itemIndex, ''),
		ctx.getNodeParameter('currentAttempt', itemIndex, ''),
	);
	const check = verifyResponseLink(responseLinkText(ctx.getNodeParameter('responseLink', itemIndex, '')), secret, now, current);
	if (check.valid) {
		const { claims } = check;
		return {
			output: VALID,
			json: {
				...item.json,
				response: claims.action === 'accept' ? 'accepted' : 'declined',
				verification: {
					valid: true,
					action: claims.action,
					leadId: claims.leadId,
					agentId: claims.agentId,
					attempt: claims.attempt,
					expiresAt: claims.expiresAt.toISOString(),
					checkedAt: now.toISOString(),
				},
			},
		};
	}
	return {
		output: REJECTED,
		json: {
			...item.json,
			verification: {
				valid: false,
				code: check.code,
				message: check.message,
				...(check.claims
					? { action: check.claims.action, leadId: check.claims.leadId, agentId: check.claims.agentId, attempt: check.claims.attempt }
					: {}),
				checkedAt: now.toISOString(),
			},
		},
	};
}

export class LeadEscalate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Escalate',
		name: 'leadEscalate',
		icon: { light: 'file:leadEscalate.svg', dark: 'file:leadEscalate.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "verifyResponse" ? "Verify Response" : "Escalate" }}',
		description: 'Moves an unanswered or declined lead to the next best agent within the SLA, with signed accept and decline links',
		defaults: { name: 'Lead Escalate' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		inputNames: ['Leads', 'Agents'],
		outputs: `={{ $parameter["operation"] === "verifyResponse" ? ${JSON.stringify(verifyOutputs)} : ${JSON.stringify(escalateOutputs)} }}`,
		credentials: [{ name: 'leadRoutingSigningApi', required: true, testedBy: 'leadRoutingSigningApiTest' }],
		properties: leadEscalateProperties,
	};

	methods = {
		credentialTest: {
			// Nothing remote to call: the test checks the secret is strong enough to sign with.
			async leadRoutingSigningApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = credential.data?.secret;
				if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return { status: 'Error', message: WEAK_SECRET };
				return { status: 'OK', message: 'The secret can sign links' };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData(0);
		const operation = this.getNodeParameter('operation', 0) as string;
		const now = new Date();
		if (operation === 'verifyResponse') {
			const secret = await signingSecret(this);
			// A click that could not be checked must never look valid: with Continue On Fail it goes to Rejected.
			return routeEachItem(this, items, 2, (item, itemIndex) => verifyClick(this, item, itemIndex, secret, now), REJECTED);
		}

		const baseUrlSet = items.some((_, index) => String(this.getNodeParameter('responseBaseUrl', index, '') ?? '').trim() !== '');
		const secret = baseUrlSet ? await signingSecret(this) : null;
		const agentRows = readSideInput(this, 1);
		const parsed = agentRows.length > 0 ? parseRoster(agentRows) : null;
		if (parsed) hintUnreadableRows(this, 'roster', parsed.invalid, 'are never offered a lead');
		const roster = parsed ? parsed.agents : null;
		return routeEachItem(this, items, 4, (item, itemIndex) => {
			const lead = item.json as unknown as Lead;
			const response = parseResponseStatus(this.getNodeParameter('response', itemIndex, ''));
			const decision = decideEscalation({ lead, response, now, roster, options: escalationOptions(this, itemIndex, secret) });
			return { output: ESCALATE_OUTPUT[decision.route], json: applyEscalation(lead, decision) as unknown as IDataObject };
			// A lead that could not be escalated must not look accepted: with Continue On Fail it goes to
			// Exhausted, the branch where the fallback owner (a person) picks leads up.
		}, ESCALATE_OUTPUT.exhausted);
	}
}
