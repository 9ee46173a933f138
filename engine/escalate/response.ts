/**
 * What the agent did with the offer, as it reaches the node: from a signed link (Verify Response
 * sets `response`), a CRM field, a chat button, or nothing at all when the Wait node timed out.
 */
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
	const status = RESPONSE_WORDS[word];
	if (!status) {
		throw new InputError('response', 'unknownResponse', `must be accepted, declined or empty, not "${value}"`);
	}
	return status;
}
