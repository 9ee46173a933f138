/**
 * Seeded generator of malformed lead payloads (issue 6, "Bad input and abuse"). Payload i of a seed
 * depends only on (seed, i), so any failure can be replayed alone: `payloadAt(seed, i)`.
 * Reused by the real-n8n fuzzing through the webhook templates: `generatePayloads(seed, count)`.
 */
import { seededRandom, seedFromString, type Random } from '../../engine/random';
import { basePayloads } from './samples';
import { deepValue, edgeString, EDGE_STRINGS, hugeArray, hugeString, pick } from './strings';

export type FuzzKind =
	| 'plausible'
	| 'missingFields'
	| 'wrongTypes'
	| 'numbersAsStrings'
	| 'unicode'
	| 'protoKeys'
	| 'duplicateKeys'
	| 'webhook'
	| 'notAnObject'
	| 'hugeString'
	| 'hugeArray'
	| 'deepNesting';

export interface FuzzPayload {
	index: number;
	kind: FuzzKind;
	/** What was done to the base payload, for failure messages. */
	note: string;
	payload: unknown;
	/**
	 * True when the generator made the payload (or the webhook body) something that is not an
	 * object: Lead Normalize must throw its documented InputError for it.
	 */
	notAnObject: boolean;
}

/**
 * Share of each kind, per 1,000. The expensive ones stay rare: a 100k-element list costs Lead
 * Normalize ~0.1 s, so 3 per 1,000 keeps the default 10,000 under the suite's time budget.
 */
const WEIGHTS: ReadonlyArray<readonly [FuzzKind, number]> = [
	['plausible', 200],
	['missingFields', 80],
	['wrongTypes', 110],
	['numbersAsStrings', 60],
	['unicode', 120],
	['protoKeys', 110],
	['duplicateKeys', 70],
	['webhook', 160],
	['notAnObject', 60],
	['hugeString', 12],
	['hugeArray', 3],
	['deepNesting', 15],
];

/** Values of the wrong type for any field. NaN and Infinity are not JSON: engine runs only see them. */
const WRONG_VALUES: readonly unknown[] = [
	null, undefined, 0, -1, 3.14, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, true, false,
	[], [null], ['a', 'b'], [[[]]], {}, { value: 1 }, { '': '' }, '', ' ', 'null', 'undefined', 'true',
	new Date(0).toISOString(),
];

