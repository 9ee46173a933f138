/**
 * The learner's close-rate estimates fitted jointly: log p(win) = the team's rate for the segment
 * (product, channel, state) + how the agent differs overall + by product + by product x channel +
 * by state, each difference pulled toward 0 as far as that level really varies (LevelSpreads).
 *
 * Why jointly: the learner's own routing makes each agent's mix of leads lopsided (the best
 * referral closer gets the referrals), so a tally of one agent's leads mixes their skill with the
 * leads they were given. Estimating one level at a time from its raw tally (the chain in
 * posterior.ts) credits an agent fed referral leads with a skill that was the channel's, and an
 * agent kept on hard leads with a weakness that was the leads'. Fitted together, each difference is
 * measured against what the rest of the model already expects for that agent's leads.
 *
 * The fit is a penalised maximum likelihood (the posterior mode with normal priors on the log
 * scale): Bernoulli outcomes with a log link, so differences multiply rates, as lifts do. It reads
 * only the per-cell tallies (agent x product x channel x state), which a stored model keeps, and
 * takes a few milliseconds for thousands of outcomes.
 */
import type { Segment } from './outcomes';
import type { LevelSpreads, PosteriorTables, Tally } from './posterior';

/** The team's levels: products and channels differ a lot (weak priors); segments within them little. */
const TEAM_SPREADS = { product: 1, channel: 1, productChannel: 0.5 };

/** Highest rate the fit lets a cell reach: a log-link rate must stay below 1. */
const MAX_RATE = 0.97;
/**
 * Backfitting moves nested levels slowly (a product's rate and its agents' differences trade off),
 * so it runs until no value moves by more than TOLERANCE, at most MAX_SWEEPS times.
 */
const MAX_SWEEPS = 400;
const TOLERANCE = 1e-4;

interface Cell {
	wins: number;
	total: number;
	/** Index of this cell's group in each effect, in EFFECTS order. */
	groups: number[];
	eta: number;
}

interface Effect {
	name: string;
	key: (agentId: string, segment: Segment) => string;
	spread: (spreads: LevelSpreads) => number;
	/** Part of how the agent differs (what exploration is uncertain about), not the team's rate. */
	agentLevel: boolean;
}

const EFFECTS: Effect[] = [
	{ name: 'product', key: (_, s) => s.product, spread: () => TEAM_SPREADS.product, agentLevel: false },
	{ name: 'channel', key: (_, s) => s.channel, spread: () => TEAM_SPREADS.channel, agentLevel: false },
	{ name: 'productChannel', key: (_, s) => `${s.product}|${s.channel}`, spread: () => TEAM_SPREADS.productChannel, agentLevel: false },
	{ name: 'segment', key: (_, s) => `${s.product}|${s.channel}|${s.state}`, spread: (spreads) => spreads.state, agentLevel: false },
	{ name: 'agent', key: (a) => a, spread: (spreads) => spreads.agent, agentLevel: true },
	{ name: 'agentProduct', key: (a, s) => `${a}|${s.product}`, spread: (spreads) => spreads.agentProduct, agentLevel: true },
	{ name: 'agentProductChannel', key: (a, s) => `${a}|${s.product}|${s.channel}`, spread: (spreads) => spreads.agentProductChannel, agentLevel: true },
	{ name: 'cell', key: (a, s) => `${a}|${s.product}|${s.channel}|${s.state}`, spread: (spreads) => spreads.state, agentLevel: true },
];

interface FittedEffect {
	index: Map<string, number>;
	values: number[];
	/** Each value's variance given the others (1 / (Fisher information + prior precision)). */
	variances: number[];
	spread: number;
}

export interface JointFit {
	intercept: number;
	effects: FittedEffect[];
}

/** An estimate from the fit: the rate, and the variance of its log on the agent's levels. */
export interface JointEstimate {
	rate: number;
	/** The rate without the agent's own cell (state) difference: what the cell is compared with. */
	priorRate: number;
	logVariance: number;
}

