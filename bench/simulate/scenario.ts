/**
 * A seeded world with a known truth: agents x lead segments (product, channel, state) with true
 * close probabilities, licensing that restricts who may take what, capacities, working hours and
 * arrivals over weeks. Because the truth is known, the best possible policy (the oracle) is
 * computable, and every policy is scored on the same lead stream.
 */
import type { Agent, License, WorkingWindow } from '../../engine/types';
import type { Random } from '../../engine/random';
import { normalDraw, seededRandom } from '../../engine/random';

export interface ScenarioConfig {
	seed: number;
	agents: number;
	/** Products with their base close rate (before channel and agent skill). */
	products: Record<string, number>;
	/** Channels with their multiplier on the close rate. */
	channels: Record<string, number>;
	states: string[];
	/** Log-normal spread of agent skill per product: 0 = everyone equal. */
	skillSpread: number;
	/** Extra spread per agent x product x channel (interactions such as "referral bundles"). */
	interactionSpread: number;
	leadsPerDay: number;
	days: number;
	/** Daily cap per agent. */
	perDayCap: number;
	/** Outcomes are revealed this many days after arrival (uniform between the two). */
	outcomeDelayDays: [number, number];
	/** Share of agents licensed in each state / for each line beyond the first. */
	licenseCoverage: number;
	/** Outcomes after which the evaluation window starts. */
	outcomes: number;
	/** Add the brief's case: one agent closes referral bundles at 80%, another 45% but commercial at 90%. */
	briefCase: boolean;
}

export const DEFAULT_SCENARIO: ScenarioConfig = {
	seed: 1,
	agents: 8,
	products: { auto: 0.16, home: 0.2, bundle: 0.3, commercialProperty: 0.22, life: 0.12 },
	channels: { referral: 1.6, paid_search: 1, aggregator: 0.6 },
	states: ['FL', 'GA', 'TX'],
	skillSpread: 0.45,
	interactionSpread: 0.2,
	leadsPerDay: 90,
	days: 40,
	perDayCap: 20,
	outcomeDelayDays: [1, 3],
	licenseCoverage: 0.75,
	outcomes: 2000,
	briefCase: true,
};

/** Which line of authority a product needs (the simulator's License Check). */
const LINE_OF: Record<string, string> = { auto: 'personalLines', home: 'personalLines', bundle: 'personalLines', commercialProperty: 'property', life: 'life' };
export function lineFor(product: string): string {
	return LINE_OF[product] ?? 'personalLines';
}

export interface SimLead {
	leadId: string;
	arrivedAt: Date;
	product: string;
	channel: string;
	state: string;
	/** Common random number: the lead is won iff u < p(chosen agent). Same for every policy. */
	u: number;
	revealAfterMs: number;
}

export interface World {
	config: ScenarioConfig;
	agents: Agent[];
	/** True close probability by agent id, then `product|channel|state`. */
	truth: Map<string, Map<string, number>>;
	leads: SimLead[];
}

export const segmentKey = (product: string, channel: string, state: string) => `${product}|${channel}|${state}`;

function pick<T>(random: Random, entries: T[]): T {
	return entries[Math.floor(random() * entries.length)];
}

const ZONES = ['America/New_York', 'America/Chicago', 'America/New_York', 'America/Denver'];
const NAMES = ['ava', 'ben', 'cara', 'dev', 'eli', 'fay', 'gus', 'hana', 'ivan', 'jo', 'kai', 'lia', 'max', 'noor', 'oli', 'pia'];

function agentsFor(config: ScenarioConfig, random: Random): Agent[] {
	const agents: Agent[] = [];
	for (let index = 0; index < config.agents; index++) {
		const id = NAMES[index] ?? `agent${index}`;
		// Everyone holds personal lines in their home state; other states and lines by coverage.
		const home = config.states[index % config.states.length];
		const states = config.states.filter((state) => state === home || random() < config.licenseCoverage);
		const lines = ['personalLines', ...['property', 'life'].filter(() => random() < config.licenseCoverage)];
		if (config.briefCase && index === 1 && !lines.includes('property')) lines.push('property');
		const licenses: License[] = states.map((state) => ({ state, residency: state === home ? 'resident' : 'nonresident', linesOfAuthority: lines, status: 'active', expiresOn: null }));
		// Working hours: weekdays 8-18 local; half the team also works Saturdays.
		const days = index % 2 === 0 ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5];
		const workingHours: WorkingWindow[] = [{ days, startMinute: 8 * 60, endMinute: 18 * 60 }];
		agents.push({
			id,
			name: id[0].toUpperCase() + id.slice(1),
			email: `${id}@agency.test`,
			phone: null,
			active: true,
			timezone: ZONES[index % ZONES.length],
			workingHours,
			outOfOffice: [],
			weight: index % 4 === 0 ? 2 : 1,
			capacity: { perDay: config.perDayCap },
			skills: [],
			residentState: home,
			licenses,
			appointments: [],
			onCall: index === 0,
		});
	}
	return agents;
}

