/**
 * Carrier appointments: whether an agent is appointed with the lead's carrier in the lead's state,
 * and, in the states the agency lists as just-in-time appointment states, whether the agent may
 * take the lead before the appointment is on file. Many states let a licensed producer write an
 * application first and have the carrier file the appointment within a deadline (often about 15
 * days of the first application); the agency knows which of its states and carriers allow it, so
 * the list is theirs to set, and an empty list keeps the strict rule.
 */
import { CoerceError, readList } from '../coerce';
import { isLicensingJurisdiction } from '../data/stateTimeZones';
import type { Appointment } from '../types';
import { InputError } from '../types';
import type { LocalDates } from './expiry';
import { isActiveStatus } from './rosterIndex';

/**
 * Where an agent stands with one carrier in one state today:
 * - `active`: appointed and in force;
 * - `pending`: filed (a pending status, or in force from a later date), not yet in force;
 * - `ended`: terminated, cancelled, or with a status this check does not know;
 * - `none`: no appointment with that carrier in that state on file.
 */
export type AppointmentStanding =
	| { kind: 'active' }
	| { kind: 'pending'; appointment: Appointment }
	| { kind: 'ended'; appointment: Appointment }
	| { kind: 'none' };

/** Statuses of an appointment that has been filed but is not yet in force. */
const PENDING_STATUSES = new Set(['pending', 'submitted', 'filed', 'requested', 'in process', 'in progress']);

const isInForce = (status: string) => isActiveStatus(status === 'appointed' ? 'active' : status);

/** Carrier names compared without case, spaces or punctuation ("State Farm" = "statefarm"). */
export function foldCarrier(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Ended once the state's latest date reaches the termination; started once its earliest reaches the start. */
function standingOf(appointment: Appointment, today: LocalDates): AppointmentStanding['kind'] {
	if (appointment.terminatedOn && appointment.terminatedOn <= today.latest) return 'ended';
	const status = appointment.status.trim().toLowerCase();
	if (PENDING_STATUSES.has(status)) return 'pending';
	if (!isInForce(status)) return 'ended';
	return appointment.effectiveOn && appointment.effectiveOn > today.earliest ? 'pending' : 'active';
}

/**
 * The agent's standing with `carrier` (folded) among their appointments in the lead's state, on
 * `today` (the state's calendar dates: localDatesIn). One appointment in force is enough. Otherwise an ended one
 * outweighs a pending one: a carrier that terminated the agent has said no, and fail-closed means
 * that is what counts.
 */
export function appointmentStanding(appointmentsInState: readonly Appointment[], carrier: string, today: LocalDates): AppointmentStanding {
	let pending: Appointment | undefined;
	let ended: Appointment | undefined;
	for (const appointment of appointmentsInState) {
		if (foldCarrier(appointment.carrier) !== carrier) continue;
		const kind = standingOf(appointment, today);
		if (kind === 'active') return { kind };
		if (kind === 'pending') pending ??= appointment;
		else ended ??= appointment;
	}
	if (ended) return { kind: 'ended', appointment: ended };
	if (pending) return { kind: 'pending', appointment: pending };
	return { kind: 'none' };
}

/**
 * Reads the Just-in-Time Appointment States option: two-letter codes in any list the roster's
 * `licenseStates` takes (commas, semicolons, a JSON array; readList), spaces between codes too
 * ("FL TX"). Anything that is not a US licensing jurisdiction is an error naming the option,
 * rather than a state quietly left strict (or, worse, a typo read as another state).
 */
export function readJustInTimeStates(value: unknown, field = 'justInTimeAppointmentStates'): ReadonlySet<string> {
	let entries: unknown[];
	try {
		entries = readList(value) ?? [];
	} catch (error) {
		if (error instanceof CoerceError) throw new InputError(field, 'invalidStateList', error.message);
		throw error;
	}
	const states = new Set<string>();
	for (const code of entries.flatMap((entry) => String(entry).trim().split(/\s+/)).filter(Boolean)) {
		if (!isLicensingJurisdiction(code.toUpperCase())) {
			throw new InputError(field, 'invalidStateList', `lists "${code}", which is not a US state code (two letters, e.g. FL)`);
		}
		states.add(code.toUpperCase());
	}
	return states;
}
