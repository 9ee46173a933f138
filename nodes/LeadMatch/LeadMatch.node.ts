import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { parseHistory } from '../../engine/history';
import { readAsOf } from '../../engine/asOf';
import { createMatchContext } from '../../engine/match/context';
import type { SerializedForest } from '../../engine/match/learned/forest';
import type { ForestTrainer, LearnedModel, ModelBuildOptions } from '../../engine/match/learned/model';
import { historyFingerprint, inThreadForestTrainer, loadModel, modelFromExamplesTrainedBy, modelKey, prepareSkills, serializeModel } from '../../engine/match/learned/model';
import { stableHash } from '../../engine/hash';
import { LruCache } from '../../engine/lruCache';
import { yieldToEventLoop } from '../../engine/match/learned/forest';
import { workerForestTrainer } from '../../engine/match/learned/forestWorker';
import { learningExamples } from '../../engine/match/learned/outcomes';
import type { OutcomeRecord } from '../../engine/types';
import { matchLead } from '../../engine/match/matchLead';
import type { MatchOptions, MatchRule } from '../../engine/match/options';
import { resolveMatchOptions } from '../../engine/match/options';
import { parseRoster } from '../../engine/roster';
import { isStoredScoreModel } from '../../engine/score';
import { hintUnreadableRows } from '../shared/hints';
import { readSideInput } from '../shared/inputs';
import { routeEachItem } from '../shared/items';
import { leadMatchProperties } from './LeadMatch.description';

/**
 * Trained models by history fingerprint, shared by executions in this process: a busy webhook
 * whose History has not changed reuses the model instead of retraining the forest every time.
 */
const models = new LruCache<LearnedModel>(8);
/**
 * Forests by the outcomes they learned from: History with a few new outcomes misses `models` but
 * reuses its forest, so only the tallies are taken again (see forestTrainingCount).
 */
const forests = new LruCache<SerializedForest>(8);
/**
 * Stored models (the Model option) by the hash of their JSON: each execution would otherwise read
 * the same model again and fit its skill estimates again (about 70 ms at 8 agents, a second at 40).
 */
const storedModels = new LruCache<LearnedModel>(4);
/** Models being trained: executions that miss the cache together wait for one training. */
const training = new Map<string, Promise<LearnedModel>>();

/**
 * The training worker, bundled beside this node by scripts/build.mjs (the node runs from
 * dist/nodes/LeadMatch/). Running from TypeScript sources (tests) there is none: train in-thread.
 */
const FOREST_WORKER_FILE = join(__dirname, '../../engine/match/learned/trainForest.worker.js');

function forestTrainer(): ForestTrainer {
	return existsSync(FOREST_WORKER_FILE) ? workerForestTrainer(FOREST_WORKER_FILE) : inThreadForestTrainer();
}

/** The cached model for this History, or a new one trained without blocking the event loop. */
async function learnedModelFor(records: OutcomeRecord[], options: MatchOptions): Promise<LearnedModel> {
	const build: ModelBuildOptions = { forest: options.learned.forest, forestMinOutcomes: options.learned.forestMinOutcomes };
	const examples = learningExamples(records);
	// Reading a large History and fingerprinting it are each tens of milliseconds: not back to back.
	await yieldToEventLoop();
	const fingerprint = historyFingerprint(examples);
	const key = modelKey(fingerprint, build);
	const cached = models.get(key);
	if (cached) return cached;
	let pending = training.get(key);
	if (!pending) {
		pending = modelFromExamplesTrainedBy(examples, build, { trainer: forestTrainer(), fingerprint, forests })
			.then((model) => {
				models.set(key, model);
				return model;
			})
			.finally(() => training.delete(key));
		training.set(key, pending);
	}
	return pending;
}

/** The stored model, read once per distinct JSON; an unreadable one throws, naming the option. */
function storedModelFor(value: unknown): LearnedModel {
	const key = stableHash(typeof value === 'string' ? value : JSON.stringify(value));
	const cached = storedModels.get(key);
	if (cached) return cached;
	const model = loadModel(value, 'options.model');
	storedModels.set(key, model);
	return model;
}

