/**
 * Medicare's annual certification. Before selling Medicare Advantage or Part D plans for a plan
 * year, an agent completes that year's training (AHIP or a carrier's own) and each carrier marks
 * them "ready to sell" its plans for that year. So a Medicare lead needs an agent certified for
 * the plan year the consumer is buying, and, when the lead names a carrier, ready to sell that
 * carrier's plans for it.
 *
 * Which plan year: the one the lead names, if it does. Otherwise it follows the calendar in the
 * lead's state: until September, this year's plans. From October 1 (marketing of next year's
 * plans opens; annual enrollment runs October 15 to December 7 for coverage from January 1) a
 * consumer may be buying next year's plan or, with a special enrollment period, this year's: the
 * lead does not say which, so the agent must be certified for both (fail closed).
 */
import type { JsonObject, MedicareCertification, Reason } from '../types';
import { foldCarrier } from './appointments';
import type { LocalDates } from './expiry';
import { LICENSE_REASONS } from './reasons';

/** Where a lead names its plan year (form fields as Lead Normalize keeps them). */
const PLAN_YEAR_FIELDS = ['planYear', 'plan_year', 'coverageYear', 'coverage_year', 'medicarePlanYear', 'medicare_plan_year'];

export function isPlanYear(value: number): boolean {
	return Number.isInteger(value) && value >= 2000 && value <= 2100;
}

function namedPlanYear(fields: JsonObject | undefined): number | null {
	for (const key of PLAN_YEAR_FIELDS) {
		const value = fields?.[key];
		const year = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{4}\s*$/.test(value) ? Number(value) : NaN;
		if (isPlanYear(year)) return year;
	}
	return null;
}

function planYearsOn(localDate: string): number[] {
	const year = Number(localDate.slice(0, 4));
	const month = Number(localDate.slice(5, 7));
	return month >= 10 ? [year, year + 1] : [year];
}

/**
 * The plan years a Medicare lead may be buying, given the dates across its state (localDatesIn):
 * those of either date, so the hour in which one part of a two-zone state is already in the new
 * year (or in October) and the other is not asks for both.
 */
export function medicarePlanYears(fields: JsonObject | undefined, today: LocalDates): number[] {
	const named = namedPlanYear(fields);
	if (named !== null) return [named];
	return [...new Set([...planYearsOn(today.earliest), ...planYearsOn(today.latest)])].sort((a, b) => a - b);
}

function holds(certifications: readonly MedicareCertification[], planYear: number, carrier: string | null): boolean {
	return certifications.some((entry) => entry.planYear === planYear && (carrier === null ? entry.carrier === null : entry.carrier !== null && foldCarrier(entry.carrier) === carrier));
}

/**
 * Why an agent may not take a Medicare lead for `planYears` (with `carrier`, folded, when the lead
 * names one), or null when they may: the general certification for every one of those years, and
 * the carrier's ready-to-sell for each.
 */
export function medicareCertificationProblem(
	agentName: string,
	certifications: readonly MedicareCertification[],
	planYears: readonly number[],
	carrier: { folded: string; name: string } | null,
): Reason | null {
	const missing: string[] = [];
	for (const planYear of planYears) {
		if (!holds(certifications, planYear, null)) missing.push(`Medicare certification (AHIP or carrier training) for plan year ${planYear}`);
		if (carrier && !holds(certifications, planYear, carrier.folded)) missing.push(`ready-to-sell status with ${carrier.name} for plan year ${planYear}`);
	}
	if (missing.length === 0) return null;
	return { code: LICENSE_REASONS.medicareNotCertified, message: `${agentName} has no ${missing.join(' and no ')} on file` };
}
