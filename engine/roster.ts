/**
 * Reads a roster (agents) from whatever the user keeps it in: JSON from an API, a Data Table or a
 * sheet row with `licenses` as a JSON string, or flat columns (`licenseStates: "FL, GA"`,
 * `linesOfAuthority: "personalLines"`, `licenseExpiresOn`) that apply to every listed state.
 *
 * Fails closed: a row that cannot be read with confidence is not guessed at. It is returned in
 * `invalid` with code `rosterInvalid` and a message naming the field, and no lead can be routed to it.
 */
import { DateTime } from 'luxon';

import { stateCode } from './normalize/clean/state';
import {
	CoerceError,
	isAbsent,
	isEmptyRow,
	isPlainObject,
	ownEntry,
	preview,
	readBoolean,
	readJsonIfString,
	readList,
	readNumber,
	readString,
} from './coerce';
import { isPlanYear } from './license/medicare';
import type { Agent, Appointment, License, LineOfAuthority, MedicareCertification, Reason } from './types';
import { parseWorkingHours } from './workingHours';

export interface RosterProblem {
	/** Position of the row in the roster input (0-based). */
	row: number;
	agentId: string | null;
	reasons: Reason[];
}

export interface Roster {
	agents: Agent[];
	/** Rows no lead may be routed on: unreadable (`rosterInvalid`) or contradicting another row (`rosterConflict`). */
	invalid: RosterProblem[];
	/** Exact repeats of another row (`rosterDuplicate`): harmless, counted once, reported for cleanup. */
	duplicates: RosterProblem[];
}

export interface RosterOptions {
	/** Zone for agents whose row names none. */
	defaultTimeZone?: string;
}

/** "FL", "fl", "Florida", "Calif." -> USPS code (the same reader Lead Normalize uses); anything else is unreadable. */
export function readStateCode(value: unknown, field: string): string {
	const text = readString(value);
	if (text === undefined) throw new RowError(field, 'is missing');
	const code = stateCode(text);
	if (!code) throw new RowError(field, `is not a US state: ${preview(value)}`);
	return code;
}

/** Lines of authority as rosters spell them -> the canonical names of lead-schema.md. */
const LINE_ALIASES: Record<string, LineOfAuthority[]> = {
	life: ['life'],
	'accident & health': ['accidentHealth'],
	'accident and health': ['accidentHealth'],
	'accident & health or sickness': ['accidentHealth'],
	'accident and health or sickness': ['accidentHealth'],
	accidenthealth: ['accidentHealth'],
	'a&h': ['accidentHealth'],
	health: ['accidentHealth'],
	property: ['property'],
	casualty: ['casualty'],
	'property & casualty': ['property', 'casualty'],
	'property and casualty': ['property', 'casualty'],
	'p&c': ['property', 'casualty'],
	'variable life & variable annuity': ['variableLifeAnnuity'],
	'variable life and variable annuity': ['variableLifeAnnuity'],
	variablelifeannuity: ['variableLifeAnnuity'],
	variable: ['variableLifeAnnuity'],
	'personal lines': ['personalLines'],
	personallines: ['personalLines'],
	personal: ['personalLines'],
};

export function readLinesOfAuthority(value: unknown, field: string): LineOfAuthority[] {
	const list = readList(value) ?? [];
	const lines = new Set<LineOfAuthority>();
	for (const entry of list) {
		const key = String(entry).trim().toLowerCase().replace(/\s+/g, ' ');
		const canonical = ownEntry(LINE_ALIASES, key) ?? ownEntry(LINE_ALIASES, key.replace(/[\s_-]/g, ''));
		if (!canonical) throw new RowError(field, `has an unknown line of authority ${preview(entry)}`);
		canonical.forEach((line) => lines.add(line));
	}
	return [...lines];
}

