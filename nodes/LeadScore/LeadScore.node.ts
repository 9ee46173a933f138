import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { parseHistory } from '../../engine/history';
import { readAsOf } from '../../engine/asOf';
import {
	isNoStoredModel,
	readStoredConversionModel,
	scoreLead,
	storeConversionModel,
	trainConversionModel,
	validateThresholds,
	validateTierShares,
	type EvaluatedRule,
	type ScoreMode,
	type ScoringLead,
	type TrainingResult,
} from '../../engine/score';
import { readSideInput } from '../shared/inputs';
import { errorItemJson, failItem, routeEachItem } from '../shared/items';
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
		subtitle: '={{$parameter["operation"] === "train" ? "Train model" : $parameter["mode"] === "learned" ? "Learned from outcomes" : "Rules"}}',
		description: 'Scores each lead 0-100 by rules or by a model learned from past outcomes, with tier, SLA and reasons',
		defaults: { name: 'Lead Score' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		inputNames: ['Leads', 'Outcome History'],
		outputs: [NodeConnectionTypes.Main],
		properties: leadScoreProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('operation', 0, 'score') === 'train') return trainModel(this);
		const leads = this.getInputData(0);
		const mode = this.getNodeParameter('mode', 0, 'rules') as ScoreMode;
		const now = new Date();

		// One model per execution: it depends on the history or the stored model, not on any one lead.
		let training: TrainingResult | undefined;
		// A stored model that cannot be read, or tier shares that do not add up, fail every item (each
		// honours Continue On Fail), rather than the leads being scored by the rules as if no model
		// had been given.
		let trainingError: unknown;
		if (mode === 'learned') {
			try {
				training =
					this.getNodeParameter('learnFrom', 0, 'history') === 'storedModel'
						? storedTraining(this.getNodeParameter('model', 0, ''))
						: trainFromHistory(this, this.getNodeParameter('options', 0, {}) as IDataObject);
			} catch (error) {
				trainingError = error;
			}
			if (training?.fallback) {
				this.addExecutionHints({ message: training.fallback.message ?? 'Scored by rules', type: 'info', location: 'outputPane' });
			}
		}

		return routeEachItem(this, leads, 1, (item, itemIndex) => {
			if (trainingError) throw trainingError;
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const score = scoreLead(item.json as unknown as ScoringLead, {
				mode,
				training,
				asOf: readAsOf(options.asOf, now, 'options.asOf', this.getTimezone()),
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

/** Learned mode's model, trained on the Outcome History input (every execution). */
function trainFromHistory(ctx: IExecuteFunctions, options: IDataObject): TrainingResult {
	// Checked before the history: shares that cannot work must fail on the first run, not only
	// once the history has grown past Minimum Outcomes (until then no cut-offs are computed).
	const tierShares = validateTierShares({
		A: numberOr(options.learnedShareA, 10),
		B: numberOr(options.learnedShareB, 20),
		C: numberOr(options.learnedShareC, 30),
	});
	const history = parseHistory(readSideInput(ctx, 1));
	hintUnreadableRows(ctx, 'history', history.invalid, 'were not learned from');
	return trainConversionModel(history.records, {
		minOutcomes: numberOr(ctx.getNodeParameter('minOutcomes', 0, 50), 50),
		tierShares,
	});
}

/** Learned mode's model from the Model parameter; none stored yet (a fresh install) scores by rules. */
function storedTraining(value: unknown): TrainingResult {
	if (isNoStoredModel(value)) {
		return {
			model: null,
			outcomes: 0,
			fallback: {
				rule: 'learnedFallback',
				points: 0,
				message: 'Scored by rules: no model is stored yet (Train Model stores one once the outcome history holds enough won and lost leads)',
			},
		};
	}
	const model = readStoredConversionModel(value, 'model');
	return { model, outcomes: model.outcomes };
}

/**
 * Train Model: learns from the Outcome History input and outputs one item, the model as JSON (or
 * null, with the reason, while the history is too small), for a template to store and feed back
 * through Learn From: Stored Model. Its single item is paired with every input item.
 */
function trainModel(ctx: IExecuteFunctions): INodeExecutionData[][] {
	const inputs = ctx.getInputData(0);
	const pairedItem = inputs.length ? inputs.map((_, item) => ({ item })) : [{ item: 0 }];
	let training: TrainingResult;
	try {
		training = trainFromHistory(ctx, ctx.getNodeParameter('trainingOptions', 0, {}) as IDataObject);
	} catch (error) {
		// The one output item is the error (field and reason code), so a nightly workflow set to
		// Continue On Fail stores nothing that looks like a model and can branch on `error`.
		if (ctx.continueOnFail()) return [[{ json: errorItemJson(error, 0), pairedItem }]];
		throw failItem(ctx, error, 0);
	}
	const json: IDataObject = training.model
		? {
				model: storeConversionModel(training.model) as unknown as IDataObject,
				outcomes: training.outcomes,
				wins: training.model.wins,
				baseRate: Math.round(training.model.baseRate * 10000) / 10000,
			}
		: { model: null, outcomes: training.outcomes, reason: training.fallback.message ?? null };
	return [[{ json, pairedItem }]];
}
