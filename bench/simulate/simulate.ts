/**
 * Runs every policy on the same seeded lead stream through the engine and scores it against the
 * known truth. Close rates are expected values (the mean true close probability of the chosen
 * agent), which removes outcome noise from the comparison; realized wins (common random numbers)
 * are what the learner learns from.
 */
import { checkAvailability } from '../../engine/availability';
import { eligibleCandidates } from '../../engine/match/candidates';
import { createMatchContext } from '../../engine/match/context';
import type { ForestOptions } from '../../engine/match/learned/forest';
import type { LearnedModel } from '../../engine/match/learned/model';
import { modelFromHistory, posteriorFor } from '../../engine/match/learned/model';
import { posteriorMean } from '../../engine/match/learned/posterior';
import type { MatchContext } from '../../engine/match/matchLead';
import { matchLead, nextOpenings } from '../../engine/match/matchLead';
import type { MatchOptions, MatchOptionsInput, RoundRobinDistribution } from '../../engine/match/options';
import { resolveMatchOptions } from '../../engine/match/options';
import { fairnessBandOf } from '../../engine/match/learned/fairnessBand';
import { agentWeight, calibrationFor, roundRobinStandings } from '../../engine/match/roundRobin';
import { countsOf, recordAssignment } from '../../engine/match/state';
import { round } from '../../engine/match/reasons';
import { seededRandom } from '../../engine/random';
import type { Agent, OutcomeRecord } from '../../engine/types';
import type { SegmentShortfall, WindowKnowledge } from './explain';
import { explainShortfall } from './explain';
import { gini, leadOverLeastAssigned, mean, roundShare, spreadOf } from './metrics';
import type { ScenarioConfig, SimLead, World } from './scenario';
import { buildWorld, licensedAgents, mainEffectsCloseRate, tagManagerKnowledge, trueCloseRate } from './scenario';

export type PolicyName = 'random' | 'roundRobin' | 'rules' | 'learned' | 'oracle' | 'mainEffectsOracle' | 'bandOracle';
export const POLICIES: PolicyName[] = ['random', 'roundRobin', 'rules', 'learned', 'oracle'];

export interface SimulationOptions {
	/** Round-robin distribution (default `spread`, the node's default). */
	distribution?: RoundRobinDistribution;
	/** Round robin's Max Lead (default the node's, 3). */
	maxLead?: number;
	/** Round robin's calibration credit for late starters (default on, as in the node). */
	calibrate?: boolean;
	/** Learned strategy settings (holdout, confidence, band...). */
	learned?: MatchOptionsInput['learned'];
	policies?: PolicyName[];
	/** The learned strategy's forest settings (trees, depth...): defaults are the node's. */
	forestOptions?: Partial<ForestOptions>;
	/**
	 * Seed of the policies' own draws (exploration, spread round robin, the forest), default the
	 * world's: the same team and lead stream replayed with other luck, to see how much of a seed's
	 * result is the policy and how much the draws.
	 */
	policySeed?: number;
	/** Also explain where learned fell short of the oracle (needs both policies): see explain.ts. */
	explain?: boolean;
	/**
	 * Draws of the policies' luck to measure (default 1): round robin and learned are run again
	 * with policy seeds policySeed + 1, + 2, ... on the same world (the oracle has no luck), so a
	 * result can be read against the spread luck alone gives it. See policyDraws.
	 */
	policyDraws?: number;
}

/** Learned's share of the oracle's lift over round robin on one draw of the policies' luck. */
export interface PolicyDraw {
	policySeed: number;
	oracleLiftCaptured: number;
	learnedLiftOverRoundRobin: number;
}

