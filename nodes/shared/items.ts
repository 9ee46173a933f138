import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputError } from '../../engine/types';

/** Where one input item went: which output, and the JSON (and optional binary) it carries. */
export interface RoutedItem {
	output: number;
	json: IDataObject;
	binary?: INodeExecutionData['binary'];
}

/**
 * Turns an engine error into the message users see in the editor: it names the item and, for
 * input errors, the field, so a no-code user can find the bad value without reading a stack trace.
 */
export function describeItemError(error: unknown, itemIndex: number): string {
	if (error instanceof InputError) {
		return `Item ${itemIndex}: field "${error.field}" ${error.message}`;
	}
	const message = error instanceof Error ? error.message : String(error);
	return `Item ${itemIndex}: ${message}`;
}

/**
 * The JSON of an item that failed, for Continue On Fail and the error output. Only `error` and
 * `details` keys: that is how n8n recognises an error item and moves it to the error output.
 */
export function errorItemJson(error: unknown, itemIndex: number): IDataObject {
	const json: IDataObject = { error: describeItemError(error, itemIndex) };
	if (error instanceof InputError) json.details = { field: error.field, code: error.code, itemIndex };
	return json;
}

/**
 * The per-item contract every node in this package keeps:
 * - each input item produces exactly one output item (items in = items out, summed over outputs);
 * - every output item carries `pairedItem`, so expressions like `$('Webhook').item` keep working;
 * - a failing item either stops the node with an error naming the item, or, with Continue On Fail
 *   (either "regular output" or "error output"), becomes `{json: {error}}` on `failedOutput`,
 *   which n8n moves to the error output when the user chose that (n8n looks on every output).
 *   n8n's own nodes use the first output; a node whose first output means "go ahead" (Eligible,
 *   Assigned, Valid, Accepted) names the output where a person looks instead, so that with
 *   "continue (regular output)" an item that could not be decided never flows on as decided.
 */
export function routeEachItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	outputCount: number,
	route: (item: INodeExecutionData, itemIndex: number) => RoutedItem,
	failedOutput = 0,
): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const routed = route(items[itemIndex], itemIndex);
			const item: INodeExecutionData = { json: routed.json, pairedItem: { item: itemIndex } };
			if (routed.binary) item.binary = routed.binary;
			outputs[routed.output].push(item);
		} catch (error) {
			if (ctx.continueOnFail()) {
				outputs[failedOutput].push({ json: errorItemJson(error, itemIndex), pairedItem: { item: itemIndex } });
				continue;
			}
			throw failItem(ctx, error, itemIndex);
		}
	}
	return outputs;
}

/** The error a node throws for one item when Continue On Fail is off. */
export function failItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), describeItemError(error, itemIndex), {
		itemIndex,
		description: error instanceof InputError ? `Reason code: ${error.code}` : undefined,
	});
}
