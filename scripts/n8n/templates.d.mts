// Types for templates.mjs.
import type { N8nClient } from './client.mjs';

export const SIGNING_CREDENTIAL_NAME: string;
export function createSigningCredential(client: N8nClient, secret?: string): Promise<string>;
export function installTemplate(
	client: N8nClient,
	file: string,
	options?: { activate?: boolean },
): Promise<{ id: string; name: string; file: string; credentialIds: Array<string | null> }>;
export function templateVariant(
	file: string,
	options: { suffix: string; path: string; webhookId: string; edit: (json: { name: string; nodes: any[]; connections: Record<string, any> }) => void },
): string;
export function tableRows(client: N8nClient, name: string): Promise<Array<Record<string, any>>>;
export function getUrl(url: string): Promise<{ status: number; body: any; text: string; ms: number }>;
export function clickLink(url: string, options?: { timeoutMs?: number }): Promise<{ status: number; body: any; text: string; ms: number }>;
/** A Data Table row as the public API returns it (columns plus id, createdAt, updatedAt). */
export type Row = Record<string, any>;
