/** Lead Score's parameters: rules (built-in and the user's own filter rules), learned mode, tiers. */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_SCORE_RULES } from '../../engine/score';

const scoreOnly = { show: { operation: ['score'] } };
const learnedOnly = { show: { operation: ['score'], mode: ['learned'] } };
const learnedFromHistory = { show: { operation: ['score'], mode: ['learned'], learnFrom: ['history'] } };

/** Tier shares are set where the model is trained: when scoring from History, or in Train Model. */
const learnedTierShares: INodeProperties[] = [
	{
		displayName: 'Learned Tier A Share (%)',
		name: 'learnedShareA',
		type: 'number',
		default: 10,
		description: 'Learned mode: the share of past leads, by win probability, that counts as tier A',
	},
	{
		displayName: 'Learned Tier B Share (%)',
		name: 'learnedShareB',
		type: 'number',
		default: 20,
		description: 'Learned mode: the share of past leads just below tier A that counts as tier B',
	},
	{
		displayName: 'Learned Tier C Share (%)',
		name: 'learnedShareC',
		type: 'number',
		default: 30,
		description: 'Learned mode: the share of past leads just below tier B that counts as tier C; the rest is D',
	},
];

export const leadScoreProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'score',
		options: [
			{
				name: 'Score Leads',
				value: 'score',
				action: 'Score leads',
				description: 'Give each lead a score, tier, priority and response SLA, with the reasons',
			},
			{
				name: 'Train Model',
				value: 'train',
				action: 'Train the conversion model',
				description:
					'Learn from the Outcome History input and output the model as JSON, to store (e.g. nightly) and score with through Learn From: Stored Model',
			},
		],
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		displayOptions: scoreOnly,
		options: [
			{
				name: 'Learned From Outcome History',
				value: 'learned',
				description:
					'Win probability from a model trained on the Outcome History input; uses the rules until there is enough history',
			},
			{ name: 'Rules', value: 'rules', description: 'Points from the built-in rules and your own rules' },
		],
		default: 'rules',
	},
	{
		displayName: 'Learn From',
		name: 'learnFrom',
		type: 'options',
		noDataExpression: true,
		displayOptions: learnedOnly,
		options: [
			{
				name: 'Outcome History (Second Input)',
				value: 'history',
				description: 'Train on every run from the records on the second input (slower as history grows)',
			},
			{
				name: 'Stored Model',
				value: 'storedModel',
				description: 'Use a model from the Train Model operation, e.g. trained nightly and kept in a Data Table (fast)',
			},
		],
		default: 'history',
	},
	{
		displayName:
			'Connect past outcomes (Log Outcome records) to the second input, "Outcome History". Until it holds enough won/lost leads, leads are scored by the rules below and the reasons say so.',
		name: 'learnedNotice',
		type: 'notice',
		default: '',
		displayOptions: learnedFromHistory,
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'json',
		default: '',
		description:
			'The "model" output of Lead Score\'s Train Model operation (an object or JSON text). Empty: leads are scored by the rules, and the reasons say no model is stored yet.',
		displayOptions: { show: { operation: ['score'], mode: ['learned'], learnFrom: ['storedModel'] } },
	},
	{
		displayName:
			'Connect past outcomes (Log Outcome records) to the second input, "Outcome History". The output is one item: the model, to store and feed back into a Lead Score set to Learn From: Stored Model.',
		name: 'trainNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['train'] } },
	},
	{
		displayName: 'Minimum Outcomes',
		name: 'minOutcomes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'How many won or lost leads the history needs before the learned model replaces the rules',
		displayOptions: learnedFromHistory,
	},
	{
		displayName: 'Minimum Outcomes',
		name: 'minOutcomes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'How many won or lost leads the history needs before a model is trained (below it, the output\'s model is null)',
		displayOptions: { show: { operation: ['train'] } },
	},
	{
		displayName: 'Use Default Rules',
		name: 'useDefaultRules',
		type: 'boolean',
		default: true,
		displayOptions: scoreOnly,
		description:
			'Whether to start from the built-in rules (contact completeness, valid phone and email, channel, product value, policy expiring soon, consent, and penalties for duplicates, fictional phones and disposable emails)',
	},
	{
		displayName: 'Rules',
		name: 'rules',
		placeholder: 'Add Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: scoreOnly,
		description: 'Your own rules: when the conditions match, the points are added (use negative points for penalties)',
		options: [
			{
				name: 'values',
				displayName: 'Rule',
				values: [
					{
						displayName: 'Rule Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. Florida homeowners',
						description: 'Shown in the score reasons; leave empty to number the rules (Rule 1, Rule 2)',
					},
					{
						displayName: 'Conditions',
						name: 'conditions',
						placeholder: 'Add Condition',
						type: 'filter',
						default: {},
						typeOptions: {
							multipleValues: false,
							filter: { caseSensitive: false, typeValidation: 'loose', version: 2 },
						},
					},
					{
						displayName: 'Points',
						name: 'points',
						type: 'number',
						default: 10,
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: scoreOnly,
		options: [
			{
				displayName: 'As Of',
				name: 'asOf',
				type: 'dateTime',
				default: '',
				description: 'The moment to score for (urgency windows count from it). Leave empty for now.',
			},
			{
				displayName: 'Default Rules to Skip',
				name: 'disabledDefaultRules',
				type: 'multiOptions',
				options: [...DEFAULT_SCORE_RULES]
					.sort((a, b) => a.name.localeCompare(b.name))
					.map((rule) => ({ name: rule.name, value: rule.name, description: `${rule.description} (${rule.points > 0 ? '+' : ''}${rule.points})` })),
				default: [],
			},
			{
				displayName: 'Expected Value',
				name: 'expectedValue',
				type: 'boolean',
				default: false,
				description:
					'Whether to add score.expectedValue = win probability x the lead\'s value, for working the most valuable leads first (rules mode uses score / 100 as the probability)',
			},
			...learnedTierShares,
			{
				displayName: 'SLA Minutes Tier A',
				name: 'slaA',
				type: 'number',
				default: 2,
				description: 'Minutes within which a tier A lead must be contacted',
			},
			{
				displayName: 'SLA Minutes Tier B',
				name: 'slaB',
				type: 'number',
				default: 5,
			},
			{
				displayName: 'SLA Minutes Tier C',
				name: 'slaC',
				type: 'number',
				default: 15,
			},
			{
				displayName: 'SLA Minutes Tier D',
				name: 'slaD',
				type: 'number',
				default: 60,
			},
			{
				displayName: 'Tier A Minimum Score',
				name: 'tierA',
				type: 'number',
				default: 75,
				description: 'Rules mode: scores at or above this are tier A',
			},
			{
				displayName: 'Tier B Minimum Score',
				name: 'tierB',
				type: 'number',
				default: 50,
			},
			{
				displayName: 'Tier C Minimum Score',
				name: 'tierC',
				type: 'number',
				default: 25,
				description: 'Rules mode: scores at or above this are tier C; below is tier D',
			},
			{
				displayName: 'Top Factors',
				name: 'topFactors',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 3,
				description: 'Learned mode: how many of the factors that moved the probability most to list in the reasons',
			},
			{
				displayName: 'Urgency Window (Days)',
				name: 'urgencyDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'The built-in rule "policyExpiringSoon" fires when the current policy expires today or within this many days (calendar days in the lead\'s state)',
			},
			{
				displayName: 'Value Field',
				name: 'valueField',
				type: 'string',
				default: 'value',
				description: 'Where the lead\'s value (premium, deal size) is, as a path in the lead, e.g. value, fields.annual_premium or fields.CurrentPolicy.Premium (a dotted key kept by Lead Normalize)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'trainingOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { operation: ['train'] } },
		options: learnedTierShares,
	},
];
