import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { parseHistory } from '../../engine/history';
import { readAsOf } from '../../engine/license';
import {
	scoreLead,
	trainConversionModel,
	validateThresholds,
	type EvaluatedRule,
	type ScoreMode,
	type ScoringLead,
	type TrainingResult,
} from '../../engine/score';
import { readSideInput } from '../shared/inputs';
import { routeEachItem } from '../shared/items';
import { leadScoreProperties } from './LeadScore.description';
import { hintUnreadableRows } from '../shared/hints';

function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The user's filter rules, evaluated against this item the way Switch v3 evaluates its rules. */
function evaluateUserRules(ctx: IExecuteFunctions, itemIndex: number): EvaluatedRule[] {
	const rules = ctx.getNodeParameter('rules.values', itemIndex, []) as IDataObject[];
	return rules.map((rule, ruleIndex) => ({
		name: String(rule.name ?? '').trim() || `Rule ${ruleIndex + 1}`,
		points: numberOr(rule.points, 0),
		matched: ctx.getNodeParameter(`rules.values[${ruleIndex}].conditions`, itemIndex, false, {
			extractValue: true,
		}) as boolean,
	}));
}

export class LeadScore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Score',
		name: 'leadScore',
		icon: { light: 'file:leadScore.svg', dark: 'file:leadScore.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["mode"] === "learned" ? "Learned from outcomes" : "Rules"}}',
		description: 'Scores each lead 0-100 by rules or by a model learned from past outcomes, with tier, SLA and reasons',
		defaults: { name: 'Lead Score' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		inputNames: ['Leads', 'Outcome History'],
		outputs: [NodeConnectionTypes.Main],
		properties: leadScoreProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const leads = this.getInputData(0);
		const mode = this.getNodeParameter('mode', 0, 'rules') as ScoreMode;
		const now = new Date();

		// Trained once per execution: the model depends on the history, not on any one lead.
		let training: TrainingResult | undefined;
		if (mode === 'learned') {
			const history = parseHistory(readSideInput(this, 1));
			const options = this.getNodeParameter('options', 0, {}) as IDataObject;
			training = trainConversionModel(history.records, {
				minOutcomes: numberOr(this.getNodeParameter('minOutcomes', 0, 50), 50),
				tierShares: {
					A: numberOr(options.learnedShareA, 10),
					B: numberOr(options.learnedShareB, 20),
					C: numberOr(options.learnedShareC, 30),
				},
			});
			hintUnreadableRows(this, 'history', history.invalid, 'were not learned from');
			if (training.fallback) {
				this.addExecutionHints({ message: training.fallback.message ?? 'Scored by rules', type: 'info', location: 'outputPane' });
			}
		}

		return routeEachItem(this, leads, 1, (item, itemIndex) => {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const score = scoreLead(item.json as unknown as ScoringLead, {
				mode,
				training,
				asOf: readAsOf(options.asOf, now),
				useDefaultRules: this.getNodeParameter('useDefaultRules', itemIndex, true) as boolean,
				disabledDefaultRules: (options.disabledDefaultRules as string[] | undefined) ?? [],
				customRules: evaluateUserRules(this, itemIndex),
				urgencyDays: numberOr(options.urgencyDays, 30),
				thresholds: validateThresholds({
					A: numberOr(options.tierA, 75),
					B: numberOr(options.tierB, 50),
					C: numberOr(options.tierC, 25),
				}),
				slaMinutes: {
					A: numberOr(options.slaA, 2),
					B: numberOr(options.slaB, 5),
					C: numberOr(options.slaC, 15),
					D: numberOr(options.slaD, 60),
				},
				topFactors: numberOr(options.topFactors, 3),
				expectedValue: options.expectedValue === true,
				valueField: typeof options.valueField === 'string' ? options.valueField : 'value',
			});
			return { output: 0, json: { ...item.json, score: score as unknown as IDataObject } };
		});
	}
}