/** A forest meant for the worker thread but trained on n8n's main thread is said, not hidden. */
const WRONG_KIND_HINT =
	'The Model option holds a Lead Score model, not a Lead Match model, so the learner used the History input instead. In a routing template imported before the models table held both kinds, add the condition kind = leadMatch to Latest Model (or import the template again).';

function hintForestFallback(ctx: IExecuteFunctions, model: LearnedModel | null): void {
	const problem = model?.forestTraining?.workerProblem;
	if (!problem) return;
	ctx.addExecutionHints({
		message: `The forest prior was trained on n8n's main thread because its worker thread failed (${problem}): the decisions are the same, but other executions waited while it trained`,
		type: 'warning',
		location: 'outputPane',
	});
}

function idList(text: unknown): string[] {
	return String(text ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
}

function readOptions(ctx: IExecuteFunctions): MatchOptions {
	const extra = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const strategy = ctx.getNodeParameter('strategy', 0) as MatchOptions['strategy'];
	return resolveMatchOptions({
		strategy,
		resetInterval: ctx.getNodeParameter('resetInterval', 0, 'month') as MatchOptions['resetInterval'],
		maxLead: ctx.getNodeParameter('maxLead', 0, 3) as number,
		afterHours: ctx.getNodeParameter('afterHours', 0, 'waitForNextOpen') as MatchOptions['afterHours'],
		calibrate: extra.calibrate !== false,
		distribution: extra.distribution === 'exact' ? 'exact' : 'spread',
		seed: Number(extra.seed ?? 0),
		sticky: { enabled: extra.sticky !== false, windowDays: Number(extra.stickyWindowDays ?? 30) },
		fallbackAgentIds: strategy === 'rules' ? idList(ctx.getNodeParameter('fallbackAgentIds', 0, '')) : [],
		learned: {
			holdoutPercent: strategy === 'learned' ? (ctx.getNodeParameter('holdoutPercent', 0, 10) as number) : 0,
			...(extra.fairnessBand !== undefined ? { fairnessBand: Number(extra.fairnessBand) } : {}),
			...(extra.fairnessMargin !== undefined ? { fairnessMargin: Number(extra.fairnessMargin) } : {}),
			...(extra.switchConfidence !== undefined ? { switchConfidence: Number(extra.switchConfidence) } : {}),
			...(extra.confidenceOutcomes !== undefined ? { confidenceOutcomes: Number(extra.confidenceOutcomes) } : {}),
			...(extra.explorationOutcomes !== undefined ? { explorationOutcomes: Number(extra.explorationOutcomes) } : {}),
			...(extra.forest !== undefined ? { forest: extra.forest !== false } : {}),
		},
	});
}

/** Each rule's conditions evaluated on one lead, as Switch v3 evaluates its rules. */
function rulesFor(ctx: IExecuteFunctions, itemIndex: number): MatchRule[] {
	const rules = (ctx.getNodeParameter('rules.values', itemIndex, []) as IDataObject[]) ?? [];
	return rules.map((rule, index) => ({
		name: String(rule.name || `Rule ${index + 1}`),
		matches: ctx.getNodeParameter(`rules.values[${index}].conditions`, itemIndex, false, { extractValue: true }) as boolean,
		agentIds: idList(rule.agentIds),
		skill: String(rule.skill ?? '') || undefined,
	}));
}

export class LeadMatch implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Match',
		name: 'leadMatch',
		icon: { light: 'file:leadMatch.svg', dark: 'file:leadMatch.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["strategy"] }}',
		description: 'Assigns each lead to the best eligible, available agent (round robin, rules or learned) with the reasons',
		defaults: { name: 'Lead Match' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		inputNames: ['Leads', 'Agents', 'History'],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Assigned', 'Unassigned'],
		properties: leadMatchProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('operation', 0, 'match') === 'train') return trainModel(this);
		const leads = this.getInputData(0);
		const roster = parseRoster(readSideInput(this, 1));
		const history = parseHistory(readSideInput(this, 2));
		const options = readOptions(this);
		const extra = this.getNodeParameter('options', 0, {}) as IDataObject;
		// An unreadable Decision Time fails every lead, naming the option, each honouring Continue On
		// Fail (read bare, it was an Invalid Date that stopped the whole run with a RangeError).
		let now = new Date();
		let nowError: unknown;
		try {
			now = readAsOf(extra.now, now, 'options.now', this.getTimezone());
		} catch (error) {
			nowError = error;
		}

		let model: LearnedModel | null = null;
		// A stored model that cannot be read fails every lead, each honouring Continue On Fail (a
		// throw here would turn all of them into one error item).
		let modelError: unknown;
		if (options.strategy === 'learned') {
			const storedModel = extra.model !== undefined && extra.model !== '' && extra.model !== null;
			if (storedModel && isStoredScoreModel(extra.model)) {
				// Not ours, and a known mix-up rather than a damaged model: route as without one.
				this.addExecutionHints({ message: WRONG_KIND_HINT, type: 'warning', location: 'outputPane' });
				model = await learnedModelFor(history.records, options);
			} else if (storedModel) {
				try {
					model = storedModelFor(extra.model);
				} catch (error) {
					modelError = error;
				}
			} else {
				model = await learnedModelFor(history.records, options);
			}
		}
		if (model) await prepareSkills(model, options.learned.levelSpreads);
		const context = createMatchContext({ agents: roster.agents, records: history.records, now, options, model });
		const rosterProblems = roster.invalid.flatMap((problem) => problem.reasons.map((r) => ({ ...r, row: problem.row })));

		hintForestFallback(this, model);
		hintUnreadableRows(this, 'roster', roster.invalid, 'receive no leads');
		hintUnreadableRows(this, 'history', history.invalid, 'do not count toward round robin, caps or learning');
		return routeEachItem(this, leads, 2, (item, itemIndex) => {
			if (nowError) throw nowError;
			if (modelError) throw modelError;
			const itemOptions = options.strategy === 'rules' ? { ...options, rules: rulesFor(this, itemIndex) } : options;
			const decision = matchLead(item.json, now, { ...context, options: itemOptions });
			if (decision.assigned) {
				return { output: 0, json: { ...item.json, assignment: decision.assignment as unknown as IDataObject } };
			}
			const unassigned = { ...decision.unassigned, ...(rosterProblems.length ? { rosterProblems } : {}) };
			return { output: 1, json: { ...item.json, unassigned: unassigned as unknown as IDataObject } };
			// With Continue On Fail a lead that could not be matched goes to Unassigned, never Assigned.
		}, 1);
	}
}

/**
 * Train Model: learns from the History input and outputs one item, the model as JSON, for a
 * template to store (Data Table, file) and feed back through the Model option. The one aggregate
 * operation of this node: its single item is paired with every input item.
 */
async function trainModel(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const history = parseHistory(readSideInput(ctx, 2));
	const forest = ctx.getNodeParameter('forest', 0, true) !== false;
	const model = await learnedModelFor(history.records, resolveMatchOptions({ strategy: 'learned', learned: { forest } }));
	hintForestFallback(ctx, model);
	const inputs = ctx.getInputData(0);
	const pairedItem = inputs.length ? inputs.map((_, item) => ({ item })) : [{ item: 0 }];
	const json: IDataObject = {
		model: serializeModel(model) as unknown as IDataObject,
		outcomes: model.outcomes,
		fingerprint: model.fingerprint,
		forestTrees: model.serializedForest?.trees.length ?? 0,
		// The forest learns from History's oldest outcomes up to a checkpoint (forestTrainingCount).
		forestOutcomes: model.serializedForest?.trainedOn ?? 0,
		invalidHistoryRows: history.invalid.length,
	};
	return [[{ json, pairedItem }], []];
}
