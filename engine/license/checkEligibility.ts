/**
 * Which agents may legally take a lead, and why each other agent may not. Fails closed: a lead
 * whose state or product is unknown, or a roster with unreadable rows, never comes out "eligible"
 * by accident; every excluded agent carries machine-readable reasons.
 */
import type { LineRequirement } from '../data/productLines';
import { isLicensingJurisdiction } from '../data/stateTimeZones';
import type { Eligibility, ExcludedAgent, Lead, Reason } from '../types';
import { InputError } from '../types';
import { appointmentStanding, foldCarrier } from './appointments';
import { foldRecipients, isNamedRecipient } from './consent';
import { medicareCertificationProblem, medicarePlanYears } from './medicare';
import { daysUntil, localDatesIn } from './expiry';
import { describeRequirement, requirementFor, satisfiedAlternative, type ProductLineTable } from './productLines';
import { LICENSE_REASONS } from './reasons';
import { inactiveReason, type IndexedAgent, type LicenseIndex, type PreparedLicense } from './rosterIndex';
import { DEFAULT_PRODUCT_LINES } from '../data/productLines';

export interface LicenseCheckOptions {
	/** The moment the check is made for (reproducible checks pass a fixed one). */
	asOf: Date;
	/** Product -> lines of authority; defaults to engine/data/productLines.ts. */
	productLines?: ProductLineTable;
	/** Whether an agent needs an active appointment with `lead.carrier` in the lead's state. */
	requireAppointment?: boolean;
	/**
	 * States (codes) where, with requireAppointment, an agent not yet appointed with the carrier may
	 * still take the lead under a just-in-time appointment: eligible, with a warning to file it.
	 * Default none. Read a user's text with readJustInTimeStates.
	 */
	justInTimeAppointmentStates?: ReadonlySet<string>;
	/** Whether Medicare leads may only go to agencies named in the consent. Default true. */
	requireNamedInConsent?: boolean;
	/** Warn about licenses expiring within this many days. Default 30. */
	expiryWarningDays?: number;
	/** Products that carry the Medicare rules (named recipients, certification). Default: any product whose name contains "medicare" (isMedicareProduct). */
	consentProducts?: readonly string[];
	/**
	 * Whether a Medicare lead needs an agent certified for its plan year (and ready to sell the
	 * carrier it names): see medicare.ts. Default false, as rosters rarely carry it yet.
	 */
	requireMedicareCertification?: boolean;
}

type Warning = Eligibility['warnings'][number];

interface LeadContext {
	state: string;
	requirement: LineRequirement;
	requirementText: string;
	asOf: number;
	/** The lead's carrier, folded (see foldCarrier), when an appointment is required. */
	carrier: string | null;
	/** The carrier as the lead names it, for messages. */
	carrierName: string;
	/** Whether the lead's state is a just-in-time appointment state (with requireAppointment). */
	justInTime: boolean;
	namedRecipients: Set<string> | null;
	/** Whether the lead's consent is on record as given (`consent.given === true`). */
	consentGiven: boolean;
	/** With requireMedicareCertification, for a Medicare lead: the plan years it may be buying. */
	medicarePlanYears: number[] | null;
	/** The carrier a Medicare lead names (whether or not appointments are required). */
	medicareCarrier: { folded: string; name: string } | null;
	warningWindowMs: number;
}

/** What the check needs from a lead; anything shaped like the canonical Lead will do. */
export type LicenseLead = Pick<Lead, 'state' | 'product'> & Partial<Pick<Lead, 'carrier' | 'consent' | 'leadId' | 'fields'>>;

/**
 * Whether a product carries the Medicare rules (named recipients, certification): one of
 * `consentProducts` when given, else any product whose name says Medicare ("medicare",
 * "Medicare Advantage", "medicareSupplement"), in any case. A product mapped under its own name
 * must not slip past the consent rule because of its spelling.
 */
export function isMedicareProduct(product: unknown, consentProducts?: readonly string[]): boolean {
	if (typeof product !== 'string') return false;
	const folded = product.trim().toLowerCase();
	if (consentProducts) return consentProducts.some((entry) => entry.trim().toLowerCase() === folded);
	return folded.includes('medicare');
}