export interface PolicyResult {
	closeRate: number;
	realizedCloseRate: number;
	coldStartCurve: number[];
	licenseViolations: number;
	/** Most the chosen agent was ahead of the most-owed one who could have taken the lead, counting calibration credit (what Max Lead bounds). */
	maxShareDeviation: number;
	/** The same from raw counts: exceeds Max Lead by the credit given to late starters. */
	maxRawLead: number;
	giniPerWeight: number;
	leadsPerAgent: Record<string, number>;
	trainSeconds: number;
	unassigned: number;
	/** Learned only: see estimateCostPoints. */
	estimateCostPoints?: number;
}

export interface SimulationResult {
	seed: number;
	outcomes: number;
	/** Round robin's Max Lead in this run: the bound maxShareDeviation is audited against. */
	maxLead: number;
	evaluationLeads: number;
	policies: Record<PolicyName, PolicyResult>;
	/** With `explain`: the window's segments, largest shortfall of learned against the oracle first. */
	shortfalls?: SegmentShortfall[];
	/** With `policyDraws` above 1: every draw, the main run's first. */
	draws?: PolicyDraw[];
}

function simLeadJson(world: World, lead: SimLead) {
	return {
		leadId: lead.leadId,
		receivedAt: lead.arrivedAt.toISOString(),
		dedupeKey: `${lead.leadId}@sim.test`,
		product: lead.product,
		state: lead.state,
		source: { kind: 'flat' as const, formId: null, channel: lead.channel as 'referral', utm: { source: null, medium: null, campaign: null, term: null, content: null }, clickIds: {} },
		fields: {},
		eligibility: { status: 'eligible' as const, eligibleAgentIds: licensedAgents(world, lead), excluded: [], warnings: [], checkedAt: lead.arrivedAt.toISOString() },
	};
}

/** The Rules policy's waterfall, as a manager would configure it. */
export function simRules(lead: SimLead) {
	return [
		{ name: 'Commercial', matches: lead.product === 'commercialProperty', skill: 'commercial' },
		{ name: 'Referral bundles', matches: lead.product === 'bundle' && lead.channel === 'referral', skill: 'bundles' },
	];
}

function availablePool(lead: ReturnType<typeof simLeadJson>, now: Date, context: MatchContext): Agent[] {
	return eligibleCandidates(lead, context.agents).eligible.filter(
		(agent) => checkAvailability(agent, now, countsOf(context.state, agent.id)).available,
	);
}

/**
 * The band oracle's choices: those within the learned strategy's fairness band (no more than
 * (1 + band) x their weighted share), and the most-owed agent, who is always allowed. What the best
 * possible policy can do under the same fairness constraint the learner is given.
 */
function withinLearnedBand(choices: Agent[], now: Date, context: MatchContext): Agent[] {
	const standings = roundRobinStandings(choices, context.state, now, context.options);
	const band = fairnessBandOf(standings, context.options);
	// Standings come most-owed first.
	return choices.filter((agent) => band.get(agent.id) || agent.id === standings[0].agentId);
}

/** Who opens first when nobody may take the lead now: the engine's "wait for next open" set. */
function firstToOpen(lead: ReturnType<typeof simLeadJson>, now: Date, context: MatchContext): Agent[] {
	const eligible = eligibleCandidates(lead, context.agents).eligible;
	return nextOpenings(eligible, (agent) => checkAvailability(agent, now, countsOf(context.state, agent.id)).nextAvailableAt)?.first ?? [];
}

/** The moment the evaluation window starts: when the stream's Nth outcome is revealed. */
export function evaluationStart(world: World): number {
	const reveals = world.leads.map((lead) => lead.arrivedAt.getTime() + lead.revealAfterMs).sort((a, b) => a - b);
	return reveals[Math.min(world.config.outcomes, reveals.length) - 1] ?? Infinity;
}

/** Indexes of the leads that arrive after the window opens: the ones every policy is scored on. */
export function windowLeadIndexes(world: World, evalFrom: number): number[] {
	return world.leads.map((lead, index) => (lead.arrivedAt.getTime() > evalFrom ? index : -1)).filter((index) => index >= 0);
}

