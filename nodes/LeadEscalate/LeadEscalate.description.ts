/** Lead Escalate's parameters: how long agents get, where unanswered leads go, and how links are signed. */
import type { INodeProperties } from 'n8n-workflow';

const escalateOnly = { show: { operation: ['escalate'] } };
const verifyOnly = { show: { operation: ['verifyResponse'] } };

export const leadEscalateProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'escalate',
		options: [
			{
				name: 'Escalate',
				value: 'escalate',
				action: 'Escalate a lead to the next agent',
				description: 'Act on the current agent\'s response: done, still waiting, next ranked agent, or fallback',
			},
			{
				name: 'Verify Response',
				value: 'verifyResponse',
				action: 'Verify an accept or decline link',
				description: 'Check that a clicked accept or decline link is genuine, unexpired and for the current offer',
			},
		],
	},

	// Escalate
	{
		displayName: 'Response',
		name: 'response',
		type: 'string',
		default: '={{ $json.response }}',
		displayOptions: escalateOnly,
		description: 'What the current agent did: accepted, declined, or empty when there was no answer (for example the Wait node timed out)',
	},
	{
		displayName: 'Response Base URL',
		name: 'responseBaseUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/lead-response',
		displayOptions: escalateOnly,
		description: 'Where accept and decline links point (the webhook of your response workflow, or {{$execution.resumeUrl}}). Empty: no links are made.',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3,
		displayOptions: escalateOnly,
		description: 'How many agents are offered the lead (the first one included) before it falls back',
	},
	{
		displayName: 'Fallback Agent ID',
		name: 'fallbackAgentId',
		type: 'string',
		default: '',
		displayOptions: escalateOnly,
		description: 'Agent who owns leads nobody accepted, unless they already declined the lead or let it lapse. Empty: the lead leaves on Exhausted with the fallback queue, if any.',
	},
	{
		displayName: 'Fallback Queue',
		name: 'fallbackQueue',
		type: 'string',
		default: '',
		placeholder: 'e.g. Unclaimed leads',
		displayOptions: escalateOnly,
		description: 'Queue name written on exhausted leads when no fallback agent is set',
	},
	{
		displayName: 'State Calling Hours',
		name: 'stateContactHours',
		type: 'string',
		default: 'FL=8-20, OK=8-20',
		displayOptions: escalateOnly,
		description: 'Stricter calling hours per state, in the lead\'s local time, e.g. FL=8-20, OK=8-20. Other states use Calling Hours.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: escalateOnly,
		options: [
			{
				displayName: 'Calling Hours',
				name: 'contactHours',
				type: 'string',
				default: '8-21',
				description: 'When leads may be called, in their local time (federal TCPA: 8 am to 9 pm)',
			},
			{
				displayName: 'Default SLA (Minutes)',
				name: 'defaultSlaMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5,
				description: 'Minutes each agent has when the lead has no score',
			},
			{
				displayName: 'Early Wake Tolerance (Seconds)',
				name: 'expiryToleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description: 'An offer this close to its deadline counts as expired (a Wait node may resume slightly early)',
			},
			{
				displayName: 'Ignore Working Hours',
				name: 'ignoreWorkingHours',
				type: 'boolean',
				default: false,
				description: 'Whether to offer the lead to agents outside their working hours (out of office and inactive agents are still skipped)',
			},
			{
				displayName: 'Link Grace (Seconds)',
				name: 'linkGraceSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 120,
				description: 'How long accept and decline links keep working after the deadline',
			},
			{
				displayName: 'SLA Override (Minutes)',
				name: 'slaMinutesOverride',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Minutes every agent has, whatever the lead\'s score says. 0: use the score.',
			},
			{
				displayName: 'When Nobody Is Open',
				name: 'whenNobodyOpen',
				type: 'options',
				options: [
					{
						name: 'Fall Back Now',
						value: 'fallback',
						description: 'The lead goes to the fallback owner or queue at once',
					},
					{
						name: 'Wait for Next Open Agent',
						value: 'waitForNextOpen',
						description: 'Offer the lead to the remaining ranked agent who opens first (within 4 days); their time limit starts when they open',
					},
				],
				default: 'waitForNextOpen',
				description: 'What happens when an agent declines or lets the lead lapse and none of the remaining ranked agents is working now (needs the Agents input)',
			},
		],
	},

	// Verify Response
	{
		displayName: 'Link or Token',
		name: 'responseLink',
		type: 'string',
		default: '={{ $json.query.token }}',
		displayOptions: verifyOnly,
		description: 'The token from the clicked link (the webhook\'s query), or the whole link',
	},
	{
		displayName: 'Current Lead ID',
		name: 'currentLeadId',
		type: 'string',
		default: '={{ $json.leadId }}',
		displayOptions: verifyOnly,
		description: 'The lead the link must be for (from your Data Table row or the Wait node\'s data)',
	},
	{
		displayName: 'Current Agent ID',
		name: 'currentAgentId',
		type: 'string',
		default: '={{ $json.assignment.agentId }}',
		displayOptions: verifyOnly,
		description: 'The agent who holds the offer now; a link sent to an earlier agent is superseded',
	},
	{
		displayName: 'Current Attempt',
		name: 'currentAttempt',
		type: 'string',
		default: '={{ $json.assignment.attempt }}',
		displayOptions: verifyOnly,
		description: 'The attempt number of the offer now; a link from an earlier attempt is superseded',
	},
];
