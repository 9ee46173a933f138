/**
 * Decides which answer feeds which canonical field. Every answer can be a candidate for one
 * field; candidates are ranked so the most explicit evidence wins: the user's own field map, then
 * what the source says (Typeform's answer type), then the key itself (also nested under a
 * person-ish parent), then a ping/post prefix (`driver1_`), then words in the question title.
 * Within one kind of evidence the key's place in the payload decides (placeOf): answers inside a
 * `data` container before the form's metadata beside it, then shallower before deeper.
 */
import type { SourceEntry } from './entries';
import { MAX_DEPTH } from './safe';
import { expandKeyPath } from './shapes/flat';
import {
	ALIAS_TO_FIELD,
	ANSWER_CONTAINERS,
	CANONICAL_FIELDS,
	type CanonicalField,
	LABEL_WORDS,
	PERSON_PREFIXES,
	TRANSPARENT_PARENTS,
} from './fieldAliases';
import { keyForm } from './options';

export interface Candidate {
	entry: SourceEntry;
	rank: number;
	/** Where the key sits, lower first (placeOf); compared only between equal ranks. */
	place: number;
	order: number;
}

export interface FieldCandidates {
	byField: Map<CanonicalField, Candidate[]>;
	/** Entries the user's map renamed to a key of their own, with that key. */
	renamed: Map<SourceEntry, string>;
}

const CANONICAL_SET: ReadonlySet<string> = new Set(CANONICAL_FIELDS);

/** `drivers.1.first_name` or `applicants.2.email`: someone other than the lead. */
function isSecondaryPerson(segments: string[]): boolean {
	for (let i = 0; i + 1 < segments.length; i++) {
		if (/^(drivers?|applicants?|people|persons|contacts)$/i.test(segments[i]) && /^[1-9]\d*$/.test(segments[i + 1])) {
			return true;
		}
	}
	return segments.some((segment) => /^(driver|applicant)[2-9]/i.test(segment));
}

// A prefix says whose detail a key is; the premium is nobody's detail, and a prefixed amount is
// something else: `home_value` is what the house is worth, not the policy's premium.
const NOT_PERSON_DETAILS: ReadonlySet<CanonicalField> = new Set(['value']);

function fromPrefixedKey(form: string): CanonicalField | undefined {
	for (const prefix of PERSON_PREFIXES) {
		if (form.startsWith(prefix) && form.length > prefix.length) {
			const field = ALIAS_TO_FIELD.get(form.slice(prefix.length));
			if (field && !NOT_PERSON_DETAILS.has(field)) return field;
		}
	}
	return undefined;
}

/**
 * Where a key sits, lower first: shallower wins. Answers inside an answer container (`data`,
 * `fields`) that holds the person's contact details come before every key outside it, which then
 * describes the form rather than the person (Webflow's form `name` beside `data.Name`); an inner
 * container before an outer one. A `data` block without contact details (`{state, data: {state,
 * source}}`) is extra detail, and the explicit top-level key keeps its precedence.
 */
function placeOf(parents: string[], answersInside: boolean): number {
	if (!answersInside) return parents.length;
	const containers = parents.filter((parent) => ANSWER_CONTAINERS.has(parent)).length;
	return parents.length - containers - containers * (MAX_DEPTH + 1);
}

/** The path of the innermost answer container among `parents` (joined), or null. */
function containerOf(parents: string[]): string | null {
	for (let index = parents.length - 1; index >= 0; index--) {
		if (ANSWER_CONTAINERS.has(parents[index])) return parents.slice(0, index + 1).join('.');
	}
	return null;
}

/** Fields that say a container holds the person's answers, not extra detail. */
const CONTACT_FIELDS: ReadonlySet<string> = new Set(['email', 'phone', 'fullName', 'firstName', 'lastName']);

/** `parents`: the key's (key-formed) parent path, for placeOf once it is known which containers hold answers. */
type Guess = { field: string; rank: number; parents: string[] | null } | null;

