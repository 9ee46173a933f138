/** Lead Match's parameters: what a team configures about who gets each lead. */
import type { INodeProperties } from 'n8n-workflow';

const learnedOnly = { show: { strategy: ['learned'] } };
const rulesOnly = { show: { strategy: ['rules'] } };

export const leadMatchProperties: INodeProperties[] = [
	{
		displayName: 'Strategy',
		name: 'strategy',
		type: 'options',
		noDataExpression: true,
		default: 'roundRobin',
		options: [
			{
				name: 'Learned',
				value: 'learned',
				description: 'Send each lead to the agent most likely to close it, learned from History; round robin while History is thin',
			},
			{
				name: 'Round Robin',
				value: 'roundRobin',
				description: 'Weighted fair rotation: whoever is furthest behind their share gets the next lead',
			},
			{
				name: 'Rules',
				value: 'rules',
				description: 'Ordered rules pick a pool of agents (first match wins); round robin inside the pool',
			},
		],
	},
	{
		displayName: 'Rules',
		name: 'rules',
		placeholder: 'Add Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: rulesOnly,
		description: 'Checked in order; the first rule whose conditions hold picks the pool',
		options: [
			{
				displayName: 'Rule',
				name: 'values',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Shown in the assignment reasons' },
					{
						displayName: 'Conditions',
						name: 'conditions',
						type: 'filter',
						default: {},
						typeOptions: { filter: { caseSensitive: false, typeValidation: 'loose', version: 2 } },
					},
					{
						displayName: 'Agent IDs',
						name: 'agentIds',
						type: 'string',
						default: '',
						placeholder: 'ava, ben',
						description: 'Comma-separated agent IDs in this pool',
					},
					{
						displayName: 'Skill',
						name: 'skill',
						type: 'string',
						default: '',
						placeholder: 'commercial',
						description: 'Everyone with this skill is in the pool too',
					},
				],
			},
		],
	},
	{
		displayName: 'Fallback Agent IDs',
		name: 'fallbackAgentIds',
		type: 'string',
		default: '',
		displayOptions: rulesOnly,
		description: 'Comma-separated pool used when no rule matches; empty means every eligible agent',
	},
	{
		displayName: 'Holdout %',
		name: 'holdoutPercent',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 0, maxValue: 100 },
		displayOptions: learnedOnly,
		description: 'Share of leads routed by round robin at random, so the lift of learning can be measured',
	},
	{
		displayName: 'Reset Interval',
		name: 'resetInterval',
		type: 'options',
		default: 'month',
		description: 'Window over which round-robin counts are compared',
		options: [
			{ name: 'All Time', value: 'all' },
			{ name: 'Day', value: 'day' },
			{ name: 'Month', value: 'month' },
			{ name: 'Week', value: 'week' },
		],
	},
	{
		displayName: 'Max Lead',
		name: 'maxLead',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 0 },
		description: 'Nobody gets a lead while more than this many assignments ahead of the least-assigned agent',
	},
	{
		displayName: 'After Hours',
		name: 'afterHours',
		type: 'options',
		default: 'waitForNextOpen',
		description: 'What happens when no eligible agent is working right now',
		options: [
			{ name: 'Leave Unassigned', value: 'leaveUnassigned', description: 'Send the lead to the Unassigned output' },
			{ name: 'On-Call Agent', value: 'onCall', description: 'Give it to an eligible agent marked on call' },
			{
				name: 'Wait for Next Open Agent',
				value: 'waitForNextOpen',
				description: 'Assign it to the eligible agent who opens soonest; assignment.availableAt says when',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Calibrate New Agents',
				name: 'calibrate',
				type: 'boolean',
				default: true,
				description: 'Whether new or returning agents start at the team average instead of zero (so they are not flooded)',
			},
			{
				displayName: 'Decision Time',
				name: 'now',
				type: 'dateTime',
				default: '',
				description: 'Decide as of this time instead of now (replays and tests)',
			},
			{
				displayName: 'Fairness Band',
				name: 'fairnessBand',
				type: 'number',
				default: 1,
				typeOptions: { minValue: 0 },
				description: 'Learned strategy: an agent may take at most (1 + band) times their weighted share',
			},
			{
				displayName: 'Learning Confidence Outcomes',
				name: 'confidenceOutcomes',
				type: 'number',
				default: 150,
				typeOptions: { minValue: 1 },
				description: 'Learned strategy: with N outcomes in History, the learner decides N / (N + this) of the leads',
			},
			{
				displayName: 'Seed',
				name: 'seed',
				type: 'number',
				default: 0,
				description: 'Seed for the holdout and exploration draws, so decisions can be replayed',
			},
			{
				displayName: 'Sticky Owner',
				name: 'sticky',
				type: 'boolean',
				default: true,
				description: 'Whether an agent who already owns the same person (dedupe key) or account gets the new lead',
			},
			{
				displayName: 'Sticky Window (Days)',
				name: 'stickyWindowDays',
				type: 'number',
				default: 30,
				typeOptions: { minValue: 0 },
			},
		],
	},
];
