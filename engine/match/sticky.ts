/**
 * Sticky owner (LeanData, Chili Piper, Cal.com CRM-owner routing): whoever already owns the same
 * person (dedupe key) or account within the window gets the new lead, if they may and can take it.
 */
import type { Lead } from '../types';
import type { MatchState, OwnerRecord } from './state';
import { ownerKeys } from './state';

export function stickyOwner(
	lead: Pick<Lead, 'dedupeKey' | 'fields'>,
	state: MatchState,
	now: Date,
	windowDays: number,
): (OwnerRecord & { key: string }) | null {
	const since = now.getTime() - windowDays * 86_400_000;
	for (const key of ownerKeys(lead)) {
		const owner = state.owners.get(key);
		if (owner && Date.parse(owner.at) >= since) return { ...owner, key };
	}
	return null;
}