/**
 * How good a model's estimates are, apart from exploration, the band, caps and hours: close-rate
 * points per lead lost by giving each of `leads` to the licensed agent with the best estimate
 * rather than the best true rate. Taken on the model the learner had when the evaluation window
 * opened, it compares estimators without the noise of a whole run's path.
 */
export function estimateCostPoints(world: World, model: LearnedModel, options: MatchOptions, leads: SimLead[]): number {
	let lost = 0;
	for (const lead of leads) {
		const licensed = licensedAgents(world, lead);
		if (licensed.length === 0) continue;
		const segment = { product: lead.product, channel: lead.channel, state: lead.state };
		const estimate = (agentId: string) => posteriorMean(posteriorFor(model, agentId, segment, null, options.learned));
		const picked = licensed.reduce((best, agentId) => (estimate(agentId) > estimate(best) ? agentId : best));
		lost += Math.max(...licensed.map((agentId) => trueCloseRate(world, agentId, lead))) - trueCloseRate(world, picked, lead);
	}
	return (100 * lost) / Math.max(leads.length, 1);
}

/** A policy's results, and what only explain needs: each lead's agent and, for learned, what it knew when the window opened. */
export interface PolicyRun {
	result: PolicyResult;
	chosen: Array<string | null>;
	window?: WindowKnowledge;
}

