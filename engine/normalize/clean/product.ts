/**
 * What the lead wants a quote for, as one canonical line: the user's own synonyms first, then
 * known phrases ("home and auto", "Medicare Advantage"), then single keywords ("homeowners").
 * Asking for home and auto together is the bundle. Unknown values stay in `productRaw`.
 */
import { ownEntry } from '../../coerce';
import { PRODUCT_KEYWORDS, PRODUCT_PHRASES } from '../../data/products';
import type { IssueLog } from '../issues';
import { quote } from '../issues';
import { phraseForm } from '../options';

// Words that say nothing about the line: "Auto Insurance Quote" is "auto".
const FILLER = /\b(insurance|insure|quotes?|policy|policies|coverage|plan|plans|personal|line|lines|type|get|a|an|my|i|need|want|for|the|please|only)\b/g;

function lookupForm(text: string): string {
	return phraseForm(text).replace(FILLER, ' ').replace(/\s+/g, ' ').trim();
}

// Longest first, so "commercial auto" is found before "auto".
const PHRASES_LONGEST_FIRST = Object.keys(PRODUCT_PHRASES).sort((a, b) => b.length - a.length);

/** Canonical lines named anywhere in the text, in order of first mention. */
function linesMentioned(form: string): string[] {
	const found: string[] = [];
	let rest = ` ${form} `;
	for (const phrase of PHRASES_LONGEST_FIRST) {
		if (rest.includes(` ${phrase} `)) {
			found.push(PRODUCT_PHRASES[phrase]);
			rest = rest.replace(` ${phrase} `, ' | ');
		}
	}
	for (const word of rest.split(/\s+/)) {
		const line = ownEntry(PRODUCT_KEYWORDS, word);
		if (line) found.push(line);
	}
	return [...new Set(found)];
}

export function cleanProduct(
	raw: string,
	synonyms: ReadonlyMap<string, string>,
	field: string,
	issues: IssueLog,
): string | null {
	const userForm = phraseForm(raw);
	const userLine = synonyms.get(userForm) ?? synonyms.get(lookupForm(raw));
	if (userLine) return userLine;
	const form = lookupForm(raw);
	const whole = ownEntry(PRODUCT_PHRASES, form) ?? ownEntry(PRODUCT_KEYWORDS, form);
	if (whole) return whole;
	for (const [phrase, line] of synonyms) if (` ${userForm} `.includes(` ${phrase} `)) return line;
	const lines = linesMentioned(form);
	if (lines.includes('auto') && lines.includes('home')) return 'bundle';
	if (lines.length > 1) {
		issues.warn(field, 'productAmbiguous', `${field} ${quote(raw)} names several lines (${lines.join(', ')}); the first was used`);
	}
	if (lines.length > 0) return lines[0];
	issues.warn(field, 'productUnknown', `${field} ${quote(raw)} is not a known product line; add it under Product Synonyms`);
	return null;
}
