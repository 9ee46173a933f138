/**
 * The sample roster and an independent re-check of licensing, written from lead-schema.md and
 * docs/nodes/license-check.md (not from the engine), so an e2e test can judge every assignment
 * the templates make.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SampleLicense {
	state: string;
	residency: 'resident' | 'nonresident';
	linesOfAuthority: string[];
	status: string;
	expiresOn: string;
}

export interface SampleAgent {
	agentId: string;
	name: string;
	active: boolean;
	workingHours: string;
	weight: number;
	residentState: string;
	licenses: SampleLicense[];
	appointments: Array<{ carrier: string; state: string; status: string }>;
}

export const ROSTER: SampleAgent[] = JSON.parse(
	readFileSync(join(__dirname, '..', '..', '..', 'workflows', 'samples', 'roster.json'), 'utf8'),
).agents;

export const agentById = (id: string) => ROSTER.find((agent) => agent.agentId === id);

const PERSONAL = ['auto', 'home', 'bundle', 'renters', 'condo', 'umbrella', 'motorcycle'];
const COMMERCIAL = ['commercialAuto', 'commercialProperty', 'generalLiability', 'workersComp'];

/** Whether these lines of authority cover the product (license-check.md, default table). */
function linesCover(lines: string[], product: string): boolean {
	const has = (line: string) => lines.includes(line);
	if (PERSONAL.includes(product)) return has('personalLines') || (has('property') && has('casualty'));
	if (COMMERCIAL.includes(product)) return has('property') && has('casualty');
	if (['life', 'annuity', 'finalExpense'].includes(product)) return has('life');
	if (['health', 'medicare'].includes(product)) return has('accidentHealth');
	return false;
}

const usable = (license: SampleLicense | undefined, today: string) =>
	!!license && license.status === 'active' && license.expiresOn >= today;

/** Why this agent may not take this lead, or null when they may. */
export function licensingProblem(agentId: string, state: string, product: string, today = new Date().toISOString().slice(0, 10)): string | null {
	const agent = agentById(agentId);
	if (!agent) return `${agentId} is not on the roster`;
	if (!agent.active) return `${agentId} is inactive`;
	const license = agent.licenses.find((l) => l.state === state);
	if (!license) return `${agentId} has no license in ${state}`;
	if (!usable(license, today)) return `${agentId}'s ${state} license is not active or expired`;
	if (!linesCover(license.linesOfAuthority, product)) return `${agentId}'s ${state} license does not cover ${product}`;
	if (license.residency === 'nonresident') {
		const home = agent.licenses.find((l) => l.state === agent.residentState && l.residency === 'resident');
		if (!usable(home, today)) return `${agentId}'s resident license is not usable, so the ${state} non-resident one is not either`;
	}
	return null;
}
