/** Loads the sample payloads in test/fixtures/payloads by file name. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function payload(name: string): Record<string, unknown> {
	return JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'payloads', `${name}.json`), 'utf8'));
}

export const NOW = new Date('2026-11-25T20:00:00Z');
