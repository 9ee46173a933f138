/**
 * Reading untrusted payloads without being hurt by them: keys that could pollute prototypes,
 * nesting deep enough to overflow a recursive walk, huge strings, invisible and broken unicode.
 * Everything here is iterative and bounded.
 */
import type { IssueLog } from './issues';
import { quote } from './issues';

/** Keys that can reach Object.prototype through a careless `target[key] = value`. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any real form; a deeper payload is hostile or broken. */
export const MAX_DEPTH = 32;
/** Longer than any real answer (a long free-text comment is a few thousand characters). */
export const MAX_STRING_LENGTH = 100_000;
/** More answers than any real form has. */
export const MAX_ENTRIES = 2_000;

export type Scalar = string | number | boolean | null;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own enumerable keys without the unsafe ones, which are reported instead. */
export function safeEntries(
	object: Record<string, unknown>,
	where: string,
	issues: IssueLog,
): Array<[string, unknown]> {
	const out: Array<[string, unknown]> = [];
	for (const key of Object.keys(object)) {
		if (UNSAFE_KEYS.has(key)) {
			issues.error(where ? `${where}.${key}` : key, 'unsafeKey', `The payload contains the key "${key}", which is never part of a lead form; it was ignored and the lead set aside for review`);
			continue;
		}
		out.push([key, object[key]]);
	}
	return out;
}

// Zero-width characters, BOM, soft hyphen and bidirectional controls: invisible, and they break
// equality (an email with a zero-width space is a different string).
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Non-global twins for testing: a global regex remembers lastIndex between calls.
const HAS_INVISIBLE = new RegExp(INVISIBLE.source);
const HAS_CONTROL = new RegExp(CONTROL.source);
const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);

/**
 * Text as a person would read it: invisible characters and control codes removed, lone
 * surrogates (which make JSON and databases choke) replaced, outer spaces trimmed.
 */
export function cleanText(text: string, field: string, issues: IssueLog): string {
	let out = text;
	if (HAS_INVISIBLE.test(out) || HAS_CONTROL.test(out)) {
		out = out.replace(INVISIBLE, '').replace(CONTROL, '');
		issues.warn(field, 'invisibleCharacters', `Invisible or control characters were removed from ${field}`);
	}
	if (HAS_LONE_SURROGATE.test(out)) {
		out = out.replace(LONE_SURROGATE, '\uFFFD');
		issues.warn(field, 'brokenUnicode', `Broken unicode in ${field} was replaced with \uFFFD`);
	}
	return out.trim();
}

/**
 * A source's own id (submission, lead, object id) as text, or null when it is not one: blank, too
 * long, or a list/object. String() on a 10,000-deep list recurses until the stack overflows, and a
 * blank id would give the lead an empty leadId that every later node rejects.
 */
export function idText(value: unknown): string | null {
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
	if (typeof value !== 'string') return null;
	const text = value.trim();
	return text !== '' && text.length <= 256 ? text : null;
}

/** True when a value (of any shape) nests deeper than `limit`, checked without recursion. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
	const stack: Array<[unknown, number]> = [[value, 0]];
	let visited = 0;
	while (stack.length > 0) {
		const [current, depth] = stack.pop()!;
		if (typeof current !== 'object' || current === null) continue;
		if (depth >= limit) return true;
		if (++visited > 100_000) return true;
		const children = Array.isArray(current) ? current : Object.values(current);
		for (const child of children) stack.push([child, depth + 1]);
	}
	return false;
}

/**
 * True when a polluting key sits anywhere in the value, also in parts no shape reader walks (a
 * Typeform payload's top level, a HubSpot `submittedAt`): such a payload must not be carried on
 * as `raw`. Iterative and bounded like nestsDeeperThan.
 */
export function hasUnsafeKey(value: unknown): boolean {
	const stack: unknown[] = [value];
	let visited = 0;
	while (stack.length > 0) {
		const current = stack.pop();
		if (typeof current !== 'object' || current === null) continue;
		if (++visited > 100_000) return true;
		for (const key of Object.keys(current)) {
			if (UNSAFE_KEYS.has(key)) return true;
			stack.push((current as Record<string, unknown>)[key]);
		}
	}
	return false;
}

/** A scalar answer as a clean string, or null when empty or unreadable. */
export function scalarText(value: unknown, field: string, issues: IssueLog): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') {
		if (value.length > MAX_STRING_LENGTH) {
			issues.error(field, 'valueTooLong', `${field} is ${value.length} characters long, more than any real answer (${MAX_STRING_LENGTH})`);
			return null;
		}
		const text = cleanText(value, field, issues);
		return text === '' ? null : text;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	issues.warn(field, 'unreadableValue', `${field} has an unexpected value ${quote(value)}`);
	return null;
}
