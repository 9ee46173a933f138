/**
 * The baseline License Check is measured against: for every lead, walk the whole roster and check
 * every agent (scan its licenses for the lead's state, then the same checks), building a fresh
 * exclusion entry for every agent. It shares the memoised expiry cutoffs, so the ratio measures
 * indexing alone, not luxon. Eligible sets must equal the engine's (the bench checks).
 */
import { DEFAULT_PRODUCT_LINES } from '../../engine/data/productLines';
import { expiryCutoff } from '../../engine/license';
import type { Agent, ExcludedAgent, License } from '../../engine/types';

const ACTIVE = new Set(['active', 'valid', 'current', 'in force', 'issued']);

function inForce(license: License, asOf: number): boolean {
	return ACTIVE.has(license.status) && Boolean(license.expiresOn) && asOf < expiryCutoff(license.state, license.expiresOn!);
}

export function naiveEligibility(
	lead: { state: string; product: string },
	agents: readonly Agent[],
	asOf: number,
): { eligibleAgentIds: string[]; excluded: ExcludedAgent[] } {
	const requirement = DEFAULT_PRODUCT_LINES[lead.product];
	const eligibleAgentIds: string[] = [];
	const excluded: ExcludedAgent[] = [];
	for (const agent of agents) {
		const reasons: Array<{ code: string; message: string }> = [];
		if (!agent.active) reasons.push({ code: 'inactive', message: `${agent.name} is inactive` });
		const inState = agent.licenses.filter((license) => license.state === lead.state);
		if (inState.length === 0) reasons.push({ code: 'noLicenseInState', message: `no license in ${lead.state}` });
		const usable = inState.some((license) => {
			if (!inForce(license, asOf)) return false;
			if (!requirement.some((alternative) => alternative.every((line) => license.linesOfAuthority.includes(line)))) return false;
			if (license.residency === 'nonresident') {
				return agent.licenses.some(
					(home) => home.residency === 'resident' && (!agent.residentState || home.state === agent.residentState) && inForce(home, asOf),
				);
			}
			return true;
		});
		if (inState.length > 0 && !usable) reasons.push({ code: 'licenseProblem', message: 'no usable license' });
		if (reasons.length === 0) eligibleAgentIds.push(agent.id);
		else excluded.push({ agentId: agent.id, reasons });
	}
	return { eligibleAgentIds, excluded };
}
