/**
 * Fuzz, in-process n8n tier: batches of seeded malformed payloads through our nodes wired as a
 * template would wire them (Lead Normalize -> Lead Score -> License Check -> Lead Match, roster
 * and history on the side inputs), run by n8n-core's WorkflowExecute with each On Error setting.
 * Every item must be accounted for at every node and paired with the right input.
 */
import type { IConnections, INode, INodeExecutionData } from 'n8n-workflow';

import { normalizeLead } from '../../engine/normalize';
import { runWorkflow, type WorkflowRun } from '../harness/runWorkflow';
import { payloadStream } from './generate';
import { mayRejectAsNotAnObject, issueProblems, prototypeChanges, snapshotPrototypes, unsafeParts } from './oracle';
import { historyRows, illegalAssignment, NOW, rosterRows } from './roster';

const BATCHES = Number(process.env.FUZZ_BATCHES ?? 6);
const BATCH_SIZE = 50;
const SEED = Number(process.env.FUZZ_SEED ?? 20261125) + 1;
const PACKAGE = 'n8n-nodes-lead-routing';
type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Nesting n8n can carry: items travel as JSON, and JSON.stringify recurses, so a 10,000-deep
 * payload cannot be an n8n item at all (the engine tier takes those); here they are 1,000 deep.
 */
const ITEM_DEPTH = 1_000;

/** An item's JSON as n8n would carry it: a payload that is not an object arrives as a webhook body. */
function asItem(payload: unknown, note: string): Record<string, unknown> {
	const json = isPlainObject(payload) ? payload : { headers: { 'content-type': 'application/json' }, params: {}, query: {}, body: payload };
	try {
		return JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
	} catch {
		const deep = `${'{"nested":'.repeat(ITEM_DEPTH)}"bottom"${'}'.repeat(ITEM_DEPTH)}`;
		return JSON.parse(`{"email": "deep@example.org", "state": "FL", "product": "auto", "note": ${JSON.stringify(note)}, "answers": ${deep}}`) as Record<string, unknown>;
	}
}

function chainWorkflow(leads: object[], onError: OnError): { nodes: INode[]; connections: IConnections } {
	const node = (name: string, type: string, parameters: Record<string, unknown>, x: number, y = 0): INode => ({
		id: name,
		name,
		type,
		typeVersion: 1,
		position: [x, y],
		parameters: parameters as INode['parameters'],
	});
	const ours = (name: string, type: string, parameters: Record<string, unknown>, x: number): INode => ({
		...node(name, `${PACKAGE}.${type}`, parameters, x),
		onError,
	});
	return {
		nodes: [
			node('Start', 'harness.start', {}, 0),
			node('Leads', 'harness.items', { items: JSON.stringify(leads) }, 200),
			node('Roster', 'harness.items', { items: JSON.stringify(rosterRows()) }, 200, 300),
			node('History', 'harness.items', { items: JSON.stringify(historyRows()) }, 200, 500),
			ours('Lead Normalize', 'leadNormalize', { options: { now: NOW } }, 400),
			ours('Lead Score', 'leadScore', { mode: 'rules', options: { asOf: NOW } }, 600),
			ours('License Check', 'licenseCheck', { asOf: NOW }, 800),
			ours('Lead Match', 'leadMatch', { strategy: 'roundRobin', afterHours: 'waitForNextOpen', options: { now: NOW } }, 1000),
		],
		connections: {
			Start: { main: [[{ node: 'Leads', type: 'main', index: 0 }, { node: 'Roster', type: 'main', index: 0 }, { node: 'History', type: 'main', index: 0 }]] },
			Leads: { main: [[{ node: 'Lead Normalize', type: 'main', index: 0 }]] },
			'Lead Normalize': { main: [[{ node: 'Lead Score', type: 'main', index: 0 }]] },
			'Lead Score': { main: [[{ node: 'License Check', type: 'main', index: 0 }]] },
			Roster: { main: [[{ node: 'License Check', type: 'main', index: 1 }, { node: 'Lead Match', type: 'main', index: 1 }]] },
			History: { main: [[{ node: 'Lead Match', type: 'main', index: 2 }]] },
			'License Check': { main: [[{ node: 'Lead Match', type: 'main', index: 0 }]] },
		},
	};
}

/** Items in = items out over all outputs, and each output item paired with the input it came from. */
function accounting(node: string, inputs: INodeExecutionData[], outputs: INodeExecutionData[][], same: (out: INodeExecutionData, input: INodeExecutionData) => string | null): string[] {
	const problems: string[] = [];
	const all = outputs.flat();
	if (all.length !== inputs.length) problems.push(`${node}: ${inputs.length} items in, ${all.length} out`);
	const seen = new Set<number>();
	for (const item of all) {
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem : [item.pairedItem];
		if (paired.length !== 1 || typeof paired[0] !== 'object' || paired[0] === null) {
			problems.push(`${node}: output item without a single pairedItem`);
			continue;
		}
		const index = (paired[0] as { item: number }).item;
		if (seen.has(index)) problems.push(`${node}: input ${index} came out twice`);
		seen.add(index);
		const input = inputs[index];
		if (!input) problems.push(`${node}: pairedItem ${index} points past the input`);
		else {
			const mismatch = same(item, input);
			if (mismatch) problems.push(`${node}: output paired with input ${index} ${mismatch}`);
		}
	}
	return problems;
}

const sameLead = (out: INodeExecutionData, input: INodeExecutionData) =>
	out.json.leadId === input.json.leadId && out.json.error === input.json.error ? null : `is lead ${String(out.json.leadId)}, input was ${String(input.json.leadId)}`;

function outputsOf(run: WorkflowRun, node: string): INodeExecutionData[][] | null {
	return run.run.data.resultData.runData[node] ? run.outputs(node) : null;
}