/** The lead's carrier as text; anything else is an error naming the field, not a crash. */
function readLeadCarrier(lead: LicenseLead): string | null {
	const carrier: unknown = lead.carrier;
	if (carrier === null || carrier === undefined || carrier === '') return null;
	if (typeof carrier !== 'string') throw new InputError('carrier', 'invalidCarrier', `must be a carrier name, not ${JSON.stringify(carrier)}`);
	return carrier.trim() || null;
}

function readLeadState(lead: LicenseLead): string | null {
	if (typeof lead.state !== 'string') return null;
	const state = lead.state.trim().toUpperCase();
	return isLicensingJurisdiction(state) ? state : null;
}

/** Whether a license is in force at `asOf`: active status and not past its expiry cutoff. */
function licenseProblems(entry: PreparedLicense, asOf: number, label: string): Reason[] {
	const problems: Reason[] = [];
	if (!entry.active) {
		problems.push({
			code: LICENSE_REASONS.licenseInactive,
			message: `${label} in ${entry.license.state} has status "${entry.license.status}"`,
		});
	}
	// Fail closed: a license whose expiry is not on file cannot be shown to be in force.
	if (entry.expiresAt === null) {
		problems.push({
			code: LICENSE_REASONS.licenseExpiryUnknown,
			message: `${label} in ${entry.license.state} has no expiry date on file (licenses[].expiresOn or licenseExpiresOn), so it cannot be checked`,
		});
	} else if (asOf >= entry.expiresAt) {
		problems.push({
			code: LICENSE_REASONS.licenseExpired,
			message: `${label} in ${entry.license.state} expired on ${entry.license.expiresOn}`,
		});
	}
	return problems;
}

function residentBacking(candidate: IndexedAgent, asOf: number): Reason | null {
	if (asOf < candidate.residentValidUntil) return null;
	const home = candidate.agent.residentState;
	const why =
		candidate.residentLicenses.length === 0
			? `no resident license${home ? ` in ${home}` : ''} is on file`
			: `the resident license${home ? ` in ${home}` : ''} is inactive, expired or has no expiry date on file`;
	return {
		code: LICENSE_REASONS.residentLicenseInactive,
		message: `non-resident license needs an active home-state license, but ${why}`,
	};
}

/**
 * The appointment check, when the lead names a carrier and appointments are required: a reason to
 * exclude the agent, a warning (just-in-time state, appointment not yet in force), or neither.
 */
function checkAppointment(candidate: IndexedAgent, context: LeadContext, carrier: string): { reason?: Reason; warning?: Warning } {
	const standing = appointmentStanding(candidate.appointmentsInState, carrier, localDatesIn(context.state, context.asOf));
	if (standing.kind === 'active') return {};
	const name = candidate.agent.name;
	if (context.justInTime && standing.kind !== 'ended') {
		const filed = standing.kind === 'pending' ? `'s appointment with ${context.carrierName} in ${context.state} is not in force yet` : ` has no appointment with ${context.carrierName} in ${context.state} yet`;
		return {
			warning: {
				code: LICENSE_REASONS.appointmentJustInTime,
				agentId: candidate.agent.id,
				message: `${name}${filed}: ${context.state} is one of your just-in-time appointment states, so the agency must have it filed within the state's deadline after the application`,
			},
		};
	}
	const ended = standing.kind === 'ended' ? ` (the one on file is ${standing.appointment.terminatedOn ? `terminated on ${standing.appointment.terminatedOn}` : `"${standing.appointment.status}"`})` : '';
	return {
		reason: {
			code: LICENSE_REASONS.noAppointment,
			message: `${name} has no active appointment with the requested carrier in ${context.state}${ended}`,
		},
	};
}

/**
 * Checks one agent licensed in the lead's state: the reasons to exclude them, or the license used
 * and any warnings about the appointment.
 */