export function runPolicy(world: World, policy: PolicyName, options: SimulationOptions = {}): PolicyRun {
	const policySeed = options.policySeed ?? world.config.seed;
	const engineStrategy = policy === 'rules' ? 'rules' : policy === 'learned' ? 'learned' : 'roundRobin';
	const matchOptions: MatchOptions = resolveMatchOptions({
		strategy: engineStrategy,
		// The node's default. With no History the learned strategy makes exactly round robin's draw
		// (same seed per lead), so the cold-start comparison measures learning, not two different
		// draws. `--distribution exact` runs plain deficit scheduling instead.
		distribution: options.distribution ?? 'spread',
		sticky: { enabled: false },
		...(options.calibrate !== undefined ? { calibrate: options.calibrate } : {}),
		...(options.maxLead !== undefined ? { maxLead: options.maxLead } : {}),
		seed: policySeed,
		learned: { holdoutPercent: 0, ...(options.learned ?? {}) },
	});
	const random = seededRandom(policySeed * 31 + 7);
	const evalFrom = evaluationStart(world);
	const records: OutcomeRecord[] = [];
	const pending: OutcomeRecord[] = [];
	const chosen: Array<string | null> = [];
	const expected: number[] = [];
	const realized: number[] = [];
	const leadsPerAgent: Record<string, number> = Object.fromEntries(world.agents.map((agent) => [agent.id, 0]));
	let maxShareDeviation = 0;
	let maxRawLead = 0;
	let licenseViolations = 0;
	let unassigned = 0;
	let trainMs = 0;
	let estimateCost: number | undefined;
	let window: WindowKnowledge | undefined;
	let context: MatchContext | null = null;
	let contextDay = -1;

	world.leads.forEach((lead) => {
		const now = lead.arrivedAt;
		const day = Math.floor(now.getTime() / 86_400_000);
		if (day !== contextDay) {
			// Nightly sync: outcomes revealed so far join History; counts and the model are rebuilt.
			pending.sort((a, b) => a.at.localeCompare(b.at));
			while (pending.length && Date.parse(pending[0].at) <= now.getTime()) records.push(pending.shift()!);
			let model: LearnedModel | null = null;
			if (policy === 'learned') {
				const started = performance.now();
				// Trained synchronously: the simulator has no event loop to keep free.
				model = modelFromHistory(records, {
					forest: matchOptions.learned.forest,
					forestMinOutcomes: matchOptions.learned.forestMinOutcomes,
					forestOptions: { seed: policySeed, ...(options.forestOptions ?? {}) },
				});
				trainMs += performance.now() - started;
				if (estimateCost === undefined && now.getTime() > evalFrom) {
					estimateCost = estimateCostPoints(world, model, matchOptions, windowLeadIndexes(world, evalFrom).map((index) => world.leads[index]));
					window = { model, options: matchOptions };
				}
			}
			context = createMatchContext({ agents: world.agents, records, now, options: matchOptions, model });
			contextDay = day;
		}
		const ctx = context!;
		const json = simLeadJson(world, lead);
		const pool = availablePool(json, now, ctx);
		const poolStandings = pool.map((agent) => ({
			agentId: agent.id,
			weight: agentWeight(agent),
			count: countsOf(ctx.state, agent.id).assignedInInterval,
			credit: matchOptions.calibrate ? calibrationFor(agent, pool, ctx.state, now, matchOptions.maxLead) : 0,
		}));
		let agentId: string | null = null;
		// The oracles know the truth after hours too: the best of those who open first waits for them.
		const isOracle = policy === 'oracle' || policy === 'mainEffectsOracle' || policy === 'bandOracle';
		let oracleChoices = isOracle ? (pool.length > 0 ? pool : firstToOpen(json, now, ctx)) : pool;
		if (policy === 'bandOracle' && oracleChoices.length > 0) oracleChoices = withinLearnedBand(oracleChoices, now, ctx);
		if ((policy === 'random' || isOracle) && oracleChoices.length > 0) {
			const known = policy === 'mainEffectsOracle' ? mainEffectsCloseRate : trueCloseRate;
			agentId =
				policy === 'random'
					? pool[Math.floor(random() * pool.length)].id
					: oracleChoices.reduce((best, agent) => (known(world, agent.id, lead) > known(world, best.id, lead) ? agent : best)).id;
			// A lead that waits for its agent counts on the day it is worked, as the engine counts it.
			const waitsFor = pool.length === 0 ? world.agents.find((agent) => agent.id === agentId) : undefined;
			const opensAt = waitsFor ? checkAvailability(waitsFor, now, countsOf(ctx.state, waitsFor.id)).nextAvailableAt : undefined;
			recordAssignment(ctx.state, agentId, json, now, null, waitsFor && opensAt ? { from: new Date(opensAt), zone: waitsFor.timezone } : undefined);
		} else {
			const decision = matchLead(json, now, policy === 'rules' ? { ...ctx, options: { ...ctx.options, rules: simRules(lead) } } : ctx);
			agentId = decision.assigned ? decision.assignment.agentId : null;
		}
		chosen.push(agentId);
		if (!agentId) {
			unassigned++;
			expected.push(0);
			realized.push(0);
			return;
		}
		if (!json.eligibility.eligibleAgentIds.includes(agentId)) licenseViolations++;
		maxShareDeviation = Math.max(maxShareDeviation, leadOverLeastAssigned(poolStandings, agentId));
		maxRawLead = Math.max(maxRawLead, leadOverLeastAssigned(poolStandings.map((entry) => ({ ...entry, credit: 0 })), agentId));
		leadsPerAgent[agentId]++;
		const p = trueCloseRate(world, agentId, lead);
		const won = lead.u < p;
		expected.push(p);
		realized.push(won ? 1 : 0);
		const snapshot = { leadId: lead.leadId, product: lead.product, state: lead.state, source: { channel: lead.channel }, score: null, dedupeKey: json.dedupeKey };
		records.push({ leadId: lead.leadId, agentId, event: 'assigned', at: now.toISOString(), value: null, responseSeconds: null, slaMet: null, strategy: policy, propensity: null, lead: snapshot });
		pending.push({
			leadId: lead.leadId,
			agentId,
			event: won ? 'won' : 'lost',
			at: new Date(now.getTime() + lead.revealAfterMs).toISOString(),
			value: null,
			responseSeconds: null,
			slaMet: null,
			strategy: policy,
			propensity: null,
			lead: snapshot,
		});
	});

	const evalIndexes = windowLeadIndexes(world, evalFrom);
	const coldStartCurve: number[] = [];
	for (let end = 100; end <= world.leads.length; end += 100) coldStartCurve.push(mean(expected.slice(0, end)));
	const perWeight = world.agents.map((agent) => leadsPerAgent[agent.id] / agentWeight(agent));
	const result: PolicyResult = {
		closeRate: mean(evalIndexes.map((index) => expected[index])),
		realizedCloseRate: mean(evalIndexes.map((index) => realized[index])),
		coldStartCurve,
		licenseViolations,
		maxShareDeviation,
		maxRawLead,
		giniPerWeight: gini(perWeight),
		leadsPerAgent,
		trainSeconds: trainMs / 1000,
		unassigned,
		...(estimateCost !== undefined ? { estimateCostPoints: estimateCost } : {}),
	};
	return { result, chosen, ...(window ? { window } : {}) };
}

