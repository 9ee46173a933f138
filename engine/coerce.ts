/**
 * Reading values that arrive from flat stores (sheets, Data Tables, CSV, Zapier): booleans and
 * numbers as strings, lists as comma-joined strings, objects as JSON strings. Each reader returns
 * `undefined` for "absent" and throws a CoerceError for "present but unreadable", so callers can fail
 * closed on the second without punishing the first.
 */
export class CoerceError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CoerceError';
	}
}

/**
 * `table[key]` for a key that came from outside: only the table's own entries, never what
 * Object.prototype has under that name ("constructor", "toString", "__proto__" would otherwise
 * return functions or the prototype itself).
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

/**
 * `{}`: the placeholder item n8n emits when a node with "Always Output Data" found no rows (an empty
 * Data Table, an empty sheet). Side inputs skip it, so an empty roster or history stays empty.
 */
export function isEmptyRow(value: unknown): boolean {
	if (!isPlainObject(value)) return false;
	// Stops at the first key: History rows are checked by the ten thousand, and Object.keys copies.
	for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false;
	return true;
}

export function isAbsent(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on', 'active']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', 'inactive']);

export function readBoolean(value: unknown): boolean | undefined {
	if (isAbsent(value)) return undefined;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
	if (typeof value === 'string') {
		const word = value.trim().toLowerCase();
		if (TRUE_WORDS.has(word)) return true;
		if (FALSE_WORDS.has(word)) return false;
	}
	throw new CoerceError(`is not a yes/no value: ${preview(value)}`);
}

export function readNumber(value: unknown): number | undefined {
	if (isAbsent(value)) return undefined;
	const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim().replace(/,/g, '')) : NaN;
	if (!Number.isFinite(number)) throw new CoerceError(`is not a number: ${preview(value)}`);
	return number;
}

/** A JSON string becomes its value; anything else is returned as is. */
export function readJsonIfString(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return value;
	try {
		return JSON.parse(text);
	} catch {
		throw new CoerceError(`is not valid JSON: ${preview(value)}`);
	}
}

/** A list: an array, a JSON array string, or a comma/semicolon/pipe-separated string. */
export function readList(value: unknown): unknown[] | undefined {
	if (isAbsent(value)) return undefined;
	const parsed = readJsonIfString(value);
	if (Array.isArray(parsed)) return parsed;
	if (typeof parsed === 'string') return parsed.split(/[,;|]/).map((part) => part.trim()).filter(Boolean);
	return [parsed];
}

export function readString(value: unknown): string | undefined {
	if (isAbsent(value)) return undefined;
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new CoerceError(`is not text: ${preview(value)}`);
}

export function preview(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
	} catch {
		// Too deep to stringify; String() of a deep list would overflow the same way.
		text = Array.isArray(value) ? '[...]' : Object.prototype.toString.call(value);
	}
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
