// Installs the lead-routing templates into a running n8n the way a user does: create the signing
// credential first, then import each template (n8n binds Lead Escalate's credential reference
// {id: null, name: "Lead Routing Signing"} to the credential of that name on import), then publish.
// Used by the e2e tests and the demo. The templates themselves come from
// scripts/templates/build-templates.mjs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, waitUntil } from './runtime.mjs';

export const SIGNING_CREDENTIAL_NAME = 'Lead Routing Signing';

/** Creates the Lead Routing Signing API credential through the public API; returns its id. */
export async function createSigningCredential(client, secret = randomBytes(32).toString('hex')) {
	const created = await client.api('POST', '/credentials', {
		name: SIGNING_CREDENTIAL_NAME,
		type: 'leadRoutingSigningApi',
		data: { secret },
	});
	return created.id;
}

/**
 * Imports a template through the public API (POST /api/v1/workflows: the same import path the
 * editor's "Import from file" ends in) and publishes it when it starts from a trigger. Returns
 * {id, name, file, credentialIds}: the credential ids n8n bound, so a caller can check the binding.
 */
export async function installTemplate(client, file, { activate = true } = {}) {
	const json = JSON.parse(readFileSync(resolve(ROOT, file), 'utf8'));
	const created = await client.api('POST', '/workflows', {
		name: json.name,
		nodes: json.nodes,
		connections: json.connections,
		settings: json.settings ?? {},
	});
	const stored = await client.getWorkflow(created.id);
	const credentialIds = stored.nodes
		.filter((node) => node.credentials?.leadRoutingSigningApi)
		.map((node) => node.credentials.leadRoutingSigningApi.id);
	const hasTrigger = json.nodes.some((node) => /\.(webhook|scheduleTrigger)$/.test(node.type));
	if (activate && hasTrigger) {
		await client.activateWorkflow(created.id);
		await waitUntil(async () => (await client.getWorkflow(created.id)).triggerCount > 0, 30000, `triggers of ${file}`);
	}
	return { id: created.id, name: json.name, file, credentialIds };
}

/** Rows of a Data Table by name ([] when the table does not exist yet). */
export async function tableRows(client, name) {
	const found = await client.dataTableByName(name);
	return found ? await client.dataTableRows(found.id) : [];
}

/** GETs a URL (an accept / decline link) and returns status and parsed body. */
export async function getUrl(url) {
	const started = performance.now();
	const res = await fetch(url);
	const text = await res.text();
	let body = text;
	try {
		body = JSON.parse(text);
	} catch {}
	return { status: res.status, body, text, ms: performance.now() - started };
}

/**
 * Clicks an accept / decline link. The offer is sent a moment before the execution reaches its
 * Wait node; until it has, n8n answers 409 "running already" (an agent that quick clicks again).
 */
export async function clickLink(url, { timeoutMs = 20000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await getUrl(url);
		if (res.status !== 409 || !/running already/.test(res.text) || Date.now() > deadline) return res;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * A copy of a template with an edit, for a bench side by side with the original or a test that
 * needs other settings: `edit(json)` changes it, its webhook gets its own `path` (and id) so both
 * copies run on one n8n against the same tables. Returns the file, for installTemplate.
 */
export function templateVariant(file, { suffix, path, webhookId, edit }) {
	const json = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
	json.name = `${json.name} (${suffix})`;
	edit(json);
	for (const node of json.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') {
			node.parameters.path = path;
			node.webhookId = webhookId;
		}
	}
	const out = join(mkdtempSync(join(tmpdir(), 'template-variant-')), `${path}.json`);
	writeFileSync(out, JSON.stringify(json));
	return out;
}
