/**
 * A small, dependency-free, stable string hash for ids that must be the same on every machine and
 * every run (a lead's id when the source gives none). Not cryptographic: nothing secret is
 * derived from it, it only has to spread ids evenly and never change.
 */

/** 32-bit FNV-1a over UTF-16 code units, started from a caller-chosen offset. */
function fnv1a32(text: string, offset: number): number {
	let hash = offset >>> 0;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	// Final avalanche so inputs differing only in their last character still differ in every byte.
	hash ^= hash >>> 16;
	hash = Math.imul(hash, 0x85ebca6b) >>> 0;
	hash ^= hash >>> 13;
	return hash >>> 0;
}

/** 80 bits as 20 hex characters: four FNV-1a runs with different offsets, last one truncated. */
export function stableHash(text: string): string {
	const parts = [0x811c9dc5, 0x050c5d1f, 0x2f5a3b7d, 0x6b43a9b5].map((offset) =>
		fnv1a32(text, offset).toString(16).padStart(8, '0'),
	);
	return parts.join('').slice(0, 20);
}
