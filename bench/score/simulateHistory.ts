/**
 * A small seeded simulator of inbound insurance leads and their outcomes, with a known truth:
 * each lead's real win probability is computed from its product, channel, product x channel
 * interactions (which hand-written rules do not know about), reachability and urgency. No public
 * data set has lead outcomes with these fields (domain facts, "Datasets"), so Lead Score's learned
 * mode is measured here: AUC and calibration on held-out leads against the rules.
 */
import { scoreByRules } from '../../engine/score';
import { seededRandom, type Random } from '../../engine/random';
import type { Channel, Lead, SourceKind } from '../../engine/types';

export interface SimulatedLead {
	lead: Lead;
	/** The true win probability the outcome was drawn from. */
	truth: number;
	won: boolean;
	rulesScore: number;
}

function pick<T extends string>(random: Random, weights: Record<T, number>): T {
	const entries = Object.entries(weights) as Array<[T, number]>;
	const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
	let draw = random() * total;
	for (const [value, weight] of entries) {
		draw -= weight;
		if (draw <= 0) return value;
	}
	return entries[entries.length - 1][0];
}

const PRODUCTS = { auto: 30, home: 15, bundle: 12, renters: 8, life: 10, medicare: 8, commercialAuto: 5, generalLiability: 5, umbrella: 3, annuity: 4 };
const CHANNELS: Record<Exclude<Channel, 'unknown'>, number> = { paid_search: 30, paid_social: 25, aggregator: 20, organic: 10, referral: 8, direct: 7 };
const STATES = { FL: 25, TX: 20, CA: 15, GA: 10, NY: 10, OH: 8, AZ: 6, NC: 6 };

const PRODUCT_EFFECT: Record<string, number> = { bundle: 0.6, auto: 0, home: 0.2, renters: -0.4, life: -0.2, medicare: 0.3, commercialAuto: 0.1, generalLiability: 0.2, umbrella: 0.4, annuity: -0.3 };
const CHANNEL_EFFECT: Record<string, number> = { referral: 1.0, direct: 0.5, organic: 0.3, paid_search: 0.2, paid_social: -0.3, aggregator: -0.6 };
/** What the rules cannot see: some products sell very differently through some channels. */
const INTERACTION: Record<string, number> = {
	'auto|aggregator': -0.8,
	'life|paid_social': 1.1,
	'bundle|referral': 0.9,
	'medicare|paid_search': 0.8,
	'home|paid_social': 0.6,
	'generalLiability|organic': -0.7,
	'bundle|aggregator': -0.6,
};
const STATE_EFFECT: Record<string, number> = { FL: 0.1, TX: 0, CA: -0.2, GA: 0.1, NY: -0.1, OH: 0.2, AZ: 0, NC: 0.1 };

function sourceKindFor(channel: Channel, random: Random): SourceKind {
	if (channel === 'paid_social') return 'facebookLeadAds';
	if (channel === 'aggregator') return 'insurancePost';
	return pick(random, { typeform: 3, jotform: 2, hubspot: 3, googleForms: 1 } as Record<SourceKind, number>);
}

function isoDay(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export function simulateLeads(count: number, seed: number, start = Date.parse('2026-01-01T00:00:00Z')): SimulatedLead[] {
	const random = seededRandom(seed);
	const out: SimulatedLead[] = [];
	for (let index = 0; index < count; index++) {
		const receivedMs = start + index * 600_000;
		const product = pick(random, PRODUCTS);
		const channel = pick(random, CHANNELS);
		const state = pick(random, STATES);
		const hasPhone = random() < 0.85;
		const fictional = hasPhone && random() < 0.04;
		const hasEmail = random() < 0.8;
		const disposable = hasEmail && random() < 0.04;
		const duplicate = random() < 0.06;
		const expiringSoon = ['auto', 'home', 'bundle', 'renters'].includes(product) && random() < 0.25;
		const value = Math.round(500 + random() * 2500);
		const leadId = `sim-${seed}-${index}`;
		const lead: Lead = {
			leadId,
			receivedAt: new Date(receivedMs).toISOString(),
			source: { kind: sourceKindFor(channel, random), formId: null, channel, utm: { source: null, medium: null, campaign: null, term: null, content: null }, clickIds: {} },
			firstName: 'Sam',
			lastName: `Lead${index}`,
			fullName: `Sam Lead${index}`,
			email: hasEmail ? `sam${index}@${disposable ? 'mailinator.com' : 'example.com'}` : null,
			...(disposable ? { emailDisposable: true } : {}),
			phone: hasPhone ? (fictional ? '+12025550142' : `+1202${String(2000000 + index).slice(-7)}`) : null,
			street: null,
			city: null,
			state,
			zip: null,
			country: 'US',
			product,
			productRaw: product,
			value,
			consent: { given: random() < 0.9, text: null, timestamp: null, ip: null, pageUrl: null, trustedFormCertUrl: null, jornayaLeadId: null, namedRecipients: [] },
			dedupeKey: `sam${index}@example.com`,
			...(duplicate ? { duplicateOf: `sim-${seed}-${Math.max(0, index - 1)}` } : {}),
			fields: expiringSoon ? { current_policy_expiration_date: isoDay(receivedMs + (3 + Math.floor(random() * 20)) * 86_400_000) } : {},
			warnings: fictional ? [{ field: 'phone', code: 'phoneFictional', message: 'fictional' }] : [],
		};
		const logit =
			-2.0 +
			PRODUCT_EFFECT[product] +
			CHANNEL_EFFECT[channel] +
			(INTERACTION[`${product}|${channel}`] ?? 0) +
			STATE_EFFECT[state] +
			(hasPhone && !fictional ? 0.9 : 0) +
			(hasEmail && !disposable ? 0.3 : 0) +
			(expiringSoon ? 0.6 : 0) -
			(duplicate ? 1.2 : 0) -
			(fictional ? 2.0 : 0);
		const truth = 1 / (1 + Math.exp(-logit));
		const won = random() < truth;
		const rulesScore = scoreByRules(lead, { asOf: new Date(receivedMs) }).value;
		out.push({ lead, truth, won, rulesScore });
	}
	return out;
}

/**
 * The history Log Outcome would have written for these leads: an `assigned` event carrying the
 * snapshot as routed, then the terminal `won` / `lost` event. Flat tables store the snapshot as a
 * JSON string, so `asJsonStrings` exercises that shape.
 */
export function historyFor(leads: readonly SimulatedLead[], asJsonStrings = false): Array<Record<string, unknown>> {
	const records: Array<Record<string, unknown>> = [];
	for (const { lead, won, rulesScore } of leads) {
		const snapshot = {
			leadId: lead.leadId,
			product: lead.product,
			state: lead.state,
			source: { kind: lead.source.kind, channel: lead.source.channel },
			score: rulesScore,
			dedupeKey: lead.dedupeKey,
			value: lead.value ?? null,
			hasPhone: Boolean(lead.phone),
			hasEmail: Boolean(lead.email),
		};
		const receivedMs = Date.parse(lead.receivedAt);
		const base = { leadId: lead.leadId, agentId: 'agent-1', value: null, responseSeconds: 60, slaMet: true, strategy: 'roundRobin', propensity: 1 };
		records.push({ ...base, event: 'assigned', at: new Date(receivedMs + 1000).toISOString(), lead: asJsonStrings ? JSON.stringify(snapshot) : snapshot });
		records.push({ ...base, event: won ? 'won' : 'lost', at: new Date(receivedMs + 3 * 86_400_000).toISOString(), value: won ? lead.value ?? null : null, lead: null });
	}
	return records;
}
