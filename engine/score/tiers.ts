/**
 * Score -> tier -> how fast someone must call. Tier A is the most urgent (priority 1). The SLA
 * defaults follow the response-time studies in the domain facts: contact within 5 minutes is worth
 * 100x the odds of contact at 30 minutes, so the best leads get 2 minutes, the weakest an hour.
 */
import type { Tier } from '../types';
import { InputError } from '../types';

export interface TierThresholds {
	/** Minimum score for tier A, B and C; below C is D. */
	A: number;
	B: number;
	C: number;
}

export type TierSla = Record<Tier, number>;

export const DEFAULT_TIER_THRESHOLDS: TierThresholds = { A: 75, B: 50, C: 25 };
export const DEFAULT_TIER_SLA_MINUTES: TierSla = { A: 2, B: 5, C: 15, D: 60 };
export const TIER_PRIORITY: Record<Tier, number> = { A: 1, B: 2, C: 3, D: 4 };

export function isTier(value: unknown): value is Tier {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(TIER_PRIORITY, value);
}

export function validateThresholds(thresholds: TierThresholds, field = 'tierThresholds'): TierThresholds {
	const { A, B, C } = thresholds;
	if (![A, B, C].every(Number.isFinite) || !(A >= B && B >= C)) {
		throw new InputError(field, 'invalidTierThresholds', `must satisfy A >= B >= C (got A=${A}, B=${B}, C=${C})`);
	}
	return thresholds;
}

export function tierFor(value: number, thresholds: TierThresholds): Tier {
	if (value >= thresholds.A) return 'A';
	if (value >= thresholds.B) return 'B';
	if (value >= thresholds.C) return 'C';
	return 'D';
}

export function clampScore(value: number): number {
	return Math.max(0, Math.min(100, Math.round(value)));
}
