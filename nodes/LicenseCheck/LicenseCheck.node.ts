import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { buildProductLineTable, checkEligibility, indexRoster, type LicenseLead, type ProductLineTable } from '../../engine/license';
import { parseRoster } from '../../engine/roster';
import { InputError, type Eligibility } from '../../engine/types';
import { readSideInput } from '../shared/inputs';
import { routeEachItem } from '../shared/items';
import { ELIGIBLE_OUTPUT, licenseCheckDescription, NONE_OUTPUT, REVIEW_OUTPUT } from './LicenseCheck.description';

const OUTPUT_BY_STATUS: Record<Eligibility['status'], number> = {
	eligible: ELIGIBLE_OUTPUT,
	none: NONE_OUTPUT,
	needsReview: REVIEW_OUTPUT,
};

function readAsOf(value: unknown, now: Date): Date {
	if (value === undefined || value === null || value === '') return now;
	const asOf = value instanceof Date ? value : new Date(String(value));
	if (Number.isNaN(asOf.getTime())) throw new InputError('asOf', 'invalidDate', `is not a date and time: "${String(value)}"`);
	return asOf;
}

/** The engine shares per-state exclusion lists between leads; each item gets its own copy. */
function ownCopy(eligibility: Eligibility): IDataObject {
	return {
		...eligibility,
		excluded: eligibility.excluded.map((entry) => ({
			agentId: entry.agentId,
			reasons: entry.reasons.map((reason) => ({ ...reason })),
		})),
	} as unknown as IDataObject;
}

export class LicenseCheck implements INodeType {
	description: INodeTypeDescription = licenseCheckDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const leads = this.getInputData(0);
		// Parsed and indexed once per execution: every lead reuses the same index.
		const roster = parseRoster(readSideInput(this, 1));
		const index = indexRoster(roster);
		const now = new Date();
		const tables = new Map<string, ProductLineTable>();

		const outputs = routeEachItem(this, leads, 3, (item, itemIndex) => {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const linesKey = typeof options.productLines === 'string' ? options.productLines : JSON.stringify(options.productLines ?? {});
			let productLines = tables.get(linesKey);
			if (!productLines) tables.set(linesKey, (productLines = buildProductLineTable(options.productLines)));
			const eligibility = checkEligibility(item.json as unknown as LicenseLead, index, {
				asOf: readAsOf(this.getNodeParameter('asOf', itemIndex, ''), now),
				productLines,
				requireAppointment: options.requireAppointment === true,
				requireNamedInConsent: options.requireNamedInConsent !== false,
				expiryWarningDays: typeof options.expiryWarningDays === 'number' ? options.expiryWarningDays : 30,
			});
			return { output: OUTPUT_BY_STATUS[eligibility.status], json: { ...item.json, eligibility: ownCopy(eligibility) } };
		});

		if (roster.invalid.length > 0) {
			const shown = roster.invalid.slice(0, 5).map((problem) => problem.reasons[0]?.message ?? `row ${problem.row}`);
			const more = roster.invalid.length > shown.length ? ` (and ${roster.invalid.length - shown.length} more)` : '';
			this.addExecutionHints({
				message: `${roster.invalid.length} roster row(s) could not be read and receive no leads: ${shown.join('; ')}${more}`,
				type: 'warning',
				location: 'outputPane',
			});
		}
		return outputs;
	}
}
