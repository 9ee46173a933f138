/**
 * Learning examples as columns, for the forest worker: each category name once, rows as indexes
 * into it. Copying 20,000 example objects into a worker (structured clone) blocked the main thread
 * for 30-50 ms; typed arrays are moved, not copied. Nothing is left out (lead ids and timestamps
 * travel as plain string arrays), so the worker learns from exactly the examples it was given.
 */
import type { LearningExample } from './outcomes';

export interface PackedExamples {
	names: string[];
	agents: Uint32Array;
	products: Uint32Array;
	channels: Uint32Array;
	states: Uint32Array;
	/** NaN where the example has no score. */
	scores: Float64Array;
	won: Uint8Array;
	leadIds: string[];
	ats: string[];
}

export function packExamples(examples: LearningExample[]): PackedExamples {
	const names: string[] = [];
	const indexes = new Map<string, number>();
	const indexOf = (name: string) => {
		let index = indexes.get(name);
		if (index === undefined) {
			index = names.push(name) - 1;
			indexes.set(name, index);
		}
		return index;
	};
	const packed: PackedExamples = {
		names,
		agents: new Uint32Array(examples.length),
		products: new Uint32Array(examples.length),
		channels: new Uint32Array(examples.length),
		states: new Uint32Array(examples.length),
		scores: new Float64Array(examples.length),
		won: new Uint8Array(examples.length),
		leadIds: new Array<string>(examples.length),
		ats: new Array<string>(examples.length),
	};
	examples.forEach((example, row) => {
		packed.agents[row] = indexOf(example.agentId);
		packed.products[row] = indexOf(example.product);
		packed.channels[row] = indexOf(example.channel);
		packed.states[row] = indexOf(example.state);
		packed.scores[row] = example.score ?? NaN;
		packed.won[row] = example.won ? 1 : 0;
		packed.leadIds[row] = example.leadId;
		packed.ats[row] = example.at;
	});
	return packed;
}

/** The typed arrays' memory, to move (not copy) into the worker. */
export function packedBuffers(packed: PackedExamples): ArrayBuffer[] {
	return [packed.agents, packed.products, packed.channels, packed.states, packed.scores, packed.won].map((column) => column.buffer as ArrayBuffer);
}

export function unpackExamples(packed: PackedExamples): LearningExample[] {
	const { names } = packed;
	return Array.from(packed.won, (won, row) => ({
		leadId: packed.leadIds[row],
		agentId: names[packed.agents[row]],
		product: names[packed.products[row]],
		channel: names[packed.channels[row]],
		state: names[packed.states[row]],
		score: Number.isNaN(packed.scores[row]) ? null : packed.scores[row],
		won: won === 1,
		at: packed.ats[row],
	}));
}
