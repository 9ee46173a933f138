/**
 * Checks shared by the fuzz tests: prototype pollution, the documented InputError, and the shape
 * of an invalid lead's errors. Each returns a list of problems so a run can report all of them.
 */
import { InputError } from '../../engine/types';
import { POLLUTION_MARKERS } from './generate';

const PROTOTYPES: ReadonlyArray<readonly [string, object]> = [
	['Object.prototype', Object.prototype],
	['Array.prototype', Array.prototype],
	['String.prototype', String.prototype],
	['Function.prototype', Function.prototype],
];

export type PrototypeSnapshot = Map<string, string[]>;

/** Every own property name (and symbol) of the built-in prototypes, and their descriptors' values. */
export function snapshotPrototypes(): PrototypeSnapshot {
	const snapshot: PrototypeSnapshot = new Map();
	for (const [name, proto] of PROTOTYPES) {
		snapshot.set(name, Reflect.ownKeys(proto).map((key) => {
			const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
			const value = 'value' in descriptor ? typeof descriptor.value : 'accessor';
			return `${String(key)}:${value}`;
		}).sort());
	}
	return snapshot;
}

export function prototypeChanges(before: PrototypeSnapshot): string[] {
	const problems: string[] = [];
	const after = snapshotPrototypes();
	for (const [name, keys] of before) {
		const now = after.get(name)!;
		const added = now.filter((key) => !keys.includes(key));
		const removed = keys.filter((key) => !now.includes(key));
		if (added.length || removed.length) problems.push(`${name} changed: +[${added.join(', ')}] -[${removed.join(', ')}]`);
	}
	const probe: Record<string, unknown> = {};
	for (const marker of POLLUTION_MARKERS) {
		if (probe[marker] !== undefined) problems.push(`({}).${marker} is ${String(probe[marker])}`);
	}
	if (typeof probe.toString !== 'function') problems.push('({}).toString is no longer a function');
	return problems;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether Lead Normalize may throw for this payload: only when it is not an object, or when it is
 * n8n's webhook output and its body is not an object (docs/nodes/lead-normalize.md, "When an
 * item fails").
 */
export function mayRejectAsNotAnObject(payload: unknown): boolean {
	if (!isPlainObject(payload)) return true;
	return isPlainObject(payload.headers) && 'body' in payload && !isPlainObject(payload.body);
}

/** Problems with a thrown value: it must be the documented InputError, for a payload that allows it. */
export function unexpectedThrow(error: unknown, payload: unknown): string | null {
	if (!(error instanceof InputError)) {
		return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
	}
	if (!['notAnObject', 'bodyTooLarge'].includes(error.code)) return `InputError with undocumented code ${error.code}`;
	if (!mayRejectAsNotAnObject(payload)) return `InputError ${error.code} for an object payload`;
	if (typeof error.field !== 'string' || error.field === '') return 'InputError without a field';
	return null;
}

/** Every error and warning of an invalid lead names a field and a code. */
export function issueProblems(errors: unknown): string[] {
	if (!Array.isArray(errors) || errors.length === 0) return ['invalid lead without errors'];
	return errors
		.filter((issue) => !isPlainObject(issue) || typeof issue.field !== 'string' || !issue.field || typeof issue.code !== 'string' || !issue.code)
		.map((issue) => `issue without field/code: ${JSON.stringify(issue)}`);
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Where a value still holds a polluting key or nests too deep (iterative: the value may be 10,000
 * levels deep). A lead passed on to other nodes and stores must carry neither.
 */
export function unsafeParts(value: unknown, maxDepth = 40): string[] {
	const found: string[] = [];
	const stack: Array<[unknown, string, number]> = [[value, '$', 0]];
	let visited = 0;
	while (stack.length > 0 && found.length < 3) {
		const [current, path, depth] = stack.pop()!;
		if (typeof current !== 'object' || current === null) continue;
		if (depth > maxDepth) {
			found.push(`${path.slice(0, 60)}... nests deeper than ${maxDepth}`);
			continue;
		}
		if (++visited > 500_000) break;
		for (const key of Object.keys(current)) {
			if (UNSAFE.has(key)) found.push(`${path}.${key}`);
			stack.push([(current as Record<string, unknown>)[key], `${path}.${key}`, depth + 1]);
		}
	}
	return found;
}
