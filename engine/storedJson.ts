/**
 * Trained models travel between workflows as JSON: stored as text in a Data Table column, or
 * handed over as the object itself by an expression. Both loaders read them the same way.
 */
import { InputError } from './types';

/** `value` parsed when it is text, as it is when it is not; text that is not JSON fails naming `field`. */
export function readStoredJson(value: unknown, field: string, hint: string): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		throw new InputError(field, 'notJson', `is not valid JSON: ${hint}`);
	}
}
