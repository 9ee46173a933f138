// Reads the sample lead payloads in workflows/samples/payloads/ and says how to post each one, the
// way its source would: JSON bodies as application/json, form posts (Jotform and friends) as
// application/x-www-form-urlencoded. Shared by the e2e tests and the demo.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './runtime.mjs';

export const PAYLOADS_DIR = join(ROOT, 'workflows', 'samples', 'payloads');

const FORM_EXTENSIONS = ['.form', '.urlencoded', '.txt'];

/**
 * Returns [{name, file, contentType, body}] sorted by file name. `body` is what to send: an object
 * for JSON (sent with JSON.stringify), a string for form posts. A JSON file may also describe the
 * request itself as {"contentType": "...", "body": ...} when the source posts something unusual.
 */
export function loadSamplePayloads(dir = PAYLOADS_DIR) {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json') || FORM_EXTENSIONS.some((ext) => file.endsWith(ext)))
		.sort()
		.map((file) => {
			const text = readFileSync(join(dir, file), 'utf8');
			const name = file.replace(/\.[^.]+$/, '');
			if (!file.endsWith('.json')) {
				return { name, file, contentType: 'application/x-www-form-urlencoded', body: text.trim() };
			}
			const json = JSON.parse(text);
			if (json && typeof json === 'object' && typeof json.contentType === 'string' && 'body' in json) {
				const isForm = json.contentType.includes('x-www-form-urlencoded');
				const body = isForm && typeof json.body === 'object' ? new URLSearchParams(json.body).toString() : json.body;
				return { name, file, contentType: json.contentType, body };
			}
			return { name, file, contentType: 'application/json', body: json };
		});
}
