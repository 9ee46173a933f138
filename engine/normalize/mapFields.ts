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
 * Where a key sits, lower first. Answers inside an answer container (`data`, `fields`) come before
 * every key outside one, which describes the form rather than the person (Webflow's form `name`
 * beside `data.Name`), and an inner container before an outer one; among equals, shallower wins.
 */
function placeOf(parents: string[]): number {
	const containers = parents.filter((parent) => ANSWER_CONTAINERS.has(parent)).length;
	return parents.length - containers - containers * (MAX_DEPTH + 1);
}

type Guess = { field: string; rank: number; place: number } | null;

/** The best reading of one entry, or none. */
function bestGuess(entry: SourceEntry, fieldMap: ReadonlyMap<string, string>): Guess {
	const segments = expandKeyPath(entry.path);
	const last = segments[segments.length - 1] ?? '';
	const lookups = [entry.key, segments.join('.'), last, entry.label ?? '', ...(entry.sourceKeys ?? [])].map(keyForm).filter((k) => k !== '');
	for (const lookup of lookups) {
		const mapped = fieldMap.get(lookup);
		if (mapped) return { field: mapped, rank: 0, place: 0 };
	}
	if (isSecondaryPerson(segments)) return null;
	if (entry.hint) return { field: entry.hint, rank: 1, place: 0 };
	const parents = segments.slice(0, -1).map(keyForm);
	// The whole key (`address.zip` as "addresszip") and the last key under person-ish parents are
	// the same kind of evidence, so where they sit decides between them.
	const whole = ALIAS_TO_FIELD.get(keyForm(segments.join('')));
	if (whole) return { field: whole, rank: 2, place: placeOf(parents) };
	const transparent = parents.every((parent, i) => TRANSPARENT_PARENTS.has(parent) || (/^0$/.test(parent) && i > 0));
	const lastField = ALIAS_TO_FIELD.get(keyForm(last));
	if (lastField && transparent) return { field: lastField, rank: 2, place: placeOf(parents) };
	const prefixed = transparent ? fromPrefixedKey(keyForm(last)) : undefined;
	if (prefixed) return { field: prefixed, rank: 3, place: placeOf(parents) };
	if (entry.label) {
		for (const [pattern, field] of LABEL_WORDS) if (pattern.test(entry.label)) return { field, rank: 4, place: 0 };
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
	entries.forEach((entry, order) => {
		const guess = cachedGuess(entry, fieldMap);
		if (!guess) return;
		if (!CANONICAL_SET.has(guess.field)) {
			renamed.set(entry, guess.field);
			return;
		}
		const field = guess.field as CanonicalField;
		const list = byField.get(field) ?? [];
		list.push({ entry, rank: guess.rank, place: guess.place, order });
		byField.set(field, list);
	});
	for (const list of byField.values()) list.sort((a, b) => a.rank - b.rank || a.place - b.place || a.order - b.order);
	return { byField, renamed };
}
