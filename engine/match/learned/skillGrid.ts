/**
 * Each agent's close rate by product and channel, estimated for all their records at once by
 * integrating over a log-normal hierarchy of skills:
 *
 *   p(agent, product, channel) = base(product, channel) x exp(sa A + sp B[product] + sc C[product, channel])
 *
 * A, B and C are standard normal: the agent's overall skill, their skill in a product beyond that,
 * and in a channel of the product beyond that; sa, sp and sc are the level spreads (LevelSpreads).
 * Each estimate is the posterior mean (and variance) of the rate given every win and loss the agent
 * has, integrated numerically on a grid: exact under that prior, not a chain of one-level shrinkages.
 *
 * Why not the chain alone (posterior.ts): it compares an agent's overall record with the team's and
 * their record in a product with the product's, so an agent the learner fed mostly referrals (which
 * close more) looks better everywhere, and an agent unlucky in a product's first few leads is judged
 * on that record far more than on what their other products say about them. Here a win counts
 * against the rate expected for that lead's product and channel, and every level is weighed by how
 * sure the rest of the record makes it. On the simulator's 60 teams this lifted the share of the
 * oracle's lift the learner captures from 90.4% to 91.7% on average and its lowest team from 69.3% to
 * 75.1% (BENCHMARKS.md, session 14).
 *
 * The base rates are those of an agent with A = B = C = 0, found from the team's records corrected
 * for who worked the leads (a couple of rounds that make each product and channel's expected wins
 * match its wins). States are left to the chain's last level: agents barely differ by state once
 * product and channel are known.
 */
import { stableHash } from '../../hash';
import { LruCache } from '../../lruCache';
import type { LevelSpreads } from './posterior';
import type { PosteriorTables } from './tallies';
import { agentChannelRecord, talliedAgents, talliedProductChannels } from './tallies';

/** Posterior mean and variance of one agent's close rate in one product and channel. */
export interface CellMoments {
	mean: number;
	variance: number;
}

export interface SkillEstimates {
	/** By agent id, then `product|channel`: every product and channel the team has outcomes in. */
	byAgent: Map<string, Map<string, CellMoments>>;
	/** An agent with no outcomes yet: the team's average estimate, as uncertain as agents differ. */
	newAgent: Map<string, CellMoments>;
}

const cellKey = (product: string, channel: string) => `${product}|${channel}`;

/** One agent's estimate in a product and channel; undefined where the team has no outcomes there. */
export function skillMoments(skills: SkillEstimates, agentId: string, product: string, channel: string): CellMoments | undefined {
	const key = cellKey(product, channel);
	return (skills.byAgent.get(agentId) ?? skills.newAgent).get(key);
}

const MIN_RATE = 0.01;
const MAX_RATE = 0.99;
const LOG_MIN = Math.log(MIN_RATE);
const LOG_MAX = Math.log(MAX_RATE);

function logSumExp(values: ArrayLike<number>): number {
	let max = -Infinity;
	for (let index = 0; index < values.length; index++) if (values[index] > max) max = values[index];
	if (max === -Infinity) return -Infinity;
	let sum = 0;
	for (let index = 0; index < values.length; index++) sum += Math.exp(values[index] - max);
	return max + Math.log(sum);
}

/** Points of a standard normal over [-reach, reach] and their log weights (summing to 1). */
function normalGrid(points: number, reach: number): { z: number[]; logWeight: number[] } {
	const z = Array.from({ length: points }, (_, index) => -reach + (2 * reach * index) / (points - 1));
	const total = logSumExp(z.map((value) => -0.5 * value * value));
	return { z, logWeight: z.map((value) => -0.5 * value * value - total) };
}

// Wide enough for an agent with no record (the prior), fine enough for one with hundreds of
// outcomes in a level (a posterior a third as wide as the prior still spans about 10 points).
const AGENT_GRID = normalGrid(49, 4.5);
const PRODUCT_GRID = normalGrid(33, 4.5);
/** Step of the tabulated cell curves, in log lift (2% of a rate); the channel level is integrated on the same step. */
const LIFT_STEP = 0.02;
/** The channel level is integrated over this many of its standard deviations each side. */
const CHANNEL_REACH = 4;
/** A log likelihood this far below a cell's best stands for zero without turning into -Infinity. */
const NEGLIGIBLE = 1000;