/** Everything this test asserts about one run of one batch. */
function checkRun(run: WorkflowRun, leads: Array<Record<string, unknown>>, onError: OnError): string[] {
	const problems: string[] = [];
	const rejectable = leads.map((json) => mayRejectAsNotAnObject(json));
	const normalized = outputsOf(run, 'Lead Normalize');

	if (onError === 'stopWorkflow' && rejectable.some(Boolean)) {
		// The first payload that is not an object stops the run, with an error naming that item.
		const message = run.error?.message ?? '';
		const named = /Item (\d+)/.exec(message);
		if (!named) return [`run did not stop with an item error: ${message || 'no error'}`];
		if (!rejectable[Number(named[1])]) problems.push(`stopped on item ${named[1]}, which is an object payload: ${message}`);
		return problems;
	}
	if (run.error) return [`run failed: ${run.error.message}`];
	if (!normalized) return ['Lead Normalize did not run'];

	problems.push(
		...accounting('Lead Normalize', leads.map((json) => ({ json })) as INodeExecutionData[], normalized, (out, input) => {
			if ('error' in out.json && !('leadId' in out.json)) return mayRejectAsNotAnObject(input.json) ? null : `is an error for an object payload: ${String(out.json.error)}`;
			const expected = normalizeLead(input.json, { now: new Date(NOW) }).lead.leadId;
			return out.json.leadId === expected ? null : `is lead ${String(out.json.leadId)}, expected ${expected}`;
		}),
	);
	// An item that could not be read at all (Continue On Fail, regular output) is an error item on
	// Invalid, never on Valid; every other Invalid item says what is wrong with the lead.
	for (const item of normalized[0]) if ('error' in item.json && !('leadId' in item.json)) problems.push(`Valid carries an error item: ${String(item.json.error)}`);
	for (const item of normalized[1] ?? []) {
		if ('error' in item.json && !('leadId' in item.json)) continue;
		problems.push(...issueProblems(item.json.errors).map((p) => `Invalid: ${p}`));
	}
	// Valid and Invalid only: n8n itself puts the failed input item back on the error output.
	for (const item of [...normalized[0], ...(normalized[1] ?? [])]) {
		problems.push(...unsafeParts(item.json).map((p) => `Lead Normalize output carries ${p}`));
	}
	if (onError === 'continueErrorOutput') {
		const errorItems = normalized[2] ?? [];
		for (const item of errorItems) {
			const details = item.json.details as { field?: string; code?: string } | undefined;
			if (!details?.field || !details.code) problems.push(`error output item without details.field/code: ${JSON.stringify(item.json).slice(0, 120)}`);
		}
	}

	const scored = outputsOf(run, 'Lead Score');
	const checked = outputsOf(run, 'License Check');
	const matched = outputsOf(run, 'Lead Match');
	if (normalized[0].length > 0 && !scored) problems.push('Lead Score did not run');
	if (scored) problems.push(...accounting('Lead Score', normalized[0], scored, sameLead));
	if (scored && scored[0].length > 0 && !checked) problems.push('License Check did not run');
	if (scored && checked) problems.push(...accounting('License Check', scored[0], checked, sameLead));
	if (checked && checked[0].length > 0 && !matched) problems.push('Lead Match did not run');
	if (checked && matched) {
		problems.push(...accounting('Lead Match', checked[0], matched, sameLead));
		for (const item of matched[0]) {
			const assignment = item.json.assignment as { agentId?: string } | undefined;
			if (!assignment?.agentId) continue;
			const eligibility = item.json.eligibility as { eligibleAgentIds?: string[] } | undefined;
			if (!eligibility?.eligibleAgentIds?.includes(assignment.agentId)) problems.push(`Lead Match assigned ${assignment.agentId} outside eligibleAgentIds`);
			const illegal = illegalAssignment(assignment.agentId, item.json as never);
			if (illegal) problems.push(`Lead Match assigned ${assignment.agentId}: ${illegal}`);
		}
	}
	return problems;
}

describe('fuzz: workflow chain through WorkflowExecute', () => {
	const before = snapshotPrototypes();
	let assigned = 0;
	const batches: Array<Array<Record<string, unknown>>> = [];
	for (let batch = 0; batch < BATCHES; batch++) {
		batches.push([...payloadStream(SEED, BATCH_SIZE, batch * BATCH_SIZE)].map((fuzz) => asItem(fuzz.payload, fuzz.note)));
	}

	const cases: Array<[OnError, number]> = [];
	for (const onError of ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'] as OnError[]) {
		for (let batch = 0; batch < BATCHES; batch++) cases.push([onError, batch]);
	}

	it.each(cases)('On Error %s, batch %i: every item accounted for, nothing unlicensed', async (onError, batch) => {
		const leads = batches[batch];
		const run = await runWorkflow(chainWorkflow(leads, onError));
		expect(checkRun(run, leads, onError)).toEqual([]);
		if (onError === 'stopWorkflow') {
			// Without the payloads that must stop it, the same batch runs the whole chain.
			const objects = leads.filter((json) => !mayRejectAsNotAnObject(json));
			const rerun = await runWorkflow(chainWorkflow(objects, onError));
			expect(checkRun(rerun, objects, onError)).toEqual([]);
			assigned += rerun.outputs('Lead Match')[0].length;
		} else assigned += run.run.data.resultData.runData['Lead Match'] ? run.outputs('Lead Match')[0].length : 0;
	}, 120_000);

	it('reached Lead Match and assigned leads (the fuzz is not stopped early)', () => {
		expect(assigned).toBeGreaterThan(0);
	});

	it('left every built-in prototype as it was', () => {
		expect(prototypeChanges(before)).toEqual([]);
	});
});
