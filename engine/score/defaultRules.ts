/**
 * The built-in scoring rules: a starting point a user can keep ("Use Default Rules") and add their
 * own filter rules to. Each has a stable name (reasons and audits refer to it) and plain points,
 * so an ops person can see exactly why a lead scored what it did. The weights follow the domain
 * facts: reachability (a valid phone) and intent (referrals, a policy about to renew) predict a
 * sale; duplicates and fake contact data predict wasted calls. They add up to 100 at best.
 */
import type { Lead } from '../types';
import { daysUntilPolicyExpiry } from './policyExpiry';

export interface RuleContext {
	/** The moment of scoring, epoch ms. */
	asOf: number;
	/** "Urgent" means the current policy expires within this many days. */
	urgencyDays: number;
}

/** What the default rules read; the canonical Lead satisfies it. */
export type ScoringLead = Partial<Lead>;

export interface DefaultScoreRule {
	/** Stable identifier, shown in `score.reasons[].rule`. */
	name: string;
	points: number;
	/** What the rule means, for docs and the reasons' message. */
	description: string;
	/** Whether the rule fires for this lead. */
	fires(lead: ScoringLead, context: RuleContext): boolean;
}

/** 555-0100 .. 555-0199 is reserved for fiction (NANPA); tests and demos use it. */
const FICTIONAL_PHONE = /^\+1\d{3}55501\d{2}$/;

function hasWarning(lead: ScoringLead, code: string): boolean {
	return Array.isArray(lead.warnings) && lead.warnings.some((warning) => warning?.code === code);
}

function isFictionalPhone(lead: ScoringLead): boolean {
	return hasWarning(lead, 'phoneFictional') || (typeof lead.phone === 'string' && FICTIONAL_PHONE.test(lead.phone));
}

function isDisposableEmail(lead: ScoringLead): boolean {
	return lead.emailDisposable === true || hasWarning(lead, 'emailDisposable');
}

/** Products worth more per sale: multi-line, commercial and long-tail life/annuity/Medicare. */
const HIGH_VALUE_PRODUCTS = new Set([
	'bundle',
	'commercialAuto',
	'commercialProperty',
	'generalLiability',
	'workersComp',
	'life',
	'annuity',
	'medicare',
]);

export const DEFAULT_SCORE_RULES: readonly DefaultScoreRule[] = [
	{
		name: 'contactComplete',
		points: 15,
		description: 'Name, email and phone are all present',
		fires: (lead) => Boolean((lead.fullName || lead.firstName) && lead.email && lead.phone),
	},
	{
		name: 'validPhone',
		points: 15,
		description: 'A callable phone number (E.164, not a fictional 555-01xx number)',
		fires: (lead) => Boolean(lead.phone) && !isFictionalPhone(lead),
	},
	{
		name: 'validEmail',
		points: 10,
		description: 'An email address that is not a disposable (throwaway) service',
		fires: (lead) => Boolean(lead.email) && !isDisposableEmail(lead),
	},
	{
		name: 'referralChannel',
		points: 20,
		description: 'Came from a referral (the highest-intent channel)',
		fires: (lead) => lead.source?.channel === 'referral',
	},
	{
		name: 'directOrSearchChannel',
		points: 10,
		description: 'Came direct, from organic search or from paid search (the person was looking)',
		fires: (lead) => ['direct', 'organic', 'paid_search'].includes(lead.source?.channel ?? ''),
	},
	{
		name: 'highValueProduct',
		points: 15,
		description: 'Bundled, commercial, life, annuity or Medicare product',
		fires: (lead) => HIGH_VALUE_PRODUCTS.has(lead.product ?? ''),
	},
	{
		name: 'policyExpiringSoon',
		points: 20,
		description: 'The current policy expires within the urgency window (default 30 days)',
		// By calendar date in the lead's state: a policy expiring today is urgent all day there.
		fires: (lead, context) => {
			const days = daysUntilPolicyExpiry(lead.fields, lead.state, context.asOf);
			return days !== null && days >= 0 && days <= context.urgencyDays;
		},
	},
	{
		name: 'consentGiven',
		points: 5,
		description: 'The lead gave consent to be contacted',
		fires: (lead) => lead.consent?.given === true,
	},
	{
		name: 'duplicate',
		points: -30,
		description: 'A duplicate of an earlier lead (duplicateOf is set)',
		// Lead Normalize marks a re-delivery of the same submission (a webhook retry) with its own
		// leadId as duplicateOf: that is the same lead again, not a second one, so no penalty.
		fires: (lead) => Boolean(lead.duplicateOf) && lead.duplicateOf !== lead.leadId,
	},
	{
		name: 'fictionalPhone',
		points: -40,
		description: 'The phone is in the 555-0100..0199 range reserved for fiction',
		fires: (lead) => Boolean(lead.phone) && isFictionalPhone(lead),
	},
	{
		name: 'disposableEmail',
		points: -20,
		description: 'The email is at a disposable (throwaway) service',
		fires: (lead) => Boolean(lead.email) && isDisposableEmail(lead),
	},
];
