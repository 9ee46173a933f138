/**
 * The plausible payloads the fuzzer starts from: every sample and fixture payload in the repo, one
 * per source shape at least, read as n8n's Webhook node would hand their body on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BasePayload {
	name: string;
	/** The lead as the source sends it: an object, or form-encoded text (Jotform's webhook). */
	body: Record<string, unknown> | string;
}

const ROOT = join(__dirname, '..', '..');
const FOLDERS = [join(ROOT, 'test', 'fixtures', 'payloads'), join(ROOT, 'workflows', 'samples', 'payloads')];

function readBody(file: string): Record<string, unknown> | string | null {
	const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
	const record = parsed as Record<string, unknown>;
	// `{contentType, body}` files describe how samples.mjs posts them; the lead is the body.
	if (typeof record.contentType === 'string' && 'body' in record) {
		const body = record.body;
		if (typeof body === 'string') return body;
		if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
		return null;
	}
	return record;
}

let cached: BasePayload[] | undefined;

/** Every base payload, in a stable order (so a seed means the same thing on every machine). */
export function basePayloads(): BasePayload[] {
	if (cached) return cached;
	const found: BasePayload[] = [];
	for (const folder of FOLDERS) {
		for (const name of readdirSync(folder).filter((file) => file.endsWith('.json')).sort()) {
			const body = readBody(join(folder, name));
			if (body !== null) found.push({ name, body });
		}
	}
	if (found.length === 0) throw new Error('no sample payloads found: the fuzzer needs test/fixtures/payloads');
	cached = found;
	return found;
}
