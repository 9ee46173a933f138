/**
 * Runs workflow JSON in-process through n8n-core's WorkflowExecute: real parameter resolution,
 * expressions, pairedItem bookkeeping, Continue On Fail and error outputs, exactly as n8n runs a
 * workflow, minus the server. n8n's own harness is not published; this is the small public-API one.
 */
import { readFileSync } from 'node:fs';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { nodeTypes } from './nodeTypes';

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IDataObject;
}

export interface WorkflowRun {
	run: IRun;
	/** Output items of a node's first run, per output index (error output last, when enabled). */
	outputs(nodeName: string): INodeExecutionData[][];
	/** The error that stopped the run, if any. */
	error: Error | undefined;
}

function additionalDataFor(workflowData: IWorkflowBase): IWorkflowExecuteAdditionalData {
	const hooks = new ExecutionLifecycleHooks('manual', 'harness-execution', workflowData);
	return {
		hooks,
		credentialsHelper: {
			getParentTypes: () => [],
			authenticate: async (_credentials: unknown, _type: unknown, options: unknown) => options,
			preAuthentication: async () => undefined,
			getCredentials: async () => {
				throw new Error('credentials are not available in the in-process harness');
			},
			getDecrypted: async (_data: unknown, nodeCredentials: { id?: string | null }) =>
				harnessCredentials[nodeCredentials.id ?? ''] ?? {},
			updateCredentials: async () => undefined,
			updateCredentialsOauthTokenData: async () => undefined,
			getCredentialsProperties: () => [],
			isCredentialUsableByNode: () => true,
		},
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not available in the in-process harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		userId: 'harness-user',
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Credential data by credential id, for nodes that need a credential (tests set it). */
export const harnessCredentials: Record<string, IDataObject> = {};

export async function runWorkflow(json: WorkflowJson, startNode = 'Start'): Promise<WorkflowRun> {
	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: json.name ?? 'harness',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(0),
		updatedAt: new Date(0),
		nodes: json.nodes,
		connections: json.connections,
		settings: { executionOrder: 'v1', ...(json.settings ?? {}) },
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes,
		staticData: {},
		settings: workflowData.settings,
	});
	const executor = new WorkflowExecute(additionalDataFor(workflowData), 'manual');
	const run = await executor.run({ workflow, startNode: workflow.getNode(startNode) ?? undefined });
	const error = run.data.resultData.error as Error | undefined;
	return {
		run,
		error,
		outputs(nodeName: string) {
			const task = run.data.resultData.runData[nodeName]?.[0];
			if (!task) throw new Error(`node "${nodeName}" did not run${error ? `: ${error.message}` : ''}`);
			return (task.data?.main ?? []).map((items) => items ?? []);
		},
	};
}

export async function runWorkflowFile(path: string, startNode = 'Start'): Promise<WorkflowRun> {
	return await runWorkflow(JSON.parse(readFileSync(path, 'utf8')) as WorkflowJson, startNode);
}

export interface SingleNodeRun {
	type: string;
	parameters?: IDataObject;
	typeVersion?: number;
	/** Items for each input, in input order (e.g. [leads, agents, history]); any JSON objects. */
	inputs: object[][];
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	credentials?: INode['credentials'];
	/** Workflow settings (e.g. `timezone`). */
	settings?: IDataObject;
}

/**
 * Builds the smallest workflow around one node: Start -> one source node per input -> the node.
 * Returns the node's outputs; an empty input list still gets a source, so multi-input nodes run.
 */
export async function runNode(spec: SingleNodeRun): Promise<WorkflowRun & { nodeOutputs: INodeExecutionData[][] }> {
	const nodeName = 'Under Test';
	const nodes: INode[] = [
		{ id: 'start', name: 'Start', type: 'harness.start', typeVersion: 1, position: [0, 0], parameters: {} },
	];
	const connections: IConnections = { Start: { main: [[]] } };
	spec.inputs.forEach((items, index) => {
		const source = `Input ${index}`;
		nodes.push({
			id: `input-${index}`,
			name: source,
			type: 'harness.items',
			typeVersion: 1,
			position: [200, index * 200],
			parameters: { items: JSON.stringify(items) },
		});
		connections.Start.main[0]!.push({ node: source, type: 'main', index: 0 });
		connections[source] = { main: [[{ node: nodeName, type: 'main', index }]] };
	});
	nodes.push({
		id: 'under-test',
		name: nodeName,
		type: spec.type,
		typeVersion: spec.typeVersion ?? 1,
		position: [400, 0],
		parameters: (spec.parameters ?? {}) as INode['parameters'],
		onError: spec.onError,
		credentials: spec.credentials,
	});
	const result = await runWorkflow({ nodes, connections, settings: spec.settings });
	let nodeOutputs: INodeExecutionData[][] = [];
	try {
		nodeOutputs = result.outputs(nodeName);
	} catch {
		// the node failed before producing output: callers inspect `error`
	}
	return { ...result, nodeOutputs };
}