interface Cell {
	product: string;
	channel: string;
	wins: number;
	total: number;
	base: number;
}

/**
 * A cell's record as a function of the agent's log lift from their overall and product skill
 * (s = sa A + sp B), with the channel level integrated out: the log likelihood of the record and the
 * posterior mean of p and of p squared given s. Tabulated once per cell on a fine grid of s, so the
 * integral over A and B only interpolates. The channel level is a Gaussian smoothing of the
 * record's likelihood along the same grid (nodes a step apart): multiply-adds, where evaluating the
 * likelihood at every channel node of every point took seconds per model.
 */
interface CellCurve {
	logLikelihood: Float64Array;
	mean: Float64Array;
	meanSquare: Float64Array;
}

interface LiftAxis {
	from: number;
	points: number;
}

/** Log lifts k x LIFT_STEP for |k| <= reach, weighted by the channel level's normal density. */
function channelKernel(channelSpread: number): { reach: number; weights: Float64Array } {
	const reach = Math.max(1, Math.ceil((CHANNEL_REACH * channelSpread) / LIFT_STEP));
	const weights = new Float64Array(2 * reach + 1);
	let total = 0;
	for (let k = -reach; k <= reach; k++) {
		const z = (k * LIFT_STEP) / Math.max(channelSpread, 1e-9);
		weights[k + reach] = Math.exp(-0.5 * z * z);
		total += weights[k + reach];
	}
	for (let index = 0; index < weights.length; index++) weights[index] /= total;
	return { reach, weights };
}

function cellCurve(cell: Cell, axis: LiftAxis, kernel: { reach: number; weights: Float64Array }): CellCurve {
	const logBase = Math.log(cell.base);
	const losses = cell.total - cell.wins;
	// The record's likelihood (relative to its best) and the rate along the grid widened by the kernel.
	const width = axis.points + 2 * kernel.reach;
	const rates = new Float64Array(width);
	const logs = new Float64Array(width);
	let best = -Infinity;
	for (let index = 0; index < width; index++) {
		const logRate = Math.min(LOG_MAX, Math.max(LOG_MIN, logBase + axis.from + (index - kernel.reach) * LIFT_STEP));
		rates[index] = Math.exp(logRate);
		logs[index] = cell.total > 0 ? cell.wins * logRate + losses * Math.log1p(-rates[index]) : 0;
		if (logs[index] > best) best = logs[index];
	}
	const likelihood = logs.map((value) => Math.exp(value - best));
	const logLikelihood = new Float64Array(axis.points);
	const mean = new Float64Array(axis.points);
	const meanSquare = new Float64Array(axis.points);
	for (let index = 0; index < axis.points; index++) {
		let total = 0;
		let first = 0;
		let second = 0;
		for (let k = 0; k < kernel.weights.length; k++) {
			const weight = kernel.weights[k] * likelihood[index + k];
			const rate = rates[index + k];
			total += weight;
			first += weight * rate;
			second += weight * rate * rate;
		}
		logLikelihood[index] = total > 0 ? best + Math.log(total) : best - NEGLIGIBLE;
		mean[index] = total > 0 ? first / total : rates[index + kernel.reach];
		meanSquare[index] = total > 0 ? second / total : rates[index + kernel.reach] ** 2;
	}
	return { logLikelihood, mean, meanSquare };
}

/** Linear interpolation of a tabulated curve at log lift s. */
function curveAt(curve: Float64Array, axis: LiftAxis, s: number): number {
	const position = Math.min(Math.max((s - axis.from) / LIFT_STEP, 0), axis.points - 1);
	const low = Math.floor(position);
	const high = Math.min(low + 1, axis.points - 1);
	return curve[low] + (curve[high] - curve[low]) * (position - low);
}

