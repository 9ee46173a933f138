/**
 * Decides which answer feeds which canonical field. Every answer can be a candidate for one
 * field; candidates are ranked so the most explicit evidence wins: the user's own field map, then
 * what the source says (Typeform's answer type), then the key itself, then the key nested under
 * a person-ish parent, then a ping/post prefix (`driver1_`), then words in the question title.
 */
import type { SourceEntry } from './entries';
import { expandKeyPath } from './shapes/flat';
import {
	ALIAS_TO_FIELD,
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

function fromPrefixedKey(form: string): CanonicalField | undefined {
	for (const prefix of PERSON_PREFIXES) {
		if (form.startsWith(prefix) && form.length > prefix.length) {
			const field = ALIAS_TO_FIELD.get(form.slice(prefix.length));
			if (field) return field;
		}
	}
	return undefined;
}

/** The best reading of one entry, or none. */
function bestGuess(entry: SourceEntry, fieldMap: ReadonlyMap<string, string>): { field: string; rank: number } | null {
	const segments = expandKeyPath(entry.path);
	const last = segments[segments.length - 1] ?? '';
	const lookups = [entry.key, segments.join('.'), last, entry.label ?? ''].map(keyForm).filter((k) => k !== '');
	for (const lookup of lookups) {
		const mapped = fieldMap.get(lookup);
		if (mapped) return { field: mapped, rank: 0 };
	}
	if (isSecondaryPerson(segments)) return null;
	if (entry.hint) return { field: entry.hint, rank: 1 };
	const whole = ALIAS_TO_FIELD.get(keyForm(segments.join('')));
	if (whole) return { field: whole, rank: 2 };
	const parents = segments.slice(0, -1).map(keyForm);
	const transparent = parents.every((parent, i) => TRANSPARENT_PARENTS.has(parent) || (/^0$/.test(parent) && i > 0));
	const lastField = ALIAS_TO_FIELD.get(keyForm(last));
	if (lastField && transparent) return { field: lastField, rank: 3 + parents.length };
	const prefixed = transparent ? fromPrefixedKey(keyForm(last)) : undefined;
	if (prefixed) return { field: prefixed, rank: 10 + parents.length };
	if (entry.label) {
		for (const [pattern, field] of LABEL_WORDS) if (pattern.test(entry.label)) return { field, rank: 20 };
	}
	return null;
}

type Guess = { field: string; rank: number } | null;

// The same forms arrive again and again: a guess depends only on the entry's key, path, label and
// hint and on the field map, so it is remembered per field map (bounded; a miss only costs time).
const guessCaches = new WeakMap<ReadonlyMap<string, string>, Map<string, Guess>>();

function cachedGuess(entry: SourceEntry, fieldMap: ReadonlyMap<string, string>): Guess {
	let cache = guessCaches.get(fieldMap);
	if (!cache) {
		cache = new Map();
		guessCaches.set(fieldMap, cache);
	}
	const signature = `${entry.key}\u0001${entry.path.join('\u0001')}\u0002${entry.label ?? ''}\u0002${entry.hint ?? ''}`;
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
		list.push({ entry, rank: guess.rank, order });
		byField.set(field, list);
	});
	for (const list of byField.values()) list.sort((a, b) => a.rank - b.rank || a.order - b.order);
	return { byField, renamed };
}