/** Reads the cell tallies: keys `aps|agent|product|channel|state` (agent ids may hold '|'). */
function cellsOf(tables: PosteriorTables): Array<{ agentId: string; segment: Segment; tally: Tally }> {
	const cells: Array<{ agentId: string; segment: Segment; tally: Tally }> = [];
	for (const [key, tally] of Object.entries(tables.tallies)) {
		if (!key.startsWith('aps|') || !(tally.total > 0)) continue;
		const parts = key.slice(4).split('|');
		if (parts.length < 4) continue;
		const [product, channel, state] = parts.slice(-3);
		cells.push({ agentId: parts.slice(0, -3).join('|'), segment: { product, channel, state }, tally });
	}
	return cells;
}

const rateOf = (eta: number) => Math.min(MAX_RATE, Math.exp(eta));

/** d log-likelihood / d eta and its negative second derivative for a cell (Bernoulli, log link). */
function cellSlope(cell: Cell): { gradient: number; information: number } {
	const p = rateOf(cell.eta);
	const losses = cell.total - cell.wins;
	return {
		gradient: cell.wins - (losses * p) / (1 - p),
		// Expected information n p / (1 - p): stable where the observed one is not (all wins or none).
		information: (cell.total * p) / (1 - p),
	};
}

export function fitJointly(tables: PosteriorTables, spreads: LevelSpreads): JointFit {
	const teamRate = (tables.wins + 1) / (tables.outcomes + 2);
	const intercept = Math.log(Math.min(MAX_RATE, teamRate));
	const effects: FittedEffect[] = EFFECTS.map((effect) => ({ index: new Map(), values: [], variances: [], spread: effect.spread(spreads) }));
	const cells: Cell[] = cellsOf(tables).map(({ agentId, segment, tally }) => ({
		wins: tally.wins,
		total: tally.total,
		eta: intercept,
		groups: EFFECTS.map((effect, e) => {
			const key = effect.key(agentId, segment);
			const fitted = effects[e];
			let index = fitted.index.get(key);
			if (index === undefined) {
				index = fitted.values.length;
				fitted.index.set(key, index);
				fitted.values.push(0);
				fitted.variances.push(fitted.spread ** 2);
			}
			return index;
		}),
	}));
	const members = effects.map((fitted, e) => {
		const lists: Cell[][] = fitted.values.map(() => []);
		for (const cell of cells) lists[cell.groups[e]].push(cell);
		return lists;
	});

	// Backfitting: one Newton step per group and sweep, each group against the others' current values.
	for (let sweep = 0, largest = Infinity; sweep < MAX_SWEEPS && largest > TOLERANCE; sweep++) {
		largest = 0;
		effects.forEach((fitted, e) => {
			const precision = 1 / Math.max(fitted.spread, 1e-3) ** 2;
			members[e].forEach((groupCells, g) => {
				let gradient = -fitted.values[g] * precision;
				let information = precision;
				for (const cell of groupCells) {
					const slope = cellSlope(cell);
					gradient += slope.gradient;
					information += slope.information;
				}
				const step = Math.max(-1, Math.min(1, gradient / information));
				largest = Math.max(largest, Math.abs(step));
				fitted.values[g] += step;
				fitted.variances[g] = 1 / information;
				for (const cell of groupCells) cell.eta += step;
			});
		});
	}
	return { intercept, effects };
}

/** The fit's estimate for an agent and segment; levels the fit has not seen count as 0 with their prior spread. */
export function jointEstimate(fit: JointFit, agentId: string, segment: Segment): JointEstimate {
	let eta = fit.intercept;
	let cellValue = 0;
	let logVariance = 0;
	EFFECTS.forEach((effect, e) => {
		const fitted = fit.effects[e];
		const index = fitted.index.get(effect.key(agentId, segment));
		const value = index === undefined ? 0 : fitted.values[index];
		eta += value;
		if (effect.name === 'cell') cellValue = value;
		if (effect.agentLevel) logVariance += index === undefined ? fitted.spread ** 2 : fitted.variances[index];
	});
	return { rate: rateOf(eta), priorRate: rateOf(eta - cellValue), logVariance };
}

const fits = new WeakMap<PosteriorTables, { spreads: LevelSpreads; fit: JointFit }>();

/** The fit of these tallies, made once per tables object (a model's tables never change). */
export function jointFitOf(tables: PosteriorTables, spreads: LevelSpreads): JointFit {
	const known = fits.get(tables);
	if (known && known.spreads === spreads) return known.fit;
	const fit = fitJointly(tables, spreads);
	fits.set(tables, { spreads, fit });
	return fit;
}
