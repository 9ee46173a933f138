/**
 * The start every routing e2e file shares: a real n8n with the signing credential, the setup
 * template and the given templates installed the way a user installs them, and the sample roster
 * loaded through the setup webhook. Returns the running n8n and each template's workflow id.
 */
import { ensureBuilt, ensureRuntime, startN8n, type RunningN8n } from '../../../scripts/n8n/runtime.mjs';
import { createSigningCredential, installTemplate } from '../../../scripts/n8n/templates.mjs';

/** beforeAll timeout for a start that may include the cold n8n install (~4-9 minutes here). */
export const INSTALL_AND_START_TIMEOUT_MS = 20 * 60_000;

export async function startRoutingN8n(templates: string[]): Promise<{ n8n: RunningN8n; ids: Record<string, string> }> {
	ensureBuilt({ quiet: true });
	ensureRuntime();
	const n8n = await startN8n({ workflows: [] });
	await createSigningCredential(n8n.client);
	const ids: Record<string, string> = {};
	for (const file of ['workflows/setup-data-tables.json', ...templates]) {
		ids[file] = (await installTemplate(n8n.client, file)).id;
	}
	const setup = await n8n.client.postWebhook('lead-routing-setup', {});
	if (setup.status !== 200) throw new Error(`setup webhook answered ${setup.status}: ${setup.text.slice(0, 200)}`);
	console.log(`n8n ready in ${n8n.timings.totalMs} ms; templates installed, roster loaded`);
	return { n8n, ids };
}