/** One agent's estimates from their records (every product and channel the team has, empty where they have none). */
function fitAgent(cells: Cell[], spreads: LevelSpreads): Map<string, CellMoments> {
	const A = AGENT_GRID;
	const B = PRODUCT_GRID;
	const lift = (a: number, b: number) => spreads.agent * A.z[a] + spreads.agentProduct * B.z[b];
	const reach = lift(A.z.length - 1, B.z.length - 1);
	const axis: LiftAxis = { from: -reach - LIFT_STEP, points: Math.ceil((2 * reach) / LIFT_STEP) + 3 };
	const kernel = channelKernel(spreads.agentProductChannel);
	const curves = cells.map((cell) => cellCurve(cell, axis, kernel));
	const products = [...new Set(cells.map((cell) => cell.product))];
	const cellsOf = new Map(products.map((product) => [product, cells.flatMap((cell, index) => (cell.product === product ? [index] : []))]));

	// For each product: the log likelihood of its records at every (A, B), and with B integrated out.
	const givenAB = new Map<string, Float64Array>();
	const givenA = new Map<string, Float64Array>();
	const perB = new Float64Array(B.z.length);
	for (const product of products) {
		const indexes = cellsOf.get(product)!.filter((index) => cells[index].total > 0);
		const table = new Float64Array(A.z.length * B.z.length);
		const byA = new Float64Array(A.z.length);
		for (let a = 0; a < A.z.length; a++) {
			for (let b = 0; b < B.z.length; b++) {
				let sum = 0;
				for (const index of indexes) sum += curveAt(curves[index].logLikelihood, axis, lift(a, b));
				table[a * B.z.length + b] = sum;
				perB[b] = B.logWeight[b] + sum;
			}
			byA[a] = logSumExp(perB);
		}
		givenAB.set(product, table);
		givenA.set(product, byA);
	}
	const logPosteriorA = A.z.map((_, a) => A.logWeight[a] + products.reduce((sum, product) => sum + givenA.get(product)![a], 0));
	const normaliser = logSumExp(logPosteriorA);

	const moments = new Map<string, CellMoments>();
	for (const product of products) {
		const table = givenAB.get(product)!;
		const byA = givenA.get(product)!;
		for (const index of cellsOf.get(product)!) {
			let first = 0;
			let second = 0;
			for (let a = 0; a < A.z.length; a++) {
				const weightA = Math.exp(logPosteriorA[a] - normaliser);
				if (weightA < 1e-12) continue;
				for (let b = 0; b < B.z.length; b++) {
					const weight = weightA * Math.exp(B.logWeight[b] + table[a * B.z.length + b] - byA[a]);
					if (weight < 1e-14) continue;
					first += weight * curveAt(curves[index].mean, axis, lift(a, b));
					second += weight * curveAt(curves[index].meanSquare, axis, lift(a, b));
				}
			}
			const cell = cells[index];
			moments.set(cellKey(cell.product, cell.channel), { mean: first, variance: Math.max(second - first * first, 1e-9) });
		}
	}
	return moments;
}

/** Rounds that correct the base rates for who worked the leads (each refits every agent). */
const BASE_ROUNDS = 2;

/** A product and channel the team has outcomes in, with the team's record there. */
type TeamCell = Omit<Cell, 'base'>;

