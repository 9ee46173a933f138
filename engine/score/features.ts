/**
 * The lead features the conversion model learns from, read the same way from a live lead and from
 * the snapshot Log Outcome stored when that lead was routed. Features are one-hot names
 * ("product=bundle"), so every learned weight reads as a sentence. A feature the snapshot does not
 * carry is simply absent (never guessed), so a model only uses what history actually recorded.
 */
import type { JsonValue, LeadSnapshot } from '../types';
import type { ScoringLead } from './defaultRules';
import type { Feature } from './logisticModel';

export interface LeadFacts {
	product: string | null;
	channel: string | null;
	sourceKind: string | null;
	state: string | null;
	hasPhone: boolean | null;
	hasEmail: boolean | null;
	/** The rules score (0-100) the lead had; a compact summary of everything the rules saw. */
	rulesScore: number | null;
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function presence(flag: JsonValue | undefined, value: JsonValue | undefined): boolean | null {
	if (typeof flag === 'boolean') return flag;
	if (flag === 'true' || flag === 'false') return flag === 'true';
	if (value === undefined) return null;
	return text(value) !== null;
}

function scoreNumber(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
}

/**
 * The rules score of a lead's `score` (a number, or Lead Score's object). A learned score carries
 * the rules score its model read apart (`rulesValue`): learning reads that, never a model's own
 * output, so leads scored before and after a team switched modes share one scale.
 */
export function rulesScoreOf(score: unknown): number | null {
	if (score && typeof score === 'object' && !Array.isArray(score)) {
		const { rulesValue, value } = score as { rulesValue?: unknown; value?: unknown };
		return scoreNumber(rulesValue) ?? scoreNumber(value);
	}
	return scoreNumber(score);
}

/** The rules score of a logged lead: Log Outcome keeps a learned score's `rulesValue` as `rulesScore`. */
export function snapshotRulesScore(snapshot: LeadSnapshot): number | null {
	return scoreNumber(snapshot.rulesScore) ?? rulesScoreOf(snapshot.score);
}

export function factsFromLead(lead: ScoringLead, rulesScore: number): LeadFacts {
	return {
		product: text(lead.product),
		channel: text(lead.source?.channel),
		sourceKind: text(lead.source?.kind),
		state: text(lead.state),
		hasPhone: Boolean(lead.phone),
		hasEmail: Boolean(lead.email),
		rulesScore,
	};
}

export function factsFromSnapshot(snapshot: LeadSnapshot): LeadFacts {
	const source = snapshot.source && typeof snapshot.source === 'object' ? snapshot.source : null;
	return {
		product: text(snapshot.product),
		channel: text(source?.channel),
		sourceKind: text(source?.kind),
		state: text(snapshot.state),
		hasPhone: presence(snapshot.hasPhone, snapshot.phone),
		hasEmail: presence(snapshot.hasEmail, snapshot.email),
		rulesScore: snapshotRulesScore(snapshot),
	};
}

/** The name of the one numeric feature: the rules score, scaled so 50 points = 1. */
export const RULES_SCORE_FEATURE = 'rulesScore';

/**
 * Active features for a lead. The rules score goes in as a number: with little history the model
 * leans on the rules' ranking (one weight to learn), and the one-hot features add what the rules
 * miss as outcomes accumulate.
 */
export function leadFeatures(facts: LeadFacts): Feature[] {
	const names: string[] = [];
	if (facts.product) names.push(`product=${facts.product}`);
	if (facts.channel) names.push(`channel=${facts.channel}`);
	// Product x channel: "bundles from referrals" convert unlike either part alone.
	if (facts.product && facts.channel) names.push(`product×channel=${facts.product}|${facts.channel}`);
	if (facts.sourceKind) names.push(`source=${facts.sourceKind}`);
	if (facts.state) names.push(`state=${facts.state}`);
	if (facts.hasPhone !== null) names.push(`hasPhone=${facts.hasPhone}`);
	if (facts.hasEmail !== null) names.push(`hasEmail=${facts.hasEmail}`);
	const features: Feature[] = names.map((name) => ({ name, value: 1 }));
	if (facts.rulesScore !== null) features.push({ name: RULES_SCORE_FEATURE, value: (facts.rulesScore - 50) / 50 });
	return features;
}

/** How a feature reads in a reason: "product = bundle". */
export function describeFeature(feature: Feature, rulesScore: number | null): string {
	if (feature.name === RULES_SCORE_FEATURE) return `rules score = ${rulesScore ?? ''}`;
	const [key, value] = feature.name.split('=');
	const label: Record<string, string> = {
		product: 'product',
		channel: 'channel',
		'product×channel': 'product and channel',
		source: 'source',
		state: 'state',
		hasPhone: 'has a phone',
		hasEmail: 'has an email',
	};
	return `${label[key] ?? key} = ${(value ?? '').replace('|', ' from ')}`;
}