function checkLicensedAgent(
	candidate: IndexedAgent,
	context: LeadContext,
): { reasons: Reason[]; license?: PreparedLicense; warnings?: Warning[] } {
	const agent = candidate.agent;
	const reasons: Reason[] = [];
	if (!agent.active) reasons.push(inactiveReason(agent));

	// An agent may hold several licenses in one state; one that passes every check is enough.
	let usable: PreparedLicense | undefined;
	const licenseReasons: Reason[] = [];
	for (const entry of candidate.licenses) {
		const problems = licenseProblems(entry, context.asOf, 'license');
		if (!satisfiedAlternative(entry.lines, context.requirement)) {
			problems.push({
				code: LICENSE_REASONS.missingLineOfAuthority,
				message: `license in ${context.state} lacks ${context.requirementText} (holds ${entry.linesText})`,
			});
		}
		if (entry.license.residency === 'nonresident') {
			const backing = residentBacking(candidate, context.asOf);
			if (backing) problems.push(backing);
		}
		if (problems.length === 0) {
			usable = entry;
			break;
		}
		for (const problem of problems) {
			if (!licenseReasons.some((known) => known.code === problem.code)) licenseReasons.push(problem);
		}
	}
	if (!usable) reasons.push(...licenseReasons);

	const appointment = context.carrier !== null ? checkAppointment(candidate, context, context.carrier) : {};
	if (appointment.reason) reasons.push(appointment.reason);
	if (context.medicarePlanYears) {
		const problem = medicareCertificationProblem(agent.name, agent.medicareCertifications ?? [], context.medicarePlanYears, context.medicareCarrier);
		if (problem) reasons.push(problem);
	}
	if (context.namedRecipients && !isNamedRecipient(agent, context.namedRecipients)) {
		reasons.push({
			code: LICENSE_REASONS.notNamedInConsent,
			message: context.consentGiven
				? `${agent.agency ?? agent.name} is not among the recipients the consumer consented to`
				: `the consumer's consent is not on record as given (consent.given), so no recipient may have this Medicare lead`,
		});
	}
	if (reasons.length > 0) return { reasons };
	return { reasons, license: usable, ...(appointment.warning ? { warnings: [appointment.warning] } : {}) };
}

function expiryWarnings(agentId: string, entry: PreparedLicense, context: LeadContext): Warning[] {
	// A usable license always has an expiry (licenseProblems).
	if (entry.expiresAt === null || entry.expiresAt - context.asOf > context.warningWindowMs) return [];
	const days = daysUntil(entry.expiresAt, context.asOf);
	return [
		{
			code: LICENSE_REASONS.licenseExpiringSoon,
			agentId,
			message: `license in ${context.state} expires on ${entry.license.expiresOn} (${days} day${days === 1 ? '' : 's'} left)`,
		},
	];
}

function needsReview(reasons: Reason[], asOf: Date, excluded: ExcludedAgent[] = []): Eligibility {
	return { status: 'needsReview', eligibleAgentIds: [], excluded, reasons, warnings: [], checkedAt: asOf.toISOString() };
}

/**
 * Checks one lead against the indexed roster. The arrays in the result may be shared with other
 * leads of the same execution (same state, product, carrier and asOf): treat them as read-only.
 */
