/**
 * The node types the in-process harness knows: this package's nodes, loaded from source under the
 * same type names users see (`n8n-nodes-lead-routing.<name>`), plus two tiny source nodes that only
 * exist in tests (they put fixture items on a connection, as a Webhook or Data Table node would).
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';

import { InputError } from '../../engine/types';
import { routeEachItem } from '../../nodes/shared/items';

export const PACKAGE_NAME = 'n8n-nodes-lead-routing';

/** Starts a test run: one empty item, like n8n's Manual Trigger. */
class HarnessStart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: 'harness.start',
		group: ['trigger'],
		version: 1,
		description: 'Starts an in-process test run',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

/** Emits the items in its `items` parameter (a JSON array), ignoring its input. */
class HarnessItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Items',
		name: 'harness.items',
		group: ['input'],
		version: 1,
		description: 'Emits fixture items',
		usableAsTool: true,
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

/**
 * Exercises nodes/shared/items.ts the way our nodes use it: two outputs ("Even", "Odd" by the
 * item's `n`), and an InputError for an item without a numeric `n`.
 */
class HarnessRouteByParity implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Route By Parity',
		name: 'harness.routeByParity',
		group: ['transform'],
		version: 1,
		description: 'Test node for the shared per-item contract',
		usableAsTool: true,
		defaults: { name: 'Parity' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Even', 'Odd'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return routeEachItem(this, this.getInputData(), 2, (item) => {
			const n = item.json.n;
			if (typeof n !== 'number') throw new InputError('n', 'notANumber', 'must be a number');
			return { output: n % 2 === 0 ? 0 : 1, json: { ...item.json } };
		});
	}
}

function loadPackageNodes(): Record<string, INodeType | IVersionedNodeType> {
	const root = join(__dirname, '..', '..', 'nodes');
	const types: Record<string, INodeType | IVersionedNodeType> = {};
	for (const folder of readdirSync(root)) {
		const file = join(root, folder, `${folder}.node.ts`);
		if (!existsSync(file)) continue;
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(file) as Record<string, new () => INodeType | IVersionedNodeType>;
		const instance = new exported[folder]();
		types[`${PACKAGE_NAME}.${instance.description.name}`] = instance;
	}
	return types;
}

let cached: Record<string, INodeType | IVersionedNodeType> | undefined;

export function allNodeTypes(): Record<string, INodeType | IVersionedNodeType> {
	cached ??= {
		'harness.start': new HarnessStart(),
		'harness.items': new HarnessItems(),
		'harness.routeByParity': new HarnessRouteByParity(),
		...loadPackageNodes(),
	};
	return cached;
}

export const nodeTypes: INodeTypes = {
	getByName(type) {
		const found = allNodeTypes()[type];
		if (!found) throw new Error(`Unknown node type in test workflow: ${type}`);
		return found;
	},
	getByNameAndVersion(type, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	},
	getKnownTypes() {
		return {};
	},
};
