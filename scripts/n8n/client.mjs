// A small HTTP client for a running n8n 2.41: what the e2e tests and the demo need and nothing
// more. Two APIs are involved:
// - the editor's internal REST API under /rest (cookie session): owner setup and API keys, which
//   the public API cannot do;
// - the public API under /api/v1 (header X-N8N-API-KEY): workflows, executions, Data Tables.
// Webhooks are plain HTTP under /webhook/<path>.

/** The editor binds its session cookie to this header; any fixed value works for a script. */
const BROWSER_ID = 'lead-routing-e2e';

export class N8nClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = null;
		this.apiKey = null;
	}

	/** True once n8n reports itself fully ready (DB migrated, webhooks registered, server up). */
	async isReady() {
		try {
			// Short timeout: something else may hold the port and never answer.
			const res = await fetch(`${this.baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (res.status !== 200) return false;
			const body = await res.json().catch(() => null);
			return body?.status === 'ok';
		} catch {
			return false;
		}
	}

	async rest(method, path, body) {
		const res = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': BROWSER_ID,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.get('set-cookie');
		const auth = setCookie && /n8n-auth=[^;]+/.exec(setCookie);
		if (auth) this.cookie = auth[0];
		const json = await res.json().catch(() => null);
		if (!res.ok) throw new Error(`${method} /rest${path} -> ${res.status} ${JSON.stringify(json)}`);
		return json?.data ?? json;
	}

	/** Creates the instance owner (first start only) and keeps the session cookie. */
	async setupOwner(owner) {
		return await this.rest('POST', '/owner/setup', owner);
	}

	async login(email, password) {
		return await this.rest('POST', '/login', { emailOrLdapLoginId: email, password });
	}

	/** Issues a non-expiring public-API key with every scope the owner may have. */
	async createApiKey(label = 'e2e') {
		const scopes = await this.rest('GET', '/api-keys/scopes');
		const created = await this.rest('POST', '/api-keys', { label, scopes, expiresAt: null });
		this.apiKey = created.rawApiKey;
		return this.apiKey;
	}

	async api(method, path, body) {
		if (!this.apiKey) throw new Error('no API key yet: call createApiKey() first');
		const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'x-n8n-api-key': this.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = await res.json().catch(() => null);
		if (!res.ok) throw new Error(`${method} /api/v1${path} -> ${res.status} ${JSON.stringify(json)}`);
		return json;
	}

	/** Follows the public API's cursor pagination and returns every item. */
	async apiAll(path) {
		const items = [];
		let cursor;
		do {
			const sep = path.includes('?') ? '&' : '?';
			const page = await this.api('GET', `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`);
			items.push(...(page.data ?? []));
			cursor = page.nextCursor;
		} while (cursor);
		return items;
	}

	async listWorkflows() {
		return await this.apiAll('/workflows?limit=250');
	}

	async getWorkflow(id) {
		return await this.api('GET', `/workflows/${id}`);
	}

	/**
	 * Publishes the workflow's current version. Its webhooks start listening a moment later (n8n
	 * publishes through an outbox): wait for getWorkflow(id).triggerCount > 0.
	 */
	async activateWorkflow(id) {
		return await this.api('POST', `/workflows/${id}/activate`);
	}

	/** Executions of a workflow, newest first; includeData adds each node's output items. */
	async listExecutions({ workflowId, includeData = false, status, limit = 100 } = {}) {
		const query = new URLSearchParams({ limit: String(limit), includeData: String(includeData) });
		if (workflowId) query.set('workflowId', workflowId);
		if (status) query.set('status', status);
		return (await this.api('GET', `/executions?${query}`)).data;
	}

	/**
	 * Waits until the workflow has at least `atLeast` executions that are done. Needed because a
	 * webhook answers from Respond to Webhook before n8n has saved the execution.
	 */
	async waitForExecutions({ workflowId, atLeast = 1, includeData = false, timeoutMs = 30000 }) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await this.listExecutions({ workflowId, includeData });
			const done = executions.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
			if (done.length >= atLeast) return done;
			if (Date.now() > deadline) {
				throw new Error(`timed out waiting for ${atLeast} executions of ${workflowId} (have ${done.length})`);
			}
			await new Promise((r) => setTimeout(r, 200));
		}
	}

	async getExecution(id, includeData = true) {
		return await this.api('GET', `/executions/${id}?includeData=${includeData}`);
	}

	// Data Tables (public API). Column types: string, number, boolean, date.
	async listDataTables() {
		return await this.apiAll('/data-tables?limit=250');
	}

	async createDataTable(name, columns) {
		return await this.api('POST', '/data-tables', { name, columns });
	}

	async dataTableByName(name) {
		return (await this.listDataTables()).find((table) => table.name === name) ?? null;
	}

	async dataTableRows(dataTableId) {
		return await this.apiAll(`/data-tables/${dataTableId}/rows?limit=250`);
	}

	async insertDataTableRows(dataTableId, rows) {
		return await this.api('POST', `/data-tables/${dataTableId}/rows`, { data: rows, returnType: 'all' });
	}

	/**
	 * POSTs to a production webhook. `body` may be an object (sent as JSON) or a string with its
	 * own content type (form-encoded payloads, deliberately broken JSON). Returns status, the parsed
	 * body (raw text when it is not JSON) and the round-trip time.
	 */
	async postWebhook(path, body, { contentType, method = 'POST', test = false } = {}) {
		const isText = typeof body === 'string';
		const started = performance.now();
		const res = await fetch(`${this.baseUrl}/${test ? 'webhook-test' : 'webhook'}/${path}`, {
			method,
			headers: { 'content-type': contentType ?? (isText ? 'text/plain' : 'application/json') },
			body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
		});
		const text = await res.text();
		const ms = performance.now() - started;
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, body: json ?? text, text, ms, headers: res.headers };
	}
}