/** What an attacker puts under a polluting key: would show on every object if it landed. */
export const POLLUTION_MARKERS = ['fuzzPolluted', 'isAdmin', 'fuzzShell'] as const;
const POLLUTION_VALUE = { fuzzPolluted: 'yes', isAdmin: true, fuzzShell: 'rm -rf /', toString: 'not a function' };
const UNSAFE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** A wrong value of its own: the shared ones above must never be mutated by a later step. */
function wrongValue(random: Random): unknown {
	const value = pick(random, WRONG_VALUES);
	return typeof value === 'object' && value !== null ? clone(value) : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A random container (object or array) inside `root` and one of its keys: where a mutation lands. */
function randomSlot(random: Random, root: Record<string, unknown>): [Record<string, unknown> | unknown[], string | number] | null {
	let container: Record<string, unknown> | unknown[] = root;
	for (let depth = 0; depth < 6; depth++) {
		const keys: Array<string | number> = Array.isArray(container) ? container.map((_, i) => i) : Object.keys(container);
		if (keys.length === 0) return depth === 0 ? [root, 'email'] : null;
		const key = pick(random, keys);
		const child: unknown = (container as Record<string | number, unknown>)[key];
		if ((isRecord(child) || Array.isArray(child)) && random() < 0.6) {
			container = child;
			continue;
		}
		return [container, key];
	}
	return null;
}

function setSlot(container: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
	(container as Record<string | number, unknown>)[key] = value;
}

/** Sets an own property even for `__proto__` (plain assignment would replace the prototype instead). */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A number written as text and text written as a number, the way spreadsheets and vendors do. */
function swapNumberForm(value: unknown): unknown {
	if (typeof value === 'number') return String(value);
	if (typeof value === 'string') {
		const digits = value.replace(/\D/g, '');
		if (digits.length > 0 && digits.length <= 15) return Number(digits);
		return Number(value);
	}
	if (typeof value === 'boolean') return value ? 1 : 0;
	return '0042';
}

type Mutator = (random: Random, body: Record<string, unknown>) => string;

const MUTATORS: Record<'delete' | 'wrongType' | 'number' | 'unicode', Mutator> = {
	delete(random, body) {
		const slot = randomSlot(random, body);
		if (!slot) return 'delete: nothing';
		const [container, key] = slot;
		if (Array.isArray(container)) container.splice(Number(key), 1);
		else delete container[key as string];
		return `delete ${String(key)}`;
	},
	wrongType(random, body) {
		const slot = randomSlot(random, body);
		if (!slot) return 'wrongType: nothing';
		const value = wrongValue(random);
		setSlot(slot[0], slot[1], value);
		return `${String(slot[1])} = ${String(value)}`;
	},
	number(random, body) {
		const slot = randomSlot(random, body);
		if (!slot) return 'number: nothing';
		const [container, key] = slot;
		setSlot(container, key, swapNumberForm((container as Record<string | number, unknown>)[key]));
		return `${String(key)} number form swapped`;
	},
	unicode(random, body) {
		const slot = randomSlot(random, body);
		if (!slot) return 'unicode: nothing';
		const [container, key] = slot;
		const [name, text] = pick(random, EDGE_STRINGS);
		const current = (container as Record<string | number, unknown>)[key];
		// Half the time inside the real value (a zero-width space in a real email), else instead of it.
		if (typeof current === 'string' && random() < 0.5) {
			const at = Math.floor(random() * (current.length + 1));
			setSlot(container, key, current.slice(0, at) + text + current.slice(at));
		} else setSlot(container, key, text);
		return `${String(key)} <- ${name}`;
	},
};

function mutate(random: Random, body: Record<string, unknown>, names: Array<keyof typeof MUTATORS>, times: number): string[] {
	const notes: string[] = [];
	for (let i = 0; i < times; i++) notes.push(MUTATORS[pick(random, names)](random, body));
	return notes;
}

/**
 * A lead record (a normalized lead, a Data Table row) with `times` fields given wrong values or
 * edge text: what a node after Lead Normalize receives when the user wires something else in.
 */
export function mutateRecord(random: Random, record: Record<string, unknown>, times: number): string[] {
	return mutate(random, record, ['delete', 'wrongType', 'number', 'unicode'], times);
}

/** A base payload as an object (a form-encoded base is decoded the way n8n's Webhook node does). */
function baseObject(random: Random): { name: string; body: Record<string, unknown> } {
	const base = pick(random, basePayloads());
	if (typeof base.body === 'string') return { name: base.name, body: Object.fromEntries(new URLSearchParams(base.body)) };
	return { name: base.name, body: clone(base.body) };
}

/** Puts a polluting key somewhere in the payload: at the top, nested, or inside JSON text. */
function injectUnsafeKey(random: Random, body: Record<string, unknown>): string {
	const key = pick(random, UNSAFE_KEYS);
	const where = random();
	if (where < 0.35) {
		defineOwn(body, key, clone(POLLUTION_VALUE));
		return `top-level ${key}`;
	}
	if (where < 0.7) {
		const slot = randomSlot(random, body);
		const target = slot && isRecord(slot[0]) ? slot[0] : body;
		const inner = { [key]: clone(POLLUTION_VALUE) };
		defineOwn(target, pick(random, ['contact', 'answers', 'data', 'Lead', 'properties', 'q3_name']), JSON.parse(JSON.stringify(inner)));
		// JSON.parse makes `__proto__` an own key, exactly as a request body parser would.
		const parsed = JSON.parse(`{"${key}": ${JSON.stringify(POLLUTION_VALUE)}, "nested": {"${key}": {"${key}": {"fuzzPolluted": "deep"}}}}`) as Record<string, unknown>;
		defineOwn(target, 'extra', parsed);
		return `nested ${key}`;
	}
	// Inside JSON text: Jotform's rawRequest, a `lead` column, or any answer that looks like JSON.
	const text = `{"${key}": ${JSON.stringify(POLLUTION_VALUE)}, "email": "json@example.org", "q3_name": {"${key}": {"isAdmin": true}}}`;
	body[pick(random, ['rawRequest', 'lead', 'fields', 'comments', 'pretty'])] = text;
	return `${key} inside JSON text`;
}

/** Raw JSON text with one key written twice, parsed as a body parser would (the last one wins). */
function duplicateKeys(random: Random, body: Record<string, unknown>): { payload: Record<string, unknown>; note: string } {
	const keys = Object.keys(body);
	const key = keys.length > 0 && random() < 0.8 ? pick(random, keys) : pick(random, ['email', 'phone', 'state', '__proto__']);
	const value = random() < 0.5 ? edgeString(random) : wrongValue(random) ?? null;
	const text = JSON.stringify(body);
	const extra = `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`;
	const inner = text.length > 2 ? text.slice(1, -1) : '';
	// Before the original: the original wins; after it: the duplicate wins.
	const raw = random() < 0.5 ? `{${extra}${inner ? `,${inner}` : ''}}` : `{${inner ? `${inner},` : ''}${extra}}`;
	return { payload: JSON.parse(raw) as Record<string, unknown>, note: `duplicate key ${key}` };
}

const NON_OBJECT_BODIES: readonly unknown[] = [
	'just some text',
	'[1,2,3]',
	'{"email": "broken json"',
	'',
	'   ',
	'null',
	'"a JSON string"',
	42,
	true,
	[{ email: 'list@example.org' }],
	['a'],
];

/** n8n's Webhook node output: request parts side by side, the lead in `body` (object or text). */
function wrapInWebhook(random: Random, body: unknown): Record<string, unknown> {
	const query: Record<string, unknown> = random() < 0.5 ? {} : { utm_source: edgeString(random), gclid: 'Cj0KCQ' };
	if (random() < 0.2) defineOwn(query, '__proto__', clone(POLLUTION_VALUE));
	const forwarded = pick(random, ['198.51.100.23, 10.0.0.1', 'not an ip', '', '999.999.999.999', edgeString(random), '::1']);
	return {
		headers: {
			host: 'n8n.example.com',
			'content-type': pick(random, ['application/json', 'application/x-www-form-urlencoded', 'text/plain']),
			'x-forwarded-for': forwarded,
			'user-agent': edgeString(random),
		},
		params: {},
		query,
		body,
		webhookUrl: 'https://n8n.example.com/webhook/lead',
		executionMode: 'production',
	};
}

/** Payload number `index` of `seed`, independent of every other index. */
export function payloadAt(seed: number, index: number): FuzzPayload {
	const random = seededRandom(seedFromString(`${seed}:${index}`));
	let roll = random() * 1000;
	let kind: FuzzKind = 'plausible';
	for (const [name, weight] of WEIGHTS) {
		if (roll < weight) {
			kind = name;
			break;
		}
		roll -= weight;
	}
	const { name, body } = baseObject(random);
	const result = (payload: unknown, note: string, notAnObject = false): FuzzPayload => ({
		index,
		kind,
		note: `${name}: ${note}`,
		payload,
		notAnObject,
	});
	switch (kind) {
		case 'plausible':
			return result(body, mutate(random, body, ['delete', 'wrongType', 'number', 'unicode'], Math.floor(random() * 3)).join('; ') || 'as is');
		case 'missingFields':
			return result(body, mutate(random, body, ['delete'], 1 + Math.floor(random() * 12)).join('; '));
		case 'wrongTypes':
			return result(body, mutate(random, body, ['wrongType'], 1 + Math.floor(random() * 5)).join('; '));
		case 'numbersAsStrings':
			return result(body, mutate(random, body, ['number'], 1 + Math.floor(random() * 5)).join('; '));
		case 'unicode':
			return result(body, mutate(random, body, ['unicode'], 1 + Math.floor(random() * 5)).join('; '));
		case 'protoKeys':
			return result(body, [injectUnsafeKey(random, body), ...(random() < 0.3 ? [injectUnsafeKey(random, body)] : [])].join('; '));
		case 'duplicateKeys': {
			const dup = duplicateKeys(random, body);
			return result(dup.payload, dup.note);
		}
		case 'webhook': {
			const form = random();
			if (form < 0.2) {
				const bad = pick(random, NON_OBJECT_BODIES);
				return result(wrapInWebhook(random, bad), `webhook body ${JSON.stringify(bad)}`, true);
			}
			const notes = mutate(random, body, ['delete', 'wrongType', 'number', 'unicode'], Math.floor(random() * 3));
			if (random() < 0.2) notes.push(injectUnsafeKey(random, body));
			if (form < 0.45) return result(wrapInWebhook(random, JSON.stringify(body)), `webhook JSON text; ${notes.join('; ')}`);
			if (form < 0.55) {
				const flat = Object.entries(body).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? '']);
				return result(wrapInWebhook(random, new URLSearchParams(flat).toString()), `webhook form text; ${notes.join('; ')}`);
			}
			return result(wrapInWebhook(random, body), `webhook; ${notes.join('; ')}`);
		}
		case 'notAnObject': {
			const top = pick(random, [null, 0, 'a lead?', true, [], [body], [[body]], ['a', 1]] as unknown[]);
			return result(top, `top level ${Array.isArray(top) ? 'list' : String(top)}`, true);
		}
		case 'hugeString': {
			const slot = randomSlot(random, body) ?? [body, 'email'];
			setSlot(slot[0], slot[1], hugeString(random));
			if (random() < 0.3) return result(wrapInWebhook(random, hugeString(random)), 'webhook body of 1 MB text', true);
			return result(body, `${String(slot[1])} is 1 MB`);
		}
		case 'hugeArray': {
			const slot = randomSlot(random, body) ?? [body, 'fields'];
			setSlot(slot[0], slot[1], hugeArray(random));
			return result(body, `${String(slot[1])} has 100k elements`);
		}
		case 'deepNesting': {
			if (random() < 0.3) {
				const deep = deepValue(random);
				return result(deep, 'top level nested 10,000 deep', Array.isArray(deep));
			}
			const slot = randomSlot(random, body) ?? [body, 'answers'];
			setSlot(slot[0], slot[1], deepValue(random));
			return result(body, `${String(slot[1])} nested 10,000 deep`);
		}
	}
}

/** Lazily, so 10,000 payloads (some of 1 MB) never sit in memory together. */
export function* payloadStream(seed: number, count: number, start = 0): Generator<FuzzPayload> {
	for (let index = start; index < start + count; index++) yield payloadAt(seed, index);
}

/** All at once, for callers that post them (the e2e fuzzing). */
export function generatePayloads(seed: number, count: number): FuzzPayload[] {
	return [...payloadStream(seed, count)];
}
