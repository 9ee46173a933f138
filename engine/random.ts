/**
 * Seeded randomness for decisions that must be replayable (holdout draws, Thompson sampling,
 * tie-breaking in simulations). Decisions never call Math.random(): a test or an audit can replay a
 * decision from its seed.
 */
export type Random = () => number;

/** mulberry32: tiny, fast, good enough for routing draws (not for cryptography). */
export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A stable 32-bit seed from a string (e.g. a lead id), so the same lead replays the same draw. */
export function seedFromString(text: string): number {
	let hash = 2166136261;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 16777619);
	}
	return hash >>> 0;
}

/** Standard normal draw (Box-Muller). */
export function normalDraw(random: Random): number {
	const u = Math.max(random(), 1e-12);
	const v = random();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) draw (Marsaglia-Tsang), the building block of Beta draws. */
export function gammaDraw(random: Random, shape: number): number {
	if (shape < 1) return gammaDraw(random, shape + 1) * Math.pow(Math.max(random(), 1e-12), 1 / shape);
	const d = shape - 1 / 3;
	const c = 1 / Math.sqrt(9 * d);
	for (;;) {
		let x: number;
		let v: number;
		do {
			x = normalDraw(random);
			v = 1 + c * x;
		} while (v <= 0);
		v = v * v * v;
		const u = random();
		if (u < 1 - 0.0331 * x * x * x * x) return d * v;
		if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
	}
}

/** Beta(alpha, beta) draw: Thompson sampling's posterior draw for a conversion rate. */
export function betaDraw(random: Random, alpha: number, beta: number): number {
	const x = gammaDraw(random, alpha);
	const y = gammaDraw(random, beta);
	return x / (x + y);
}