export function checkEligibility(lead: LicenseLead, roster: LicenseIndex, options: LicenseCheckOptions): Eligibility {
	const asOf = options.asOf;
	const leadReasons: Reason[] = [];
	const state = readLeadState(lead);
	if (!state) {
		leadReasons.push({
			code: LICENSE_REASONS.unknownState,
			message:
				lead.state === null || lead.state === undefined || lead.state === ''
					? 'the lead has no state, so no license can be checked'
					: `"${String(lead.state)}" is not a US licensing jurisdiction`,
		});
	}
	const table = options.productLines ?? DEFAULT_PRODUCT_LINES;
	const requirement = requirementFor(lead.product, table);
	if (!requirement) {
		leadReasons.push({
			code: LICENSE_REASONS.unknownProduct,
			message: lead.product
				? `no lines of authority are configured for product "${lead.product}"`
				: 'the lead has no product, so the required lines of authority are unknown',
		});
	}
	if (roster.agentCount === 0) {
		leadReasons.push({
			code: LICENSE_REASONS.emptyRoster,
			message:
				roster.invalid.length > 0
					? `no roster row could be read (${roster.invalid.length} unreadable)`
					: 'the roster (Agents input) is empty',
		});
	}
	if (leadReasons.length > 0 || !state || !requirement) {
		return needsReview(leadReasons, asOf, [...roster.invalidExclusions]);
	}

	const medicare = isMedicareProduct(lead.product, options.consentProducts);
	const medicarePlanYearsNeeded = options.requireMedicareCertification && medicare ? medicarePlanYears(lead.fields, localDatesIn(state, asOf.getTime())) : null;
	// The carrier only matters to the appointment and ready-to-sell checks.
	const carrierName = options.requireAppointment || medicarePlanYearsNeeded ? readLeadCarrier(lead) : null;
	const carrier = options.requireAppointment && carrierName ? foldCarrier(carrierName) : null;
	const consentGiven = lead.consent?.given === true;
	const context: LeadContext = {
		state,
		requirement,
		requirementText: describeRequirement(requirement),
		asOf: asOf.getTime(),
		carrier,
		carrierName: carrierName ?? '',
		justInTime: carrier !== null && (options.justInTimeAppointmentStates?.has(state) ?? false),
		// Names on a consent the consumer did not give (a box left unticked next to the seller list)
		// authorise nobody.
		namedRecipients: options.requireNamedInConsent !== false && medicare ? (consentGiven ? foldRecipients(lead.consent?.namedRecipients) : new Set()) : null,
		consentGiven,
		medicarePlanYears: medicarePlanYearsNeeded,
		medicareCarrier: medicarePlanYearsNeeded && carrierName ? { folded: foldCarrier(carrierName), name: carrierName } : null,
		warningWindowMs: (options.expiryWarningDays ?? 30) * 86_400_000,
	};

	// Verdicts are reused only between leads checked at the same instant (a node execution's "now"
	// or a fixed As Of); a new instant starts afresh, so nothing is held that cannot be reused.
	if (roster.verdictsAsOf !== context.asOf) {
		roster.verdicts.clear();
		roster.verdictsAsOf = context.asOf;
	}
	const verdictKey = [
		state,
		context.requirementText,
		context.carrier ?? '',
		context.justInTime ? 'jit' : '',
		context.namedRecipients ? [...context.namedRecipients].sort().join('|') : '-',
		context.medicarePlanYears ? `${context.medicarePlanYears.join('+')}@${context.medicareCarrier?.folded ?? ''}` : '-',
		context.warningWindowMs,
	].join('\u0000');
	const known = roster.verdicts.get(verdictKey);
	if (known) return { ...known };

	const eligibleAgentIds: string[] = [];
	const excluded: ExcludedAgent[] = [];
	const warnings: Warning[] = [];
	for (const candidate of roster.licensedIn(state)) {
		const verdict = checkLicensedAgent(candidate, context);
		if (verdict.license) {
			eligibleAgentIds.push(candidate.agent.id);
			warnings.push(...expiryWarnings(candidate.agent.id, verdict.license, context), ...(verdict.warnings ?? []));
		} else {
			excluded.push({ agentId: candidate.agent.id, reasons: verdict.reasons });
		}
	}
	excluded.push(...roster.unlicensedIn(state), ...roster.invalidExclusions);

	const eligibility: Eligibility = {
		status: 'eligible',
		eligibleAgentIds,
		excluded,
		warnings,
		checkedAt: asOf.toISOString(),
	};
	if (eligibleAgentIds.length === 0) {
		// Unreadable rows might have been eligible: "none" would be a guess, so a person looks.
		if (roster.invalid.length > 0) {
			eligibility.status = 'needsReview';
			eligibility.reasons = [
				{
					code: LICENSE_REASONS.rosterInvalid,
					message: `no readable agent is eligible and ${roster.invalid.length} roster row(s) could not be read`,
				},
			];
		} else {
			eligibility.status = 'none';
		}
	}
	if (roster.verdicts.size >= 5_000) roster.verdicts.clear();
	roster.verdicts.set(verdictKey, eligibility);
	return { ...eligibility };
}
