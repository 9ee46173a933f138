import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { markDuplicates, normalizeLead, resolveOptions } from '../../engine/normalize';
import type { NormalizeResult, ResolvedOptions } from '../../engine/normalize';
import { InputError } from '../../engine/types';
import type { FieldIssue, Lead } from '../../engine/types';
import { readSideInput } from '../shared/inputs';
import { routeEachItem } from '../shared/items';
import { leadNormalizeProperties } from './LeadNormalize.description';

/** Rows of a fixedCollection as a plain key -> value record, skipping blank rows. */
function pairs(rows: IDataObject[], keyName: string, valueName: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const row of rows) {
		const key = String(row[keyName] ?? '').trim();
		const value = String(row[valueName] ?? '').trim();
		if (key && value && key !== '__proto__' && key !== 'constructor' && key !== 'prototype') out[key] = value;
	}
	return out;
}

/** Settings are read once per execution: they describe the source, not a single lead. */
function readOptions(ctx: IExecuteFunctions): { resolved: ResolvedOptions; lookbackDays: number } {
	const extra = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const now = extra.now ? new Date(String(extra.now)) : new Date();
	if (isNaN(now.getTime())) {
		throw new NodeOperationError(ctx.getNode(), `Reference Time "${String(extra.now)}" is not an ISO 8601 date`);
	}
	try {
		const resolved = resolveOptions({
			shape: ctx.getNodeParameter('shape', 0, 'auto') as ResolvedOptions['shape'],
			required: ctx.getNodeParameter('required', 0, 'emailOrPhone') as ResolvedOptions['required'],
			sourceTimeZone: ctx.getNodeParameter('sourceTimeZone', 0, 'America/New_York') as string,
			fieldMap: pairs(ctx.getNodeParameter('fieldMap.mappings', 0, []) as IDataObject[], 'sourceKey', 'field'),
			productSynonyms: pairs(ctx.getNodeParameter('productSynonyms.synonyms', 0, []) as IDataObject[], 'phrase', 'product'),
			requireState: extra.requireState === true,
			defaultCountry: typeof extra.defaultCountry === 'string' ? extra.defaultCountry : undefined,
			keepRaw: extra.keepRaw !== false,
			now,
		});
		return { resolved, lookbackDays: Number(extra.lookbackDays ?? 30) };
	} catch (error) {
		const message = error instanceof InputError ? `Parameter "${error.field}": ${error.message}` : String(error);
		throw new NodeOperationError(ctx.getNode(), message);
	}
}

/** One line for the editor: how many leads failed, and the commonest reasons. */
function invalidSummary(errors: FieldIssue[][]): string {
	const counts = new Map<string, number>();
	for (const code of errors.flatMap((list) => [...new Set(list.map((issue) => issue.code))])) {
		counts.set(code, (counts.get(code) ?? 0) + 1);
	}
	const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
	return `${errors.length} lead(s) went to Invalid: ${top.map(([code, n]) => `${code} (${n})`).join(', ')}`;
}

export class LeadNormalize implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Normalize',
		name: 'leadNormalize',
		icon: { light: 'file:leadNormalize.svg', dark: 'file:leadNormalize.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["shape"] === "auto" ? "Auto-detect" : $parameter["shape"] }}',
		description: 'Turns form, ad and lead-vendor payloads into one clean lead record: E.164 phone, state, product, consent, duplicates',
		defaults: { name: 'Lead Normalize' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		inputNames: ['Leads', 'Known Leads'],
		requiredInputs: 1,
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Valid', 'Invalid'],
		properties: leadNormalizeProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData(0);
		const { resolved, lookbackDays } = readOptions(this);

		// Normalize everything first: duplicates are judged across the whole batch.
		const results: Array<NormalizeResult | { failure: unknown }> = items.map((item) => {
			try {
				return normalizeLead(item.json, resolved);
			} catch (failure) {
				return { failure };
			}
		});
		const normalized = results.filter((r): r is NormalizeResult => !('failure' in r));
		const marked = markDuplicates(
			normalized.map((r) => r.lead),
			readSideInput(this, 1),
			// Only a valid lead is routed, so only a valid lead can be the one a later lead repeats.
			{ lookbackDays, now: resolved.now, countsAsEarlier: (_lead, index) => normalized[index].valid },
		);
		const markedByResult = new Map<NormalizeResult, Lead>(normalized.map((r, i) => [r, marked[i]]));

		const invalidErrors: FieldIssue[][] = [];
		const outputs = routeEachItem(this, items, 2, (_item, itemIndex) => {
			const result = results[itemIndex];
			if ('failure' in result) throw result.failure;
			const lead = markedByResult.get(result) ?? result.lead;
			if (result.valid) return { output: 0, json: lead as unknown as IDataObject };
			invalidErrors.push(result.errors);
			return { output: 1, json: { ...lead, errors: result.errors } as unknown as IDataObject };
			// With Continue On Fail an item that could not be read goes to Invalid, never Valid.
		}, 1);
		if (invalidErrors.length > 0) {
			this.addExecutionHints({ message: invalidSummary(invalidErrors), type: 'info', location: 'outputPane' });
		}
		return outputs;
	}
}