function truthFor(config: ScenarioConfig, agents: Agent[], random: Random): World['truth'] {
	const truth: World['truth'] = new Map();
	for (const agent of agents) {
		const cells = new Map<string, number>();
		const agentLevel = Math.exp(config.skillSpread * 0.5 * normalDraw(random));
		for (const [product, base] of Object.entries(config.products)) {
			const skill = agentLevel * Math.exp(config.skillSpread * normalDraw(random));
			for (const [channel, factor] of Object.entries(config.channels)) {
				const interaction = Math.exp(config.interactionSpread * normalDraw(random));
				for (const state of config.states) {
					cells.set(segmentKey(product, channel, state), Math.min(0.95, Math.max(0.01, base * factor * skill * interaction)));
				}
			}
		}
		truth.set(agent.id, cells);
	}
	if (config.briefCase && agents.length >= 2 && config.products.bundle !== undefined && config.channels.referral !== undefined) {
		for (const state of config.states) {
			truth.get(agents[0].id)!.set(segmentKey('bundle', 'referral', state), 0.8);
			truth.get(agents[1].id)!.set(segmentKey('bundle', 'referral', state), 0.45);
			for (const channel of Object.keys(config.channels)) {
				if (config.products.commercialProperty !== undefined) truth.get(agents[1].id)!.set(segmentKey('commercialProperty', channel, state), 0.9 * Math.min(1, config.channels[channel]));
			}
		}
	}
	return truth;
}

/** Leads arrive 8:00-20:00 New York time, every day; product, channel and state mix. */
function leadsFor(config: ScenarioConfig, random: Random): SimLead[] {
	const start = Date.parse('2026-03-02T12:00:00Z'); // a Monday, 08:00 New York
	const products = Object.keys(config.products);
	const productMix = products.map((product) => (product === 'auto' ? 3 : product === 'home' ? 2 : product === 'bundle' ? 2 : 1));
	const totalMix = productMix.reduce((a, b) => a + b, 0);
	const channels = Object.keys(config.channels);
	const leads: SimLead[] = [];
	for (let day = 0; day < config.days; day++) {
		const times = Array.from({ length: config.leadsPerDay }, () => random() * 12 * 3_600_000).sort((a, b) => a - b);
		for (const offset of times) {
			let draw = random() * totalMix;
			let product = products[0];
			for (let i = 0; i < products.length; i++) {
				draw -= productMix[i];
				if (draw <= 0) {
					product = products[i];
					break;
				}
			}
			const [minDelay, maxDelay] = config.outcomeDelayDays;
			leads.push({
				leadId: `sim-${config.seed}-${leads.length}`,
				arrivedAt: new Date(start + day * 86_400_000 + offset),
				product,
				channel: pick(random, channels),
				state: pick(random, config.states),
				u: random(),
				revealAfterMs: (minDelay + random() * (maxDelay - minDelay)) * 86_400_000,
			});
		}
	}
	return leads;
}

export function buildWorld(config: ScenarioConfig): World {
	const random = seededRandom(config.seed * 7919 + 17);
	const agents = agentsFor(config, random);
	const truth = truthFor(config, agents, random);
	return { config, agents, truth, leads: leadsFor(config, random) };
}

/** Who may take a lead: licensed in its state for its line (the simulator's License Check). */
export function licensedAgents(world: World, lead: Pick<SimLead, 'product' | 'state'>): string[] {
	const line = lineFor(lead.product);
	return world.agents
		.filter((agent) => agent.licenses.some((license) => license.state === lead.state && license.linesOfAuthority.includes(line)))
		.map((agent) => agent.id);
}

export function trueCloseRate(world: World, agentId: string, lead: Pick<SimLead, 'product' | 'channel' | 'state'>): number {
	return world.truth.get(agentId)?.get(segmentKey(lead.product, lead.channel, lead.state)) ?? 0;
}

/**
 * The close rate an agent would be credited with by someone who knows each agent's skill by
 * product and channel exactly but not the agent x product x channel interaction: the true rate
 * divided by its channel factor, averaged over channels, times this lead's channel factor. What
 * the main-effects oracle ranks agents by: how much of the oracle's lift needs the interactions.
 */
export function mainEffectsCloseRate(world: World, agentId: string, lead: Pick<SimLead, 'product' | 'channel' | 'state'>): number {
	const channels = Object.entries(world.config.channels);
	const skill = channels.reduce((sum, [channel, factor]) => sum + trueCloseRate(world, agentId, { ...lead, channel }) / factor, 0) / channels.length;
	return skill * world.config.channels[lead.channel];
}

/**
 * What a sales manager would know without data: the two best commercial closers carry the
 * "commercial" skill and the three best bundle closers the "bundles" skill (the Rules policy's pools).
 */
export function tagManagerKnowledge(world: World): void {
	const average = (agentId: string, product: string) => {
		const cells = [...world.truth.get(agentId)!.entries()].filter(([key]) => key.startsWith(`${product}|`));
		return cells.reduce((sum, [, p]) => sum + p, 0) / Math.max(cells.length, 1);
	};
	const top = (product: string, count: number) =>
		[...world.agents].sort((a, b) => average(b.id, product) - average(a.id, product)).slice(0, count);
	for (const agent of top('commercialProperty', 2)) agent.skills.push('commercial');
	for (const agent of top('bundle', 3)) agent.skills.push('bundles');
}
