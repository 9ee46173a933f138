import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	buildProductLineTable,
	checkEligibility,
	indexRoster,
	readAsOf,
	readJustInTimeStates,
	type LicenseLead,
	type ProductLineTable,
} from '../../engine/license';
import { parseRoster } from '../../engine/roster';
import type { Eligibility } from '../../engine/types';
import { readSideInput } from '../shared/inputs';
import { hintUnreadableRows } from '../shared/hints';
import { routeEachItem } from '../shared/items';
import { ELIGIBLE_OUTPUT, licenseCheckProperties, NONE_OUTPUT, REVIEW_OUTPUT } from './LicenseCheck.description';

const OUTPUT_BY_STATUS: Record<Eligibility['status'], number> = {
	eligible: ELIGIBLE_OUTPUT,
	none: NONE_OUTPUT,
	needsReview: REVIEW_OUTPUT,
};

/**
 * The engine shares a verdict's lists between leads of the same state, product and carrier; each
 * item gets its own copy, so a later node that edits one lead's lists leaves the others alone.
 */
function ownCopy(eligibility: Eligibility): IDataObject {
	return {
		...eligibility,
		eligibleAgentIds: [...eligibility.eligibleAgentIds],
		excluded: eligibility.excluded.map((entry) => ({
			agentId: entry.agentId,
			reasons: entry.reasons.map((reason) => ({ ...reason })),
		})),
		warnings: eligibility.warnings.map((warning) => ({ ...warning })),
	} as unknown as IDataObject;
}

export class LicenseCheck implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'License Check',
		name: 'licenseCheck',
		icon: { light: 'file:licenseCheck.svg', dark: 'file:licenseCheck.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"as of " + ($parameter["asOf"] || "now")}}',
		description:
			'Finds the agents licensed to take each lead (state, lines of authority, expiry, appointments, Medicare consent) and explains every exclusion',
		defaults: { name: 'License Check' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		inputNames: ['Leads', 'Agents'],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Eligible', 'No Eligible Agent', 'Needs Review'],
		properties: licenseCheckProperties,
	};

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
				asOf: readAsOf(this.getNodeParameter('asOf', itemIndex, ''), now, 'asOf', this.getTimezone()),
				productLines,
				requireAppointment: options.requireAppointment === true,
				justInTimeAppointmentStates: readJustInTimeStates(options.justInTimeAppointmentStates),
				requireNamedInConsent: options.requireNamedInConsent !== false,
				requireMedicareCertification: options.requireMedicareCertification === true,
				expiryWarningDays: typeof options.expiryWarningDays === 'number' ? options.expiryWarningDays : 30,
			});
			return { output: OUTPUT_BY_STATUS[eligibility.status], json: { ...item.json, eligibility: ownCopy(eligibility) } };
			// Fail closed: with "Continue (regular output)" an item that could not be checked goes to
			// Needs Review, never down the Eligible branch.
		}, REVIEW_OUTPUT);

		hintUnreadableRows(this, 'roster', roster.invalid, 'receive no leads');
		return outputs;
	}
}
