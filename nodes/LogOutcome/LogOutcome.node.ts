import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { renderDashboard } from '../../engine/outcome/dashboard';
import { isEmptyRow } from '../../engine/coerce';
import { buildOutcomeRecord, readOutcomeRow, toFlatRow } from '../../engine/outcome/record';
import { buildOutcomeReport, UNKNOWN_SEGMENT, type OutcomeReport } from '../../engine/outcome/report';
import { parseAgentWeights } from '../../engine/outcome/weights';
import type { OutcomeRecord } from '../../engine/types';
import { errorItemJson, failItem, routeEachItem } from '../shared/items';
import { logOutcomeProperties } from './LogOutcome.description';

/** n8n keeps custom data values up to 255 characters. */
const CUSTOM_DATA_LIMIT = 255;

function joinedDistinct(values: string[]): string {
	return [...new Set(values)].join(', ').slice(0, CUSTOM_DATA_LIMIT);
}

/**
 * Tags the execution with what was logged, so "all executions for lead X" is one search in n8n.
 * Not every context has custom data (sub-executions in some versions, tests): never fail for it.
 */
function tagExecution(ctx: IExecuteFunctions, records: OutcomeRecord[]): void {
	if (records.length === 0) return;
	try {
		ctx.customData.setAll({
			leadId: joinedDistinct(records.map((record) => record.leadId)),
			agentId: joinedDistinct(records.map((record) => record.agentId)),
			outcomeEvent: joinedDistinct(records.map((record) => record.event)),
		});
	} catch {
		// custom data is a convenience; the outcome itself is already in the output
	}
}

function logEvents(ctx: IExecuteFunctions, items: INodeExecutionData[], now: Date): INodeExecutionData[][] {
	const logged: OutcomeRecord[] = [];
	const outputs = routeEachItem(ctx, items, 1, (item, itemIndex) => {
		const record = buildOutcomeRecord(
			item.json,
			{
				event: String(ctx.getNodeParameter('event', itemIndex, '') ?? ''),
				at: ctx.getNodeParameter('eventTime', itemIndex, '') as unknown,
				agentId: String(ctx.getNodeParameter('agentId', itemIndex, '') ?? ''),
				value: ctx.getNodeParameter('value', itemIndex, '') as unknown,
			},
			now,
		);
		logged.push(record);
		const shape = ctx.getNodeParameter('outputShape', itemIndex, 'flatRow') as string;
		return { output: 0, json: (shape === 'record' ? record : toFlatRow(record)) as unknown as IDataObject };
	});
	if (ctx.getNodeParameter('tagExecution', 0, true) as boolean) tagExecution(ctx, logged);
	return outputs;
}

interface LeadSegments {
	product: string | null;
	channel: string | null;
	tier: string | null;
}

/**
 * Which input items fed each report row, so pairedItem points back at the outcome rows. A segment
 * row is computed per lead, from the first product, channel and tier any of its rows names (the
 * report's own rule), so every row of that lead fed it, including a CRM `won` row with no snapshot.
 */
function sourcesOf(records: OutcomeRecord[], indexes: number[]) {
	const segmentsOf = new Map<string, LeadSegments>();
	for (const record of records) {
		let segments = segmentsOf.get(record.leadId);
		if (!segments) segmentsOf.set(record.leadId, (segments = { product: null, channel: null, tier: null }));
		segments.product ??= record.lead?.product ?? null;
		segments.channel ??= (record.lead?.source?.channel as string | undefined) ?? null;
		segments.tier ??= typeof record.lead?.tier === 'string' ? record.lead.tier : null;
	}
	const byKey = new Map<string, IPairedItemData[]>();
	const add = (key: string, index: number) => {
		let list = byKey.get(key);
		if (!list) byKey.set(key, (list = []));
		list.push({ item: index });
	};
	records.forEach((record, position) => {
		const index = indexes[position];
		const segments = segmentsOf.get(record.leadId)!;
		add(`agent:${record.agentId}`, index);
		add(`product:${segments.product ?? UNKNOWN_SEGMENT}`, index);
		add(`channel:${segments.channel ?? UNKNOWN_SEGMENT}`, index);
		// The report has tier rows only for leads logged with a tier.
		if (segments.tier !== null) add(`tier:${segments.tier}`, index);
	});
	return (key: string) => byKey.get(key) ?? [];
}

async function reportOnHistory(ctx: IExecuteFunctions, items: INodeExecutionData[], now: Date): Promise<INodeExecutionData[][]> {
	const records: OutcomeRecord[] = [];
	const indexes: number[] = [];
	const failed: INodeExecutionData[] = [];
	items.forEach((item, itemIndex) => {
		// The empty item n8n's "Always Output Data" gives for an empty table (a fresh install's
		// outcomes log) is no outcome: report on nothing rather than fail the night's run.
		if (isEmptyRow(item.json)) return;
		try {
			records.push(readOutcomeRow(item.json, now));
			indexes.push(itemIndex);
		} catch (error) {
			if (!ctx.continueOnFail()) throw failItem(ctx, error, itemIndex);
			failed.push({ json: errorItemJson(error, itemIndex), pairedItem: { item: itemIndex } });
		}
	});
	const options = ctx.getNodeParameter('reportOptions', 0, {}) as IDataObject;
	let report: OutcomeReport;
	try {
		report = buildOutcomeReport(records, {
			weights: parseAgentWeights(String(ctx.getNodeParameter('agentWeights', 0, '') ?? '')),
			learnedStrategy: String(options.learnedStrategy ?? 'learned'),
			holdoutStrategy: String(options.holdoutStrategy ?? 'roundRobin'),
			holdoutPercent: Number(options.holdoutPercent ?? 0) || undefined,
			confidence: Number(options.confidence ?? 0.95),
		});
	} catch (error) {
		throw failItem(ctx, error, 0);
	}
	const sources = sourcesOf(records, indexes);
	const summary: INodeExecutionData = {
		json: report.summary as unknown as IDataObject,
		pairedItem: indexes.map((item) => ({ item })),
	};
	if (ctx.getNodeParameter('includeDashboard', 0, true) as boolean) {
		const html = renderDashboard(report, { title: String(options.title ?? 'Lead routing outcomes'), generatedAt: now.toISOString() });
		const field = String(options.binaryPropertyName ?? 'dashboard') || 'dashboard';
		summary.binary = {
			[field]: await ctx.helpers.prepareBinaryData(
				Buffer.from(html, 'utf8'),
				String(options.fileName ?? 'lead-routing-report.html'),
				'text/html',
			),
		};
	}
	const rows: INodeExecutionData[] = [
		summary,
		...report.agents.map((row) => ({ json: row as unknown as IDataObject, pairedItem: sources(`agent:${row.agentId}`) })),
		...report.segments.map((row) => ({
			json: row as unknown as IDataObject,
			pairedItem: sources(`${row.dimension}:${row.segment}`),
		})),
	];
	return [[...rows, ...failed]];
}

export class LogOutcome implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Log Outcome',
		name: 'logOutcome',
		icon: { light: 'file:logOutcome.svg', dark: 'file:logOutcome.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "report" ? "Report" : "Log" }}',
		description: 'Records what happened to each lead (assigned, contacted, won...) and reports on routing outcomes',
		defaults: { name: 'Log Outcome' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: logOutcomeProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const now = new Date();
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'report') return await reportOnHistory(this, items, now);
		return logEvents(this, items, now);
	}
}
