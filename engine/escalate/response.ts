/**
 * What the agent did with the offer, as it reaches the node: from a signed link (Verify Response
 * sets `response`), a CRM field, a chat button, or nothing at all when the Wait node timed out.
 */
import { ownEntry } from '../coerce';
import { InputError } from '../types';

export type ResponseStatus = 'accepted' | 'declined' | 'noResponse';

// The words people and tools actually send; anything else is an error, never a guess.
const RESPONSE_WORDS: Record<string, ResponseStatus> = {
	accepted: 'accepted',
	accept: 'accepted',
	yes: 'accepted',
	declined: 'declined',
	decline: 'declined',
	rejected: 'declined',
	reject: 'declined',
	no: 'declined',
	noresponse: 'noResponse',
	none: 'noResponse',
	expired: 'noResponse',
	timeout: 'noResponse',
	timedout: 'noResponse',
};

/** Empty (or null) means the agent did not answer. */
export function parseResponseStatus(value: unknown): ResponseStatus {
	if (value === undefined || value === null) return 'noResponse';
	if (typeof value !== 'string') {
		throw new InputError('response', 'unknownResponse', `must be accepted, declined or empty, not ${JSON.stringify(value)}`);
	}
	const word = value.trim().toLowerCase().replace(/[\s_-]/g, '');
	if (word === '') return 'noResponse';
	const status = ownEntry(RESPONSE_WORDS, word);
	if (!status) {
		throw new InputError('response', 'unknownResponse', `must be accepted, declined or empty, not "${value}"`);
	}
	return status;
}

/** The current offer a returned link is checked against, read from the node's parameters. */
export function readCurrentOffer(leadId: unknown, agentId: unknown, attempt: unknown): { leadId: string; agentId: string; attempt: number } {
	const lead = String(leadId ?? '').trim();
	const agent = String(agentId ?? '').trim();
	const number = typeof attempt === 'string' && attempt.trim() === '' ? NaN : Number(attempt);
	if (!lead) throw new InputError('currentLeadId', 'missingCurrentOffer', 'is empty: the lead the link must be for is needed');
	if (!agent) throw new InputError('currentAgentId', 'missingCurrentOffer', 'is empty: the agent holding the offer now is needed');
	if (!Number.isInteger(number) || number < 1) {
		throw new InputError('currentAttempt', 'missingCurrentOffer', `must be the current attempt number (1 or more), not ${JSON.stringify(attempt)}`);
	}
	return { leadId: lead, agentId: agent, attempt: number };
}
