import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Reads an optional side input (roster, history, known leads) as plain records.
 * An unconnected input is simply empty: a side input is data, never a reason to fail the node.
 */
export function readSideInput(ctx: IExecuteFunctions, inputIndex: number): IDataObject[] {
	try {
		return ctx.getInputData(inputIndex).map((item) => item.json);
	} catch {
		return [];
	}
}