/** A date in any common spelling -> YYYY-MM-DD (the calendar day; zones are the caller's business). */
export function readCalendarDate(value: unknown, field: string): string | null {
	if (isAbsent(value)) return null;
	const text = String(value).trim();
	const formats = ['yyyy-MM-dd', 'M/d/yyyy', 'M/d/yy', 'MM/dd/yyyy', 'yyyy/MM/dd', 'yyyyMMdd'];
	for (const format of formats) {
		const parsed = DateTime.fromFormat(text, format, { zone: 'UTC' });
		if (parsed.isValid) return parsed.toISODate();
	}
	// A timestamp ("2026-03-14T23:59:59-05:00", an export's local end of day) is read in its own
	// offset: converted to UTC first it would be the 15th, a day more than the license has. A year or
	// a month alone ("2027", "2027-03") is not a date, however ISO allows it.
	if (/^\d{4}-\d{2}-\d{2}[T ]/.test(text)) {
		const iso = DateTime.fromISO(text.replace(' ', 'T'), { setZone: true });
		if (iso.isValid) return iso.toISODate();
	}
	throw new RowError(field, `is not a date: ${preview(value)}`);
}

/** An unreadable field of one row; becomes a `rosterInvalid` reason. */
class RowError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field} ${message}`);
	}
}

/** Runs a reader and labels its failure with the field it was reading. */
function field<T>(name: string, read: () => T): T {
	try {
		return read();
	} catch (error) {
		if (error instanceof RowError) throw error;
		if (error instanceof CoerceError) throw new RowError(name, error.message);
		throw error;
	}
}

function readLicense(value: unknown, index: number, residentState: string | null): License {
	const at = `licenses[${index}]`;
	if (!isPlainObject(value)) throw new RowError(at, 'is not an object');
	const state = readStateCode(value.state, `${at}.state`);
	const residencyText = field(`${at}.residency`, () => readString(value.residency))?.toLowerCase();
	let residency: License['residency'];
	if (residencyText === undefined) residency = state === residentState ? 'resident' : 'nonresident';
	else if (residencyText === 'resident' || residencyText === 'nonresident') residency = residencyText;
	else if (residencyText === 'non-resident' || residencyText === 'non resident') residency = 'nonresident';
	else throw new RowError(`${at}.residency`, `must be resident or nonresident: ${preview(value.residency)}`);
	// A producer is resident in one state: a "resident" license elsewhere would let an expired home
	// license go unnoticed, since resident licenses need no backing.
	if (residency === 'resident' && residentState && state !== residentState) {
		throw new RowError(`${at}.residency`, `is resident in ${state}, but residentState is ${residentState}`);
	}
	return {
		state,
		residency,
		linesOfAuthority: readLinesOfAuthority(value.linesOfAuthority ?? value.lines ?? value.loa, `${at}.linesOfAuthority`),
		status: (field(`${at}.status`, () => readString(value.status)) ?? 'active').toLowerCase(),
		expiresOn: readCalendarDate(value.expiresOn ?? value.expirationDate ?? value.expires, `${at}.expiresOn`),
		...(isAbsent(value.number) ? {} : { number: String(value.number) }),
	};
}

/** Flat sheet columns: one set of lines and one expiry for every listed state. */
function readFlatLicenses(row: Record<string, unknown>, residentState: string | null): License[] {
	const states = field('licenseStates', () => readList(row.licenseStates)) ?? [];
	if (states.length === 0) return [];
	const linesOfAuthority = readLinesOfAuthority(row.linesOfAuthority, 'linesOfAuthority');
	const expiresOn = readCalendarDate(row.licenseExpiresOn, 'licenseExpiresOn');
	const status = (field('licenseStatus', () => readString(row.licenseStatus)) ?? 'active').toLowerCase();
	return states.map((entry) => {
		const state = readStateCode(entry, 'licenseStates');
		return {
			state,
			residency: state === residentState ? 'resident' : 'nonresident',
			linesOfAuthority,
			status,
			expiresOn,
		};
	});
}

function readAppointment(value: unknown, index: number): Appointment {
	const at = `appointments[${index}]`;
	if (!isPlainObject(value)) throw new RowError(at, 'is not an object');
	const carrier = field(`${at}.carrier`, () => readString(value.carrier));
	if (!carrier) throw new RowError(`${at}.carrier`, 'is missing');
	return {
		carrier,
		state: readStateCode(value.state, `${at}.state`),
		status: (field(`${at}.status`, () => readString(value.status)) ?? 'active').toLowerCase(),
		effectiveOn: readCalendarDate(value.effectiveOn, `${at}.effectiveOn`),
		terminatedOn: readCalendarDate(value.terminatedOn, `${at}.terminatedOn`),
	};
}

function readPlanYear(value: unknown, at: string): number {
	const year = field(at, () => readNumber(value));
	if (year === undefined) throw new RowError(at, 'is missing');
	if (!isPlanYear(year)) throw new RowError(at, `is not a plan year: ${preview(value)}`);
	return year;
}

/**
 * Medicare certifications: a JSON list of {planYear, carrier?} (no carrier: AHIP or a carrier's
 * training; with one: that carrier's ready-to-sell), and/or a flat `medicarePlanYears` column
 * ("2026, 2027") for the general certification alone.
 */
function readMedicareCertifications(row: Record<string, unknown>): MedicareCertification[] {
	const listed = readObjectList(row, 'medicareCertifications').map((value, index) => {
		const at = `medicareCertifications[${index}]`;
		if (!isPlainObject(value)) throw new RowError(at, 'is not an object');
		return { planYear: readPlanYear(value.planYear, `${at}.planYear`), carrier: field(`${at}.carrier`, () => readString(value.carrier)) ?? null };
	});
	const years = (field('medicarePlanYears', () => readList(row.medicarePlanYears)) ?? []).map((year) => ({ planYear: readPlanYear(year, 'medicarePlanYears'), carrier: null }));
	return [...listed, ...years];
}

function readObjectList(row: Record<string, unknown>, key: string): unknown[] {
	const value = field(key, () => readJsonIfString(row[key]));
	if (isAbsent(value)) return [];
	if (!Array.isArray(value)) throw new RowError(key, 'must be a list');
	return value;
}

function readOutOfOffice(row: Record<string, unknown>): Agent['outOfOffice'] {
	return readObjectList(row, 'outOfOffice').map((entry, index) => {
		const at = `outOfOffice[${index}]`;
		if (!isPlainObject(entry)) throw new RowError(at, 'is not an object');
		const from = DateTime.fromISO(String(entry.from ?? ''), { setZone: true });
		const to = DateTime.fromISO(String(entry.to ?? ''), { setZone: true });
		if (!from.isValid) throw new RowError(`${at}.from`, `is not a date or time: ${preview(entry.from)}`);
		if (!to.isValid) throw new RowError(`${at}.to`, `is not a date or time: ${preview(entry.to)}`);
		return { from: String(entry.from), to: String(entry.to) };
	});
}

function readCapacity(row: Record<string, unknown>): Agent['capacity'] {
	const nested = field('capacity', () => readJsonIfString(row.capacity));
	const source = isPlainObject(nested) ? nested : {};
	const perDay = field('capacity.perDay', () => readNumber(source.perDay ?? row.capacityPerDay ?? row.maxPerDay));
	const open = field('capacity.open', () => readNumber(source.open ?? row.capacityOpen ?? row.maxOpen));
	const capacity: Agent['capacity'] = {};
	if (perDay !== undefined) capacity.perDay = perDay;
	if (open !== undefined) capacity.open = open;
	return capacity;
}

function readAgent(row: Record<string, unknown>, options: RosterOptions): Agent {
	// A Data Table row also has its own numeric `id` (the row number): an explicit `agentId` column wins.
	const id = field('id', () => readString(row.agentId ?? row.id ?? row.email));
	if (!id) throw new RowError('id', 'is missing (and so is email)');
	const residentState = isAbsent(row.residentState) ? null : readStateCode(row.residentState, 'residentState');
	const timezone = field('timezone', () => readString(row.timezone ?? row.timeZone)) ?? options.defaultTimeZone ?? 'America/New_York';
	if (!DateTime.now().setZone(timezone).isValid) throw new RowError('timezone', `is not an IANA time zone: ${preview(timezone)}`);
	const weight = field('weight', () => readNumber(row.weight)) ?? 1;
	if (weight < 0) throw new RowError('weight', 'must not be negative');
	const nestedLicenses = readObjectList(row, 'licenses').map((entry, index) => readLicense(entry, index, residentState));
	const residentStates = [...new Set(nestedLicenses.filter((license) => license.residency === 'resident').map((license) => license.state))];
	if (residentStates.length > 1) {
		throw new RowError('licenses', `mark more than one state as resident (${residentStates.join(', ')}); a producer has one home state: set residentState`);
	}
	const name =
		field('name', () => readString(row.name ?? row.fullName)) ??
		([readString(row.firstName), readString(row.lastName)].filter(Boolean).join(' ') || id);
	return {
		id,
		name,
		email: field('email', () => readString(row.email)) ?? null,
		phone: field('phone', () => readString(row.phone)) ?? null,
		active: field('active', () => readBoolean(row.active)) ?? true,
		timezone,
		workingHours: field('workingHours', () => parseWorkingHours(row.workingHours)),
		outOfOffice: readOutOfOffice(row),
		weight,
		capacity: readCapacity(row),
		skills: (field('skills', () => readList(row.skills)) ?? []).map((skill) => String(skill).trim()),
		residentState,
		licenses: [...nestedLicenses, ...readFlatLicenses(row, residentState)],
		appointments: readObjectList(row, 'appointments').map(readAppointment),
		medicareCertifications: readMedicareCertifications(row),
		agency: field('agency', () => readString(row.agency)) ?? null,
		onCall: field('onCall', () => readBoolean(row.onCall)) ?? false,
	};
}

function rowIdOf(row: unknown): string | null {
	if (!isPlainObject(row)) return null;
	const id = row.agentId ?? row.id ?? row.email;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/**
 * Parses every roster row; never throws.
 * The same agent id on several rows: identical rows count once; rows that disagree (a stale copy with
 * other licenses, say) exclude that agent entirely with `rosterConflict` until the roster is fixed,
 * because routing on either copy could send a lead to someone not licensed for it.
 */
export function parseRoster(rows: unknown[], options: RosterOptions = {}): Roster {
	const invalid: RosterProblem[] = [];
	const duplicates: RosterProblem[] = [];
	const rowsById = new Map<string, Array<{ row: number; agent: Agent | null; fingerprint: string }>>();
	rows.forEach((row, index) => {
		if (isEmptyRow(row)) return;
		const agentId = rowIdOf(row);
		const reject = (message: string) =>
			invalid.push({ row: index, agentId, reasons: [{ code: 'rosterInvalid', message }] });
		if (!isPlainObject(row)) {
			reject(`roster row ${index} is not an object`);
			return;
		}
		let agent: Agent | null = null;
		try {
			agent = readAgent(row, options);
		} catch (error) {
			if (!(error instanceof RowError) && !(error instanceof CoerceError)) throw error;
			reject(`roster row ${index}${agentId ? ` (agent "${agentId}")` : ''}: ${error.message}`);
		}
		const id = agent?.id ?? agentId;
		if (id === null) return;
		const copies = rowsById.get(id) ?? [];
		copies.push({ row: index, agent, fingerprint: agent ? JSON.stringify(agent) : `unreadable row ${index}` });
		rowsById.set(id, copies);
	});

	const agents: Agent[] = [];
	for (const [id, copies] of rowsById) {
		const [first] = copies;
		if (copies.length === 1) {
			if (first.agent) agents.push(first.agent);
			continue;
		}
		const rowList = copies.map((copy) => copy.row).join(', ');
		if (first.agent && copies.every((copy) => copy.fingerprint === first.fingerprint)) {
			agents.push(first.agent);
			for (const copy of copies.slice(1)) {
				duplicates.push({
					row: copy.row,
					agentId: id,
					reasons: [{ code: 'rosterDuplicate', message: `roster row ${copy.row}: agent id "${id}" repeats row ${first.row} exactly; counted once` }],
				});
			}
			continue;
		}
		for (const copy of copies.filter((entry) => entry.agent)) {
			invalid.push({
				row: copy.row,
				agentId: id,
				reasons: [{ code: 'rosterConflict', message: `roster row ${copy.row}: agent id "${id}" appears on rows ${rowList} with different data; the agent is left out until the roster has one row for them` }],
			});
		}
	}
	invalid.sort((a, b) => a.row - b.row);
	return { agents, invalid, duplicates };
}