/** The best reading of one entry, or none. */
function bestGuess(entry: SourceEntry, fieldMap: ReadonlyMap<string, string>): Guess {
	const segments = expandKeyPath(entry.path);
	const last = segments[segments.length - 1] ?? '';
	const lookups = [entry.key, segments.join('.'), last, entry.label ?? '', ...(entry.sourceKeys ?? [])].map(keyForm).filter((k) => k !== '');
	for (const lookup of lookups) {
		const mapped = fieldMap.get(lookup);
		if (mapped) return { field: mapped, rank: 0, parents: null };
	}
	if (isSecondaryPerson(segments)) return null;
	if (entry.hint) return { field: entry.hint, rank: 1, parents: null };
	const parents = segments.slice(0, -1).map(keyForm);
	// The whole key (`address.zip` as "addresszip") and the last key under person-ish parents are
	// the same kind of evidence, so where they sit decides between them.
	const whole = ALIAS_TO_FIELD.get(keyForm(segments.join('')));
	if (whole) return { field: whole, rank: 2, parents };
	const transparent = parents.every((parent, i) => TRANSPARENT_PARENTS.has(parent) || (/^0$/.test(parent) && i > 0));
	const lastField = ALIAS_TO_FIELD.get(keyForm(last));
	if (lastField && transparent) return { field: lastField, rank: 2, parents };
	const prefixed = transparent ? fromPrefixedKey(keyForm(last)) : undefined;
	if (prefixed) return { field: prefixed, rank: 3, parents };
	if (entry.label) {
		for (const [pattern, field] of LABEL_WORDS) if (pattern.test(entry.label)) return { field, rank: 4, parents: null };
	}
	return null;
}

// The same forms arrive again and again: a guess depends only on the entry's key, path, label,
// hint and source spellings and on the field map, so it is remembered per field map (bounded; a
// miss only costs time).
const guessCaches = new WeakMap<ReadonlyMap<string, string>, Map<string, Guess>>();

function cachedGuess(entry: SourceEntry, fieldMap: ReadonlyMap<string, string>): Guess {
	let cache = guessCaches.get(fieldMap);
	if (!cache) {
		cache = new Map();
		guessCaches.set(fieldMap, cache);
	}
	const signature = `${entry.key}\u0001${entry.path.join('\u0001')}\u0002${entry.label ?? ''}\u0002${entry.hint ?? ''}\u0002${entry.sourceKeys?.join('\u0001') ?? ''}`;
	if (signature.length > 512) return bestGuess(entry, fieldMap);
	let guess = cache.get(signature);
	if (guess === undefined) {
		guess = bestGuess(entry, fieldMap);
		if (cache.size > 20_000) cache.clear();
		cache.set(signature, guess);
	}
	return guess;
}

export function candidatesFor(entries: SourceEntry[], fieldMap: ReadonlyMap<string, string>): FieldCandidates {
	const byField = new Map<CanonicalField, Candidate[]>();
	const renamed = new Map<SourceEntry, string>();
	const guesses = entries.map((entry) => cachedGuess(entry, fieldMap));
	// Answer containers that hold contact details: their answers outrank the keys beside them.
	const answerContainers = new Set<string>();
	for (const guess of guesses) {
		const container = guess?.parents ? containerOf(guess.parents) : null;
		if (container !== null && CONTACT_FIELDS.has(guess!.field)) answerContainers.add(container);
	}
	entries.forEach((entry, order) => {
		const guess = guesses[order];
		if (!guess) return;
		if (!CANONICAL_SET.has(guess.field)) {
			renamed.set(entry, guess.field);
			return;
		}
		const field = guess.field as CanonicalField;
		const list = byField.get(field) ?? [];
		const container = guess.parents ? containerOf(guess.parents) : null;
		const place = guess.parents ? placeOf(guess.parents, container !== null && answerContainers.has(container)) : 0;
		list.push({ entry, rank: guess.rank, place, order });
		byField.set(field, list);
	});
	for (const list of byField.values()) list.sort((a, b) => a.rank - b.rank || a.place - b.place || a.order - b.order);
	return { byField, renamed };
}
