// Types for client.mjs, so the TypeScript e2e tests can use the rig's client.

export interface WebhookResponse {
	status: number;
	/** Parsed JSON when the body is JSON, else the raw text. */
	body: any;
	text: string;
	/** Round trip in milliseconds (for reporting only; tests never assert on time). */
	ms: number;
	headers: Headers;
}

export interface ExecutionSummary {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
	workflowId: string;
	data?: any;
}

export interface DataTable {
	id: string;
	name: string;
	projectId: string;
	columns: Array<{ id: string; name: string; type: string; index: number }>;
}

export type DataTableColumnType = 'string' | 'number' | 'boolean' | 'date';

export class N8nClient {
	constructor(baseUrl: string);
	baseUrl: string;
	cookie: string | null;
	apiKey: string | null;
	isReady(): Promise<boolean>;
	rest(method: string, path: string, body?: unknown): Promise<any>;
	setupOwner(owner: { email: string; password: string; firstName: string; lastName: string }): Promise<any>;
	login(email: string, password: string): Promise<any>;
	createApiKey(label?: string): Promise<string>;
	api(method: string, path: string, body?: unknown): Promise<any>;
	apiAll(path: string): Promise<any[]>;
	listWorkflows(): Promise<Array<{ id: string; name: string; active: boolean }>>;
	getWorkflow(id: string): Promise<{ id: string; name: string; active: boolean; triggerCount: number; nodes: any[]; connections: Record<string, unknown>; settings?: Record<string, unknown> }>;
	activateWorkflow(id: string): Promise<any>;
	listExecutions(options?: {
		workflowId?: string;
		includeData?: boolean;
		status?: string;
		limit?: number;
	}): Promise<ExecutionSummary[]>;
	waitForExecutions(options: {
		workflowId: string;
		atLeast?: number;
		includeData?: boolean;
		timeoutMs?: number;
	}): Promise<ExecutionSummary[]>;
	getExecution(id: string, includeData?: boolean): Promise<ExecutionSummary>;
	listDataTables(): Promise<DataTable[]>;
	createDataTable(name: string, columns: Array<{ name: string; type: DataTableColumnType }>): Promise<DataTable>;
	dataTableByName(name: string): Promise<DataTable | null>;
	dataTableRows(dataTableId: string): Promise<Array<Record<string, any>>>;
	insertDataTableRows(dataTableId: string, rows: Array<Record<string, unknown>>): Promise<any>;
	postWebhook(
		path: string,
		body: unknown,
		options?: { contentType?: string; method?: string; test?: boolean },
	): Promise<WebhookResponse>;
}
