import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { parseContactWindow, parseStateContactWindows } from '../../engine/escalate/contactHours';
import { applyEscalation, decideEscalation, type EscalationOptions, type EscalationRoute } from '../../engine/escalate/escalate';
import { parseResponseStatus } from '../../engine/escalate/response';
import { parseRoster } from '../../engine/roster';
import { verifyResponseLink } from '../../engine/signing';
import { InputError, type Lead } from '../../engine/types';
import { readSideInput } from '../shared/inputs';
import { routeEachItem } from '../shared/items';
import { leadEscalateProperties } from './LeadEscalate.description';

/** Output index per route; Waiting comes last so the three outcomes keep stable positions. */
const ESCALATE_OUTPUT: Record<EscalationRoute, number> = { accepted: 0, reassigned: 1, exhausted: 2, waiting: 3 };
const VALID = 0;
const REJECTED = 1;

const escalateOutputs = ['Accepted', 'Reassigned', 'Exhausted', 'Waiting'].map((displayName) => ({ type: 'main', displayName }));
const verifyOutputs = ['Valid', 'Rejected'].map((displayName) => ({ type: 'main', displayName }));

async function signingSecret(ctx: IExecuteFunctions): Promise<string> {
	const credentials = await ctx.getCredentials('leadRoutingSigningApi');
	const secret = typeof credentials?.secret === 'string' ? credentials.secret : '';
	if (secret.length < 16) {
		throw new NodeOperationError(ctx.getNode(), 'The Lead Routing Signing API credential needs a secret of at least 16 characters');
	}
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
		credentials: [{ name: 'leadRoutingSigningApi', required: true }],
		properties: leadEscalateProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData(0);
		const operation = this.getNodeParameter('operation', 0) as string;
		const now = new Date();
		if (operation === 'verifyResponse') {
			const secret = await signingSecret(this);
			return routeEachItem(this, items, 2, (item, itemIndex) => {
				const link = this.getNodeParameter('token', itemIndex, '') as unknown;
				const leadId = String(this.getNodeParameter('currentLeadId', itemIndex, '') ?? '').trim();
				const agentId = String(this.getNodeParameter('currentAgentId', itemIndex, '') ?? '').trim();
				const attempt = Number(this.getNodeParameter('currentAttempt', itemIndex, 0));
				if (!leadId) throw new InputError('currentLeadId', 'missingCurrentOffer', 'is empty: the lead the link must be for is needed');
				if (!agentId) throw new InputError('currentAgentId', 'missingCurrentOffer', 'is empty: the agent holding the offer now is needed');
				if (!Number.isInteger(attempt) || attempt < 1) {
					throw new InputError('currentAttempt', 'missingCurrentOffer', 'must be the current attempt number (1 or more)');
				}
				const check = verifyResponseLink(typeof link === 'string' ? link : '', secret, now, { leadId, agentId, attempt });
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
			});
		}

		const baseUrlSet = items.some((_, index) => String(this.getNodeParameter('responseBaseUrl', index, '') ?? '').trim() !== '');
		const secret = baseUrlSet ? await signingSecret(this) : null;
		const agentRows = readSideInput(this, 1);
		const roster = agentRows.length > 0 ? parseRoster(agentRows).agents : null;
		return routeEachItem(this, items, 4, (item, itemIndex) => {
			const lead = item.json as unknown as Lead;
			const response = parseResponseStatus(this.getNodeParameter('response', itemIndex, ''));
			const decision = decideEscalation({ lead, response, now, roster, options: escalationOptions(this, itemIndex, secret) });
			return { output: ESCALATE_OUTPUT[decision.route], json: applyEscalation(lead, decision) as unknown as IDataObject };
		});
	}
}
