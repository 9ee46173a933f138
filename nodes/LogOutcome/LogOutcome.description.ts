/** Log Outcome's parameters: what happened to a lead (Log), and how the history is summarised (Report). */
import type { INodeProperties } from 'n8n-workflow';

const logOnly = { show: { operation: ['log'] } };
const reportOnly = { show: { operation: ['report'] } };

export const logOutcomeProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'log',
		options: [
			{
				name: 'Log',
				value: 'log',
				action: 'Log a lead outcome event',
				description: 'Turn an assignment, a response or a CRM update into an outcome record to store',
			},
			{
				name: 'Report',
				value: 'report',
				action: 'Report on outcome history',
				description: 'Summarise stored outcomes per agent and segment, with fairness, lift and an HTML dashboard',
			},
		],
	},

	// Log
	{
		displayName: 'Event',
		name: 'event',
		type: 'string',
		default: '',
		placeholder: 'e.g. won, or {{ $json.status }}',
		displayOptions: logOnly,
		description:
			'One of assigned, accepted, declined, expired, contacted, meetingBooked, noShow, won, lost. Empty: the item\'s own event field, else accepted or assigned from the lead\'s records.',
	},
	{
		displayName: 'Event Time',
		name: 'eventTime',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.updated_at }}',
		displayOptions: logOnly,
		description: 'When it happened (ISO time or epoch). Empty: the item\'s time, else the assignment time, else now.',
	},
	{
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'string',
		default: '',
		displayOptions: logOnly,
		description: 'Who the event is about. Empty: the item\'s agentId, else its assignment\'s agent.',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.premium }}',
		displayOptions: logOnly,
		description: 'Premium or deal amount (for won events). Empty: the item\'s value, if any.',
	},
	{
		displayName: 'Output Shape',
		name: 'outputShape',
		type: 'options',
		default: 'flatRow',
		displayOptions: logOnly,
		options: [
			{
				name: 'Flat Row',
				value: 'flatRow',
				description: 'Scalar columns for a Data Table or Postgres; the lead snapshot as JSON text in "lead"',
			},
			{
				name: 'Record',
				value: 'record',
				description: 'The nested outcome record, for JSON stores and other nodes',
			},
		],
	},
	{
		displayName: 'Tag Execution',
		name: 'tagExecution',
		type: 'boolean',
		default: true,
		displayOptions: logOnly,
		description: 'Whether to save the lead ID, agent and event as the execution\'s custom data, so executions can be found by lead',
	},

	// Report
	{
		displayName: 'Agent Weights',
		name: 'agentWeights',
		type: 'string',
		default: '',
		placeholder: 'e.g. a1=2, a2=1',
		displayOptions: reportOnly,
		description: 'Routing weights for the fairness check (agent ID=weight, comma-separated); agents not listed weigh 1',
	},
	{
		displayName: 'Include Dashboard',
		name: 'includeDashboard',
		type: 'boolean',
		default: true,
		displayOptions: reportOnly,
		description: 'Whether to attach a self-contained HTML dashboard to the summary row',
	},
	{
		displayName: 'Options',
		name: 'reportOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: reportOnly,
		options: [
			{
				displayName: 'Confidence Level',
				name: 'confidence',
				type: 'number',
				typeOptions: { minValue: 0.5, maxValue: 0.999, numberPrecision: 3 },
				default: 0.95,
				description: 'Confidence level of the lift interval',
			},
			{
				displayName: 'Dashboard File Name',
				name: 'fileName',
				type: 'string',
				default: 'lead-routing-report.html',
			},
			{
				displayName: 'Dashboard Title',
				name: 'title',
				type: 'string',
				default: 'Lead routing outcomes',
			},
			{
				displayName: 'Holdout Percent',
				name: 'holdoutPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 99 },
				default: 0,
				description: 'The holdout share Lead Match was set to, when it never changed. 0: estimate it from the data.',
			},
			{
				displayName: 'Holdout Strategy Name',
				name: 'holdoutStrategy',
				type: 'string',
				default: 'roundRobin',
				description: 'Strategy that marks the holdout when records carry no holdout flag',
			},
			{
				displayName: 'Learned Strategy Name',
				name: 'learnedStrategy',
				type: 'string',
				default: 'learned',
				description: 'Strategy name of the learned arm',
			},
			{
				displayName: 'Put Dashboard in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'dashboard',
				description: 'Binary field of the summary row that holds the HTML file',
			},
		],
	},
];