export function simulate(config: ScenarioConfig, options: SimulationOptions = {}): SimulationResult {
	const world = buildWorld(config);
	tagManagerKnowledge(world);
	const policies = {} as Record<PolicyName, PolicyResult>;
	const runs = {} as Partial<Record<PolicyName, PolicyRun>>;
	for (const policy of options.policies ?? POLICIES) {
		runs[policy] = runPolicy(world, policy, options);
		policies[policy] = runs[policy].result;
	}
	const evalFrom = evaluationStart(world);
	const windowLeads = windowLeadIndexes(world, evalFrom);
	const maxLead = options.maxLead ?? resolveMatchOptions({ strategy: 'roundRobin' }).maxLead;
	const { learned, oracle } = runs;
	// The learner has a window model only when the window opened before the stream ended.
	const shortfalls =
		options.explain && learned?.window && oracle
			? explainShortfall(world, { learned: learned.chosen, oracle: oracle.chosen }, windowLeads, learned.window)
			: undefined;
	// Draws compare learned with round robin and the oracle, so they need all three.
	const draws = (options.policyDraws ?? 1) > 1 && learned && oracle && runs.roundRobin ? policyDraws(world, policies, options) : undefined;
	return {
		seed: config.seed,
		outcomes: config.outcomes,
		maxLead,
		evaluationLeads: windowLeads.length,
		policies,
		...(shortfalls ? { shortfalls } : {}),
		...(draws ? { draws } : {}),
	};
}

/** How much of `best`'s gain in close rate over round robin `policy` gets. */
const shareOfLift = (roundRobin: number, policy: number, best: number) => (policy - roundRobin) / (best - roundRobin);

/** Learned's lift over round robin and share of the oracle's, from the three close rates. */
function liftsOf(roundRobin: number, learned: number, oracle: number): Omit<PolicyDraw, 'policySeed'> {
	return { oracleLiftCaptured: shareOfLift(roundRobin, learned, oracle), learnedLiftOverRoundRobin: learned / roundRobin - 1 };
}

/**
 * The same world replayed with other draws of the policies' own luck (exploration, spread round
 * robin, the forest's sampling): how far apart two runs of one policy land, which is how big a
 * difference between two settings must be before it says anything. Only round robin and learned
 * are rerun: the oracle's choices do not depend on the policy seed.
 */
function policyDraws(world: World, main: Record<PolicyName, PolicyResult>, options: SimulationOptions): PolicyDraw[] {
	const first = options.policySeed ?? world.config.seed;
	const oracle = main.oracle.closeRate;
	const draws = [{ policySeed: first, ...liftsOf(main.roundRobin.closeRate, main.learned.closeRate, oracle) }];
	for (let draw = 1; draw < (options.policyDraws ?? 1); draw++) {
		const again = { ...options, policySeed: first + draw };
		const roundRobin = runPolicy(world, 'roundRobin', again).result.closeRate;
		draws.push({ policySeed: first + draw, ...liftsOf(roundRobin, runPolicy(world, 'learned', again).result.closeRate, oracle) });
	}
	return draws;
}

