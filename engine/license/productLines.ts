/**
 * Reads the product -> lines-of-authority table: the defaults in engine/data/productLines.ts,
 * overridden or extended by the user. The user writes either arrays of alternatives
 * (`{"auto": [["personalLines"], ["property", "casualty"]]}`) or the short text form
 * (`{"auto": "personalLines | property + casualty"}`: `|` separates alternatives, `+` joins lines
 * that must all be held).
 */
import { ownEntry } from '../coerce';
import { DEFAULT_PRODUCT_LINES, type LineRequirement } from '../data/productLines';
import { readLinesOfAuthority } from '../roster';
import { InputError } from '../types';

export type ProductLineTable = Readonly<Record<string, LineRequirement>>;

function readAlternative(value: unknown, product: string): string[] {
	try {
		const lines = readLinesOfAuthority(Array.isArray(value) ? value : String(value).split('+'), 'lines');
		if (lines.length === 0) throw new Error('lines are empty');
		return lines;
	} catch (error) {
		const why = (error as Error).message.replace(/^lines /, '');
		throw new InputError(
			`productLines.${product}`,
			'invalidProductLines',
			`${why}; write e.g. "personalLines | property + casualty"`,
		);
	}
}

function readRequirement(value: unknown, product: string): LineRequirement {
	if (typeof value === 'string') return value.split('|').map((part) => readAlternative(part, product));
	if (Array.isArray(value) && value.every((entry) => Array.isArray(entry))) {
		return value.map((entry) => readAlternative(entry, product));
	}
	// A flat list of lines is one alternative: every line is required.
	if (Array.isArray(value)) return [readAlternative(value, product)];
	throw new InputError(`productLines.${product}`, 'invalidProductLines', 'must be text or a list of lines');
}

/** Defaults plus the user's overrides (an object, or JSON text of one). */
export function buildProductLineTable(overrides?: unknown): ProductLineTable {
	let parsed = overrides;
	if (typeof parsed === 'string') {
		if (parsed.trim() === '') return DEFAULT_PRODUCT_LINES;
		try {
			parsed = JSON.parse(parsed);
		} catch {
			throw new InputError('productLines', 'invalidProductLines', 'is not valid JSON');
		}
	}
	if (parsed === undefined || parsed === null) return DEFAULT_PRODUCT_LINES;
	if (typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new InputError('productLines', 'invalidProductLines', 'must be an object of product -> lines');
	}
	const table: Record<string, LineRequirement> = { ...DEFAULT_PRODUCT_LINES };
	for (const [product, value] of Object.entries(parsed as Record<string, unknown>)) {
		table[product] = readRequirement(value, product);
	}
	return table;
}

/** The requirement for a lead's product, matching the canonical name case-insensitively. */
export function requirementFor(product: string | null | undefined, table: ProductLineTable): LineRequirement | undefined {
	// Leads that did not come through Lead Normalize may carry anything here.
	if (!product || typeof product !== 'string') return undefined;
	const exact = ownEntry(table, product);
	if (exact) return exact;
	const lower = product.toLowerCase();
	const key = Object.keys(table).find((name) => name.toLowerCase() === lower);
	return key ? table[key] : undefined;
}

/** The first alternative the license's lines satisfy, or undefined. */
export function satisfiedAlternative(lines: ReadonlySet<string>, requirement: LineRequirement): readonly string[] | undefined {
	return requirement.find((alternative) => alternative.every((line) => lines.has(line)));
}

export function describeRequirement(requirement: LineRequirement): string {
	return requirement.map((alternative) => alternative.join(' + ')).join(' or ');
}
