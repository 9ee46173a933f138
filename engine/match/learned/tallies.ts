/**
 * The learner's tallies: wins and outcomes per level of the hierarchy (agent, product, product x
 * channel, segment, agent x product, agent x product x channel, agent x segment), counted once per
 * model. What the estimates (posterior.ts, skillGrid.ts) and Train Model's stored model are made of.
 */
import type { LearningExample, Segment } from './outcomes';

export interface Tally {
	wins: number;
	total: number;
}

export interface PosteriorTables {
	/** Tallies by level key (see cellKeys). */
	tallies: Record<string, Tally>;
	outcomes: number;
	wins: number;
}

/** The key of each level's tally: the one place that spells them (the chain and the skill grid read them). */
export const LEVELS = {
	agent: (a: string) => `a|${a}`,
	product: (s: Segment) => `p|${s.product}`,
	productChannel: (s: Pick<Segment, 'product' | 'channel'>) => `pc|${s.product}|${s.channel}`,
	segment: (s: Segment) => `s|${s.product}|${s.channel}|${s.state}`,
	agentProduct: (a: string, s: Segment) => `ap|${a}|${s.product}`,
	agentProductChannel: (a: string, s: Pick<Segment, 'product' | 'channel'>) => `apc|${a}|${s.product}|${s.channel}`,
	cell: (a: string, s: Segment) => `aps|${a}|${s.product}|${s.channel}|${s.state}`,
};

function cellKeys(agentId: string, segment: Segment): string[] {
	return [
		LEVELS.agent(agentId),
		LEVELS.product(segment),
		LEVELS.productChannel(segment),
		LEVELS.segment(segment),
		LEVELS.agentProduct(agentId, segment),
		LEVELS.agentProductChannel(agentId, segment),
		LEVELS.cell(agentId, segment),
	];
}

export function tallyOutcomes(examples: LearningExample[]): PosteriorTables {
	return addToTallies({ tallies: {}, outcomes: 0, wins: 0 }, examples);
}

/** `tables` with `examples` counted in too (tables is updated in place and returned). */
export function addToTallies(tables: PosteriorTables, examples: LearningExample[]): PosteriorTables {
	for (const example of examples) {
		if (example.won) tables.wins++;
		for (const key of cellKeys(example.agentId, example)) {
			const tally = (tables.tallies[key] ??= { wins: 0, total: 0 });
			tally.total++;
			if (example.won) tally.wins++;
		}
	}
	tables.outcomes += examples.length;
	return tables;
}

/**
 * A copy of `tables` with `examples` (which it counted) taken out again: the tallies as of an
 * earlier point of History, for the price of the outcomes since rather than of all of them.
 * Levels left with no outcomes are dropped, as if never counted.
 */
export function withoutOutcomes(tables: PosteriorTables, examples: LearningExample[]): PosteriorTables {
	const tallies: Record<string, Tally> = {};
	for (const [key, tally] of Object.entries(tables.tallies)) tallies[key] = { ...tally };
	let wins = tables.wins;
	for (const example of examples) {
		if (example.won) wins--;
		for (const key of cellKeys(example.agentId, example)) {
			const tally = tallies[key];
			if (!tally) continue;
			tally.total--;
			if (example.won) tally.wins--;
			if (tally.total <= 0) delete tallies[key];
		}
	}
	return { tallies, outcomes: tables.outcomes - examples.length, wins };
}

/** An agent's own record in a product and channel (every state): what their estimate there rests on. */
export function agentChannelRecord(tables: PosteriorTables, agentId: string, segment: Pick<Segment, 'product' | 'channel'>): Tally {
	return tables.tallies[LEVELS.agentProductChannel(agentId, segment)] ?? { wins: 0, total: 0 };
}

/** Every agent with an outcome in the tallies. */
export function talliedAgents(tables: PosteriorTables): string[] {
	const prefix = LEVELS.agent('');
	return Object.keys(tables.tallies)
		.filter((key) => key.startsWith(prefix))
		.map((key) => key.slice(prefix.length));
}

/** Every product and channel the team has outcomes in, with the team's tally there. */
export function talliedProductChannels(tables: PosteriorTables): Array<{ product: string; channel: string; tally: Tally }> {
	const found = [];
	for (const [key, tally] of Object.entries(tables.tallies)) {
		const parts = key.split('|');
		// A product or channel spelled with the separator cannot be told apart from the key: left out.
		if (parts.length !== 3 || key !== LEVELS.productChannel({ product: parts[1], channel: parts[2] }) || tally.total <= 0) continue;
		found.push({ product: parts[1], channel: parts[2], tally });
	}
	return found;
}
