// Types for runtime.mjs, so the TypeScript e2e tests can use the rig.
import { N8nClient } from './client.mjs';

export { N8nClient };
export const ROOT: string;
export const RUNTIME_DIR: string;
export const OWNER: { email: string; password: string; firstName: string; lastName: string };

export interface StartOptions {
	/** Workflow templates to import, relative to the repository root. */
	workflows?: string[];
	port?: number;
	brokerPort?: number;
	userFolder?: string;
	/** Keep the throwaway user folder after stop (for debugging). */
	keepFolder?: boolean;
	/** Extra environment variables for n8n. */
	env?: Record<string, string>;
	/** Install the built package into the user folder (default true). */
	installPackage?: boolean;
	/** Activate the templates that start from a trigger (default true). */
	activate?: boolean;
	readyTimeoutMs?: number;
}

export interface RunningN8n {
	baseUrl: string;
	port: number;
	brokerPort: number;
	userFolder: string;
	logFile: string;
	pid: number;
	owner: typeof OWNER;
	apiKey: string;
	client: N8nClient;
	workflows: Array<{ file: string; id: string; name: string; active: boolean }>;
	/** Nodes/credentials package.json lists but dist/ lacks (left out of the installed copy). */
	packageMissing: string[];
	timings: { importMs: number; readyMs: number; totalMs: number };
	logTail(lines?: number): string;
	stop(): Promise<void>;
}

export function startN8n(options?: StartOptions): Promise<RunningN8n>;
export function ensureRuntime(options?: { quiet?: boolean }): void;
/** Returns true when it had to rebuild dist/. */
export function ensureBuilt(options?: { quiet?: boolean }): boolean;
export function freePort(): Promise<number>;
/** Copies package.json + dist/ into the user folder; `missing` lists package.json entries not built. */
export function installPackage(userFolder: string): { target: string; missing: string[] };
export function tail(file: string, lines?: number): string;
export function waitUntil<T>(check: () => Promise<T>, timeoutMs: number, what: string): Promise<T>;
