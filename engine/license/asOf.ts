/**
 * The "As Of" parameter: the moment a check or score is made for. Empty means the caller's `now`
 * (the node passes the execution's clock); a fixed value makes a past decision replayable.
 */
import { InputError } from '../types';

export function readAsOf(value: unknown, now: Date, field = 'asOf'): Date {
	if (value === undefined || value === null || value === '') return now;
	const asOf = value instanceof Date ? value : new Date(String(value));
	if (Number.isNaN(asOf.getTime())) throw new InputError(field, 'invalidDate', `is not a date and time: "${String(value)}"`);
	return asOf;
}
