/** Lead Match's parameters: what a team configures about who gets each lead. */
import type { INodeProperties } from 'n8n-workflow';

const learnedOnly = { show: { operation: ['match'], strategy: ['learned'] } };
const rulesOnly = { show: { operation: ['match'], strategy: ['rules'] } };
const matchOnly = { show: { operation: ['match'] } };

export const leadMatchProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'match',
		options: [
			{
				name: 'Match Leads',
				value: 'match',
				action: 'Match leads to agents',
				description: 'Assign each lead to the best eligible, available agent',
			},
			{
				name: 'Train Model',
				value: 'train',
				action: 'Train the learned model',
				description: 'Learn from History and output the model as JSON, to store and feed back through the Model option',
			},
		],
	},
	{
		displayName: 'Strategy',
		name: 'strategy',
		type: 'options',
		noDataExpression: true,
		default: 'roundRobin',
		displayOptions: matchOnly,
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
		displayOptions: matchOnly,
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
		displayOptions: matchOnly,
		name: 'maxLead',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 0 },
		description: 'Nobody gets a lead while more than this many assignments ahead of the most-owed available agent (by weighted share)',
	},
	{
		displayName: 'After Hours',
		displayOptions: matchOnly,
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
				description: 'Assign it to the eligible agent who opens soonest (ties: the strategy decides); assignment.availableAt says when',
			},
		],
	},
	{
		displayName: 'Forest Prior',
		name: 'forest',
		type: 'boolean',
		default: true,
		displayOptions: { show: { operation: ['train'] } },
		description: 'Whether the model includes a random forest (trained when History has at least 200 outcomes)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: matchOnly,
		options: [
			{
				displayName: 'Calibrate New Agents',
				name: 'calibrate',
				type: 'boolean',
				default: true,
				description: 'Whether new or returning agents start near the team average (at most Max Lead behind) instead of zero, so they are not flooded',
			},
			{
				displayName: 'Cold Start Certainty',
				name: 'switchConfidence',
				type: 'number',
				default: 0.8,
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				description:
					'Learned strategy: while History has fewer than 4 x Learning Confidence Outcomes outcomes, the learner overrides round robin\'s pick only when its own pick closes better with at least this probability. 0: no guard.',
			},
			{
				displayName: 'Decision Time',
				name: 'now',
				type: 'dateTime',
				default: '',
				description: 'Decide as of this time instead of now (replays and tests)',
			},
			{
				displayName: 'Distribution',
				name: 'distribution',
				type: 'options',
				default: 'spread',
				description: 'How round robin chooses among agents who are owed leads',
				options: [
					{
						name: 'Exact (One Execution at a Time)',
						value: 'exact',
						description: 'Always the most-owed agent: exact shares when leads are routed one after another, but executions running at the same moment all pick the same agent',
					},
					{
						name: 'Spread (Safe When Executions Overlap)',
						value: 'spread',
						description: 'A draw where each agent\'s chance is what they are owed, seeded by the lead ID: simultaneous leads split like the weights, and the propensity is logged',
					},
				],
			},
			{
				displayName: 'Exploration Outcomes',
				name: 'explorationOutcomes',
				type: 'number',
				default: 50,
				typeOptions: { minValue: 1 },
				description:
					'Learned strategy: how fast exploring fades. With N outcomes in History, each pick is a Thompson draw from estimates sharpened by 1 + N / this; smaller settles on the best agent sooner.',
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
				displayName: 'Fairness Margin',
				name: 'fairnessMargin',
				type: 'number',
				default: 0.8,
				typeOptions: { minValue: 0, numberPrecision: 2 },
				description:
					'Learned strategy: how much better an agent who already has more than their weighted share must be to get the lead, as a share of the lead\'s average estimated close rate. Nothing at their share, rising to this at the band\'s ceiling, so their spare room goes to the leads they are best at. 0: the band alone.',
			},
			{
				displayName: 'Forest Prior',
				name: 'forest',
				type: 'boolean',
				default: true,
				description:
					'Whether the learned strategy trains a random forest once History has 200 outcomes and blends it into the estimates where History has little evidence (it generalises across agents and segments and sees the lead score); off: per-segment tallies only',
			},
			{
				displayName: 'Learning Confidence Outcomes',
				name: 'confidenceOutcomes',
				type: 'number',
				default: 150,
				typeOptions: { minValue: 1 },
				description: 'Learned strategy: outcomes in History at which the learner decides half of the leads (with N outcomes, N² / (N² + this²); round robin the rest)',
			},
			{
				displayName: 'Model',
				name: 'model',
				type: 'json',
				default: '',
				description: 'Learned strategy: a model from the Train Model operation (e.g. stored nightly); when set, it is used instead of learning from the History input',
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
