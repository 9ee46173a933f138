// Types for samples.mjs.
export const PAYLOADS_DIR: string;
export interface SamplePayload {
	/** File name without its extension, e.g. `typeform`. */
	name: string;
	file: string;
	contentType: string;
	/** An object (sent as JSON) or a string (sent as is, e.g. form-encoded). */
	body: unknown;
}
export function loadSamplePayloads(dir?: string): SamplePayload[];
