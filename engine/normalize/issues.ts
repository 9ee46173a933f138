/** Collects what went wrong with one payload: errors make the lead invalid, warnings do not. */
import type { FieldIssue } from '../types';

export class IssueLog {
	readonly errors: FieldIssue[] = [];
	readonly warnings: FieldIssue[] = [];

	error(field: string, code: string, message: string): void {
		if (!this.errors.some((issue) => issue.field === field && issue.code === code)) {
			this.errors.push({ field, code, message });
		}
	}

	warn(field: string, code: string, message: string): void {
		if (!this.warnings.some((issue) => issue.field === field && issue.code === code)) {
			this.warnings.push({ field, code, message });
		}
	}
}

/** Quotes a user value inside a message, cut short so a 1 MB string cannot bloat the output. */
export function quote(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
	} catch {
		// Nested too deep to stringify (a 10,000-level list overflows JSON.stringify and String alike).
		text = Array.isArray(value) ? '[...]' : '{...}';
	}
	return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