/** Sorted, like agentsOf: sums then run in one order, so History's row order cannot move the last digit of an estimate. */
function teamCellsOf(tables: PosteriorTables): TeamCell[] {
	return talliedProductChannels(tables)
		.map(({ product, channel, tally }) => ({ product, channel, ...tally }))
		.sort((a, b) => compareText(cellKey(a.product, a.channel), cellKey(b.product, b.channel)));
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const agentsOf = (tables: PosteriorTables) => talliedAgents(tables).sort(compareText);

/**
 * The first guess at a cell's base rate: the team's rate there lowered by the mean lift of a
 * log-normal agent (the average agent closes above the median one), with one outcome at the team's
 * overall rate as a floor.
 */
function firstGuessBase(tables: PosteriorTables, cell: TeamCell, spreads: LevelSpreads): number {
	const overall = (tables.wins + 1) / (tables.outcomes + 2);
	const meanLift = Math.exp((spreads.agent ** 2 + spreads.agentProduct ** 2 + spreads.agentProductChannel ** 2) / 2);
	return Math.min(MAX_RATE, Math.max(MIN_RATE, (cell.wins + overall) / (cell.total + 1) / meanLift));
}

/** An agent's record in every product and channel of the team, against each one's base rate. */
function recordsOf(tables: PosteriorTables, team: TeamCell[], base: Map<string, number>, agentId: string): Cell[] {
	return team.map(({ product, channel }) => {
		const { wins, total } = agentChannelRecord(tables, agentId, { product, channel });
		return { product, channel, wins, total, base: base.get(cellKey(product, channel))! };
	});
}

/**
 * The base rates: the first guesses corrected, BASE_ROUNDS times, so that each product and
 * channel's expected wins (every agent's estimate there times their leads there) match its wins.
 * Each round fits every agent: this is most of the cost of the estimates, so the model fits it on
 * History as of a checkpoint and reuses it until the next (see skillBaseCount in model.ts).
 */
function* fitBaseRates(tables: PosteriorTables, spreads: LevelSpreads): Generator<void, Map<string, number>> {
	const team = teamCellsOf(tables);
	const agents = agentsOf(tables);
	const overall = (tables.wins + 1) / (tables.outcomes + 2);
	const base = new Map(team.map((cell) => [cellKey(cell.product, cell.channel), firstGuessBase(tables, cell, spreads)]));
	for (let round = 0; round < BASE_ROUNDS; round++) {
		const byAgent = new Map<string, Map<string, CellMoments>>();
		for (const agentId of agents) {
			byAgent.set(agentId, fitAgent(recordsOf(tables, team, base, agentId), spreads));
			yield;
		}
		for (const cell of team) {
			const key = cellKey(cell.product, cell.channel);
			let expected = 0;
			for (const agentId of agents) expected += agentChannelRecord(tables, agentId, cell).total * (byAgent.get(agentId)!.get(key)?.mean ?? 0);
			if (expected > 0) base.set(key, Math.min(MAX_RATE, Math.max(MIN_RATE, (base.get(key)! * (cell.wins + overall)) / (expected + overall))));
		}
	}
	return base;
}

const spreadsKey = (spreads: LevelSpreads) => `${spreads.agent},${spreads.agentProduct},${spreads.agentProductChannel}`;

/**
 * Fits already made, by what they are a function of: the spreads and the agent's cells (records and
 * base rates), not who the agent is. Between checkpoints the base rates stay put, so a new outcome
 * changes one agent's record and only that agent is fitted again: on a 40-agent team that is one
 * fit instead of 120 (bench/match/skills.ts). A thousand fits are a few megabytes at most.
 */
const agentFits = new LruCache<Map<string, CellMoments>>(1000);
/** Base rates already fitted, by the records they were fitted from (a checkpoint's tallies). */
const baseFits = new LruCache<Map<string, number>>(8);

/** Forgets every fit made (benches that time a fit from scratch; results never depend on it). */
export function forgetFits(): void {
	agentFits.clear();
	baseFits.clear();
}

function agentFit(cells: Cell[], spreads: LevelSpreads): { fit: Map<string, CellMoments>; fitted: boolean } {
	// JSON, so that no product or channel name can make two different records spell the same key.
	const key = `${spreadsKey(spreads)};${JSON.stringify(cells.map((cell) => [cell.product, cell.channel, cell.wins, cell.total, cell.base]))}`;
	const known = agentFits.get(key);
	if (known) return { fit: known, fitted: false };
	const fit = fitAgent(cells, spreads);
	agentFits.set(key, fit);
	return { fit, fitted: true };
}

/** What a base-rate fit is a function of: the team's cells and every agent's record in them. */
function baseFitKey(tables: PosteriorTables, spreads: LevelSpreads): string {
	const team = teamCellsOf(tables);
	const records = agentsOf(tables).map((agentId) => [agentId, team.map((cell) => agentChannelRecord(tables, agentId, cell)).flatMap(({ wins, total }) => [wins, total])]);
	return stableHash(JSON.stringify([spreadsKey(spreads), tables.wins, tables.outcomes, team.map((cell) => [cell.product, cell.channel, cell.wins, cell.total]), records]));
}

function* baseRatesFor(tables: PosteriorTables, spreads: LevelSpreads): Generator<void, Map<string, number>> {
	const key = baseFitKey(tables, spreads);
	const known = baseFits.get(key);
	if (known) return known;
	const base = yield* fitBaseRates(tables, spreads);
	baseFits.set(key, base);
	return base;
}

/**
 * The estimates: base rates fitted on `baseTables` (the model's tallies as of its last checkpoint,
 * or the tallies themselves), then every agent fitted on their whole current record against them,
 * one agent at a time, yielding after each fit so that a caller on n8n's main thread can give the
 * event loop a turn (a fit is a few milliseconds per product and channel); the result is the
 * generator's return value. A product and channel the checkpoint had no outcomes in starts from its
 * first guess.
 */
function* fitTeam(tables: PosteriorTables, spreads: LevelSpreads, baseTables: PosteriorTables): Generator<void, SkillEstimates> {
	const team = teamCellsOf(tables);
	const fittedBase = yield* baseRatesFor(baseTables, spreads);
	const base = new Map(team.map((cell) => {
		const key = cellKey(cell.product, cell.channel);
		return [key, fittedBase.get(key) ?? firstGuessBase(tables, cell, spreads)];
	}));
	const agents = agentsOf(tables);
	const byAgent = new Map<string, Map<string, CellMoments>>();
	for (const agentId of agents) {
		const { fit, fitted } = agentFit(recordsOf(tables, team, base, agentId), spreads);
		byAgent.set(agentId, fit);
		if (fitted) yield;
	}

	// Someone new closes like the team's average agent, as uncertain as the prior says agents differ.
	const prior = agentFit(team.map((cell) => ({ product: cell.product, channel: cell.channel, wins: 0, total: 0, base: base.get(cellKey(cell.product, cell.channel))! })), spreads).fit;
	const newAgent = new Map<string, CellMoments>();
	for (const [key, moments] of prior) {
		const means = agents.map((agentId) => byAgent.get(agentId)!.get(key)!.mean);
		newAgent.set(key, { mean: means.length ? means.reduce((sum, value) => sum + value, 0) / means.length : moments.mean, variance: moments.variance });
	}
	return { byAgent, newAgent };
}

/** The estimates in one go (the simulator, tests, a stored model read on the spot). */
export function estimateSkills(tables: PosteriorTables, spreads: LevelSpreads, baseTables: PosteriorTables = tables): SkillEstimates {
	const fit = fitTeam(tables, spreads, baseTables);
	for (;;) {
		const step = fit.next();
		if (step.done) return step.value;
	}
}

/** The same estimates, giving the event loop a turn between agents (the node). */
export async function estimateSkillsInTurns(
	tables: PosteriorTables,
	spreads: LevelSpreads,
	pause: () => Promise<void>,
	baseTables: PosteriorTables = tables,
): Promise<SkillEstimates> {
	const fit = fitTeam(tables, spreads, baseTables);
	for (;;) {
		const step = fit.next();
		if (step.done) return step.value;
		await pause();
	}
}

/** Estimates already taken, by tables (a model's tables do not change once it is built) and spreads. */
const known = new WeakMap<PosteriorTables, Map<string, SkillEstimates>>();

/** Keeps estimates taken in turns, so that skillsFor finds them instead of fitting on the spot. */
export function rememberSkills(tables: PosteriorTables, spreads: LevelSpreads, skills: SkillEstimates): void {
	let forTables = known.get(tables);
	if (!forTables) known.set(tables, (forTables = new Map()));
	forTables.set(spreadsKey(spreads), skills);
}

/**
 * The estimates for these tables and spreads: remembered, or fitted now (base rates from
 * `baseTables`, see fitTeam) and remembered. A model's tables always come with the same base tables.
 */
export function skillsFor(tables: PosteriorTables, spreads: LevelSpreads, baseTables: PosteriorTables = tables): SkillEstimates {
	const found = known.get(tables)?.get(spreadsKey(spreads));
	if (found) return found;
	const skills = estimateSkills(tables, spreads, baseTables);
	rememberSkills(tables, spreads, skills);
	return skills;
}

/** Whether skillsFor would fit on the spot (the node fits in turns first when it would). */
export function hasSkills(tables: PosteriorTables, spreads: LevelSpreads): boolean {
	return known.get(tables)?.get(spreadsKey(spreads)) !== undefined;
}