export interface SimulationSummary {
	seed: number;
	outcomes: number;
	policies: Record<PolicyName, { closeRate: number }>;
	learnedLiftOverRoundRobin: number;
	oracleLiftCaptured: number;
	/** Only when the mainEffectsOracle policy ran: its share of the oracle's lift. */
	mainEffectsOracleLiftCaptured?: number;
	/** Only when the bandOracle policy ran: learned's share of that oracle's lift. */
	bandOracleLiftCaptured?: number;
	licenseViolations: number;
	worstColdStartGapPoints: number;
	maxRoundRobinDeviation: number;
	maxRoundRobinRawLead: number;
	roundRobinMaxLead: number;
	trainSeconds: number;
	/** Close-rate points per evaluated lead the learner's estimates lose at the window's start (estimateCostPoints). */
	learnedEstimateCostPoints?: number;
	/** With more than one draw of the policies' luck: learned's captured share across them. */
	policyDraws?: { policySeeds: number[]; oracleLiftCaptured: { mean: number; sd: number; lowest: number; highest: number } };
}

/** The one-line JSON summary `npm run simulate -- --json` prints. */
export function summarize(result: SimulationResult): SimulationSummary {
	const p = result.policies;
	const rr = p.roundRobin.closeRate;
	const checkpoints = Math.min(p.learned.coldStartCurve.length, p.roundRobin.coldStartCurve.length);
	let worstGap = -Infinity;
	for (let i = 0; i < checkpoints; i++) worstGap = Math.max(worstGap, (p.roundRobin.coldStartCurve[i] - p.learned.coldStartCurve[i]) * 100);
	const main = liftsOf(rr, p.learned.closeRate, p.oracle.closeRate);
	return {
		seed: result.seed,
		outcomes: result.outcomes,
		policies: Object.fromEntries(Object.entries(p).map(([name, entry]) => [name, { closeRate: roundShare(entry.closeRate) }])) as SimulationSummary['policies'],
		learnedLiftOverRoundRobin: roundShare(main.learnedLiftOverRoundRobin),
		oracleLiftCaptured: roundShare(main.oracleLiftCaptured),
		// How much of the oracle's lift is reachable without the agent x product x channel interactions.
		...(p.mainEffectsOracle ? { mainEffectsOracleLiftCaptured: roundShare(shareOfLift(rr, p.mainEffectsOracle.closeRate, p.oracle.closeRate)) } : {}),
		// The learner's share of what an oracle held to the same fairness band gets over round robin.
		...(p.bandOracle ? { bandOracleLiftCaptured: roundShare(shareOfLift(rr, p.learned.closeRate, p.bandOracle.closeRate)) } : {}),
		licenseViolations: Object.values(p).reduce((sum, entry) => sum + entry.licenseViolations, 0),
		worstColdStartGapPoints: round(worstGap, 2),
		maxRoundRobinDeviation: round(p.roundRobin.maxShareDeviation, 2),
		maxRoundRobinRawLead: round(p.roundRobin.maxRawLead, 2),
		roundRobinMaxLead: result.maxLead,
		trainSeconds: round(p.learned.trainSeconds, 3),
		...(p.learned.estimateCostPoints !== undefined ? { learnedEstimateCostPoints: round(p.learned.estimateCostPoints, 2) } : {}),
		...(result.draws ? { policyDraws: drawsSummary(result.draws) } : {}),
	};
}

function drawsSummary(draws: PolicyDraw[]): SimulationSummary['policyDraws'] {
	return {
		policySeeds: draws.map((draw) => draw.policySeed),
		oracleLiftCaptured: spreadOf(draws.map((draw) => draw.oracleLiftCaptured), roundShare),
	};
}
