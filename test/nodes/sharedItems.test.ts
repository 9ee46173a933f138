/**
 * The per-item contract (nodes/shared/items.ts) inside the real n8n engine: pairedItem, items in =
 * items out, an error naming the item and the field, Continue On Fail and the error output.
 */
import { runNode } from '../harness/runWorkflow';

const items = [{ n: 2 }, { n: 3 }, { n: 'x' }, { n: 4 }];

describe('shared per-item contract through WorkflowExecute', () => {
	it('routes items to outputs with pairedItem pointing at the input item', async () => {
		const { nodeOutputs, error } = await runNode({ type: 'harness.routeByParity', inputs: [[{ n: 1 }, { n: 2 }]] });
		expect(error).toBeUndefined();
		expect(nodeOutputs[0].map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(nodeOutputs[1].map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
	});

	it('stops with an error that names the item and the field', async () => {
		const { error } = await runNode({ type: 'harness.routeByParity', inputs: [items] });
		expect(error?.message).toBe('Item 2: field "n" must be a number');
	});

	it('keeps every item with Continue On Fail (regular output)', async () => {
		const { nodeOutputs, error } = await runNode({
			type: 'harness.routeByParity',
			inputs: [items],
			onError: 'continueRegularOutput',
		});
		expect(error).toBeUndefined();
		const all = nodeOutputs.flat();
		expect(all).toHaveLength(items.length);
		const failed = all.find((i) => i.json.error);
		expect(failed?.json).toMatchObject({ details: { field: 'n', code: 'notANumber' } });
		expect(failed?.pairedItem).toEqual({ item: 2 });
	});

	it('moves failed items to the error output when the user chose it', async () => {
		const { nodeOutputs, error } = await runNode({
			type: 'harness.routeByParity',
			inputs: [items],
			onError: 'continueErrorOutput',
		});
		expect(error).toBeUndefined();
		expect(nodeOutputs).toHaveLength(3);
		expect(nodeOutputs[0].map((i) => i.json.n)).toEqual([2, 4]);
		expect(nodeOutputs[1].map((i) => i.json.n)).toEqual([3]);
		expect(nodeOutputs[2].map((i) => i.pairedItem)).toEqual([{ item: 2 }]);
		expect(nodeOutputs.flat()).toHaveLength(items.length);
	});
});
