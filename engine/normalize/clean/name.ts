/**
 * Names: split a full name when that is all the form asked for, drop courtesy titles, keep
 * generational and professional suffixes apart, and fix the casing of names typed in ALL CAPS or
 * all lowercase ("o'brien" -> "O'Brien", "mcdonald" -> "McDonald"). Mixed-case names are left as
 * typed: "DeShawn" and "van der Berg" know how they are spelled.
 */

export interface NameParts {
	firstName: string | null;
	lastName: string | null;
	suffix: string | null;
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'hon', 'sir', 'madam', 'fr', 'capt', 'sgt']);
const SUFFIXES = new Map<string, string>([
	['jr', 'Jr.'],
	['sr', 'Sr.'],
	['ii', 'II'],
	['iii', 'III'],
	['iv', 'IV'],
	['v', 'V'],
	['md', 'MD'],
	['phd', 'PhD'],
	['esq', 'Esq.'],
	['cpa', 'CPA'],
	['dds', 'DDS'],
]);

function bare(word: string): string {
	return word.toLowerCase().replace(/[.,]/g, '');
}

/** Capitalises one word of a name, including its hyphen and apostrophe parts and Mc prefixes. */
function capitaliseWord(word: string): string {
	return word
		.toLowerCase()
		.replace(/(^|[-'’\s])(\p{L})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase())
		.replace(/^Mc(\p{L})/u, (_match, letter: string) => `Mc${letter.toUpperCase()}`);
}

/** Fixes casing only for text typed entirely in upper or lower case. */
export function fixNameCase(text: string): string {
	const letters = text.replace(/[^\p{L}]/gu, '');
	if (letters === '' || (letters !== letters.toUpperCase() && letters !== letters.toLowerCase())) return text;
	if (letters.length <= 1) return text.toUpperCase();
	return text.split(/\s+/).map(capitaliseWord).join(' ');
}

/** Removes titles and a trailing suffix from a list of name words. */
function peel(words: string[]): { words: string[]; suffix: string | null } {
	let rest = words.filter((word) => word !== '');
	while (rest.length > 1 && TITLES.has(bare(rest[0]))) rest = rest.slice(1);
	let suffix: string | null = null;
	const lastWord = rest[rest.length - 1];
	if (rest.length > 1 && lastWord !== undefined && SUFFIXES.has(bare(lastWord))) {
		suffix = SUFFIXES.get(bare(lastWord)) ?? null;
		rest = rest.slice(0, -1);
	}
	return { words: rest, suffix };
}

/** "Dr. JANE Q. DOE JR." -> Jane Q. / Doe / Jr.; "Doe, Jane" -> Jane / Doe. */
export function splitFullName(fullName: string): NameParts {
	let text = fullName.replace(/\s+/g, ' ').trim();
	if (text === '') return { firstName: null, lastName: null, suffix: null };
	const comma = text.split(',').map((part) => part.trim());
	if (comma.length === 2 && comma[0] && comma[1] && !SUFFIXES.has(bare(comma[1]))) {
		// "Doe, Jane": last name first, as CRMs and spreadsheets export it.
		text = `${comma[1]} ${comma[0]}`;
	}
	const { words, suffix } = peel(text.replace(/,/g, ' ').split(' '));
	const cased = words.map((word) => fixNameCase(word));
	if (cased.length === 1) return { firstName: cased[0], lastName: null, suffix };
	return { firstName: cased.slice(0, -1).join(' '), lastName: cased[cased.length - 1], suffix };
}

/** A single given or family name as typed, with titles dropped and casing fixed. */
export function cleanNamePart(text: string): string | null {
	const { words } = peel(text.replace(/\s+/g, ' ').trim().split(' '));
	const joined = words.join(' ');
	return joined === '' ? null : fixNameCase(joined);
}
