/**
 * The common currency between the shape readers and the cleaners: every answer in a payload as
 * an entry with its path, a readable key, the question title when the source has one, and a hint
 * when the source itself says what the answer is (Typeform's `email` answer type).
 */
import type { SourceKind } from '../types';
import type { CanonicalField } from './fieldAliases';
import type { IssueLog } from './issues';
import { MAX_DEPTH, MAX_ENTRIES, type Scalar, isPlainObject, safeEntries } from './safe';

export interface SourceEntry {
	/** Keys from the payload root (after unwrapping), e.g. ['drivers', '0', 'first_name']. */
	path: string[];
	/** The key used in `fields`: readable, unique within one lead. */
	key: string;
	/** Question title, when the source has one. */
	label?: string;
	/** What the source says this answer is, when it says so. */
	hint?: CanonicalField;
	/**
	 * The key as the source spelled it, when the reader shortened it (Jotform's `q6_email6` read as
	 * `email`): a Field Mapping row written with the source's spelling must still match.
	 */
	sourceKeys?: string[];
	value: Scalar | Scalar[];
}

/** What a shape reader hands to the cleaners. */
export interface ExtractedLead {
	kind: SourceKind;
	formId: string | null;
	/** The source's own id for the lead, when it has one. */
	sourceId: string | null;
	submittedAt: unknown;
	entries: SourceEntry[];
	/** Facts from outside the answers (page URL, hubspot consent), keyed by canonical field. */
	context: Partial<Record<CanonicalField, unknown>>;
}

/**
 * Walks nested objects and arrays without recursion, emitting one entry per scalar (arrays of
 * scalars stay one entry: a multi-select). Bounded in depth and size; what lies beyond is
 * reported, not followed.
 */
export function flattenToEntries(
	root: unknown,
	basePath: string[],
	issues: IssueLog,
	sink: SourceEntry[] = [],
	skip: ReadonlySet<string> = new Set(),
): SourceEntry[] {
	const stack: Array<[unknown, string[]]> = [[root, basePath]];
	while (stack.length > 0) {
		const [value, path] = stack.pop()!;
		if (sink.length >= MAX_ENTRIES) {
			issues.error('fields', 'tooManyFields', `The payload has more than ${MAX_ENTRIES} answers; the rest were ignored`);
			break;
		}
		if (path.length > MAX_DEPTH) {
			issues.error(path.slice(0, 3).join('.'), 'tooDeep', `The payload nests deeper than ${MAX_DEPTH} levels; the deeper part was ignored`);
			continue;
		}
		if (Array.isArray(value)) {
			if (value.every((item) => item === null || typeof item !== 'object')) {
				if (path.length > 0) sink.push({ path, key: path.join('.'), value: value as Scalar[] });
				continue;
			}
			for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], [...path, String(i)]]);
			continue;
		}
		if (isPlainObject(value)) {
			const children = safeEntries(value, path.join('.'), issues);
			for (let i = children.length - 1; i >= 0; i--) {
				const [key, child] = children[i];
				if (path.length === basePath.length && skip.has(key)) continue;
				stack.push([child, [...path, key]]);
			}
			continue;
		}
		if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
			continue;
		}
		if (path.length > 0) sink.push({ path, key: path.join('.'), value: value as Scalar });
	}
	return sink;
}

/** Makes keys unique within a lead by suffixing repeats ("answer", "answer_2"). */
export function uniqueKey(key: string, taken: Set<string>): string {
	let candidate = key || 'field';
	for (let n = 2; taken.has(candidate); n++) candidate = `${key}_${n}`;
	taken.add(candidate);
	return candidate;
}
