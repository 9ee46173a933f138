/**
 * Hostile and odd text for the fuzz generator: the characters that break equality, JSON, databases
 * and terminals. Kept apart from generate.ts so the e2e fuzzing can reuse the same list.
 */
import type { Random } from '../../engine/random';

/** Each entry is one class of trouble; the name says which (used in failure messages). */
export const EDGE_STRINGS: ReadonlyArray<readonly [string, string]> = [
	['loneHighSurrogate', 'ana\uD800@mail.test'],
	['loneLowSurrogate', '\uDC00Florida'],
	['reversedSurrogates', '\uDE00\uD83D'],
	['zeroWidthSpace', 'an\u200Ba@gma\u200Bil.com'],
	['zeroWidthJoiner', 'F\u200DL'],
	['bom', '\uFEFFjohn@example.org'],
	['softHyphen', 'ho\u00ADme'],
	['rtlOverride', '\u202Emoc.liamg@nhoj'],
	['rtlIsolate', '\u2067(305) 555-0142\u2069'],
	['nulByte', 'jo\u0000hn@example.org'],
	['onlyNul', '\u0000\u0000'],
	['controlChars', '\u0001\u0007\u001B[31mred\u001B[0m'],
	['emoji', '😀 Smith 🏠🚗'],
	['emojiFamily', '👨‍👩‍👧‍👦'],
	['flagEmoji', '🇺🇸'],
	['combiningMarks', 'Z̸̨̛̖͎̫̓̒͆a̷̢̧͚̓l̶͈̈́g̸̣̈o̶͔̊'],
	['decomposedAccent', 'Jose\u0301 Garci\u0301a'],
	['fullwidth', 'ＦＬ'],
	['turkishDotlessI', 'İSTANBUL ıi'],
	['arabic', 'محمد العلي'],
	['cjk', '山田太郎'],
	['whitespaceOnly', ' \t\n\u00A0\u2003 '],
	['empty', ''],
	['newlines', 'line1\r\nline2\rline3\n'],
	['htmlInjection', '<script>alert(1)</script>'],
	['sqlInjection', "'; DROP TABLE leads; --"],
	['expressionInjection', '{{ $json.__proto__ }} ={{ process.exit() }}'],
	['templateLiteral', '${constructor.constructor("return process")()}'],
	// Values (not keys) that are also Object.prototype members: a lookup `TABLE[value]` on a plain
	// object finds a function for them instead of undefined.
	['protoText', '__proto__'],
	['constructorText', 'constructor'],
	['toStringText', 'toString'],
	['valueOfText', 'valueOf'],
	['hasOwnPropertyText', 'hasOwnProperty'],
	['protoEmailDomain', 'john@constructor'],
	['protoEmailTld', 'john@mail.__proto__'],
	['protoEmailTld2', 'jane@example.toString'],
	['numberLike', '1e309'],
	['negativeZero', '-0'],
	['hexNumber', '0x1F'],
	['nanText', 'NaN'],
	['infinityText', 'Infinity'],
	['jsonText', '{"email":"inner@example.org","__proto__":{"polluted":"yes"}}'],
	['dateLike', '2026-02-30T25:61:61Z'],
	['veryLongEmailLocal', `${'a'.repeat(300)}@example.org`],
	['pathTraversal', '../../etc/passwd'],
	['percentEncoded', '%00%2e%2e%2f'],
	['backslashes', '\\\\server\\share\\'],
	['nonCharacter', '\uFFFF\uFFFE'],
	['privateUse', '\uE000\uF8FF'],
];

export function pick<T>(random: Random, list: readonly T[]): T {
	return list[Math.floor(random() * list.length)];
}

export function edgeString(random: Random): string {
	return pick(random, EDGE_STRINGS)[1];
}

/** About 1 MB of text, of one of a few kinds (plain, multi-byte, invisible, JSON-looking). */
export function hugeString(random: Random): string {
	const kinds = [
		() => 'x'.repeat(1_048_576),
		() => '😀'.repeat(262_144),
		() => '\u200B'.repeat(1_048_576),
		() => `{"email":"${'a'.repeat(1_048_576)}@example.org"}`,
		() => `${'9'.repeat(1_048_576)}`,
		() => 'ab\u0000'.repeat(349_526),
	];
	return pick(random, kinds)();
}

/** An array of 100,000 elements of one type (strings, numbers, objects, mixed). */
export function hugeArray(random: Random): unknown[] {
	const kinds: Array<(i: number) => unknown> = [
		(i) => `value ${i}`,
		(i) => i,
		(i) => ({ name: 'email', value: `x${i}@example.org` }),
		(i) => (i % 3 === 0 ? null : i % 3 === 1 ? [] : 'a'),
	];
	const make = pick(random, kinds);
	return Array.from({ length: 100_000 }, (_, i) => make(i));
}

/** A value nested `depth` levels deep, built iteratively (a recursive builder would overflow). */
export function deepValue(random: Random, depth = 10_000): unknown {
	const useArrays = random() < 0.5;
	let value: unknown = useArrays ? ['bottom'] : { email: 'deep@example.org' };
	for (let level = 0; level < depth; level++) value = useArrays ? [value] : { nested: value };
	return value;
}
