/** Routing weights typed into a node ("a1=2, a2=1"), for the report's fairness comparison. */
import { InputError } from '../types';

export function parseAgentWeights(text: string, field = 'agentWeights'): Record<string, number> {
	const weights: Record<string, number> = {};
	for (const entry of text.split(/[,;\n]/)) {
		if (!entry.trim()) continue;
		const at = entry.lastIndexOf('=');
		const agentId = at > 0 ? entry.slice(0, at).trim() : '';
		const weight = at > 0 ? Number(entry.slice(at + 1).trim()) : NaN;
		if (!agentId || !Number.isFinite(weight) || weight <= 0) {
			throw new InputError(field, 'badWeights', `"${entry.trim()}" is not like a1=2 (a positive weight per agent ID)`);
		}
		weights[agentId] = weight;
	}
	return weights;
}
