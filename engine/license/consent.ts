/**
 * Medicare consent (CMS 42 CFR 422.2274, since October 2024): a beneficiary's data may go only to
 * a recipient the consumer individually opted into. Consent forms name businesses loosely
 * ("Smith Insurance Agency, LLC" vs the roster's "Smith Insurance Agency"), so names are compared
 * after folding case, punctuation and legal-form suffixes; nothing looser than that, because a
 * false match is a compliance breach while a false miss only sends the lead to review.
 */
import type { Agent } from '../types';

const LEGAL_SUFFIXES = /\b(llc|l l c|inc|incorporated|corp|corporation|co|ltd|limited|pllc|pc|lp|llp)$/;

export function foldBusinessName(name: string): string {
	let folded = name
		.toLowerCase()
		.replace(/&/g, ' and ')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
	for (;;) {
		const stripped = folded.replace(LEGAL_SUFFIXES, '').trim();
		if (stripped === folded || stripped === '') break;
		folded = stripped;
	}
	return folded;
}

/** Whether the agent's agency (or, failing that, the agent's own name) is a named recipient. */
export function isNamedRecipient(agent: Agent, namedRecipients: ReadonlySet<string>): boolean {
	const names = [agent.agency, agent.name].filter((name): name is string => Boolean(name));
	return names.some((name) => namedRecipients.has(foldBusinessName(name)));
}

export function foldRecipients(recipients: unknown): Set<string> {
	if (!Array.isArray(recipients)) return new Set();
	return new Set(recipients.filter((entry) => typeof entry === 'string').map(foldBusinessName).filter(Boolean));
}
