/** Small hand-built leads and agents for the escalation tests. */
import type { Agent, Lead } from '../../../engine/types';
import { buildAgent } from '../../fixtures/agent';
import { givenConsent } from '../../fixtures/consent';

export function agent(id: string, overrides: Partial<Agent> = {}): Agent {
	return buildAgent(id, { name: `Agent ${id.toUpperCase()}`, ...overrides });
}

export const roster = ['a1', 'a2', 'a3', 'a4'].map((id) => agent(id));

/** A Florida lead assigned to a1 at 14:00Z (09:00 in Miami, 08:00 in the Central panhandle), ranked a1 > a2 > a3 > a4. */
export function assignedLead(overrides: Partial<Lead> = {}): Lead {
	return {
		leadId: 'lead-1',
		receivedAt: '2026-11-02T13:59:30.000Z',
		source: {
			kind: 'flat',
			formId: null,
			channel: 'paid_search',
			utm: { source: null, medium: null, campaign: null, term: null, content: null },
			clickIds: {},
		},
		firstName: 'Ana',
		lastName: 'Diaz',
		fullName: 'Ana Diaz',
		email: 'ana@example.com',
		phone: '+13055550123',
		street: null,
		city: 'Miami',
		state: 'FL',
		zip: '33101',
		country: 'US',
		product: 'auto',
		productRaw: 'auto',
		consent: givenConsent(),
		dedupeKey: 'ana@example.com',
		fields: {},
		warnings: [],
		score: { value: 80, tier: 'A', priority: 1, slaMinutes: 5, reasons: [] },
		eligibility: {
			status: 'eligible',
			eligibleAgentIds: ['a1', 'a2', 'a3', 'a4'],
			excluded: [],
			warnings: [],
			checkedAt: '2026-11-02T14:00:00.000Z',
		},
		assignment: {
			agentId: 'a1',
			agentName: 'Agent A1',
			strategy: 'learned',
			rank: [{ agentId: 'a1' }, { agentId: 'a2' }, { agentId: 'a3' }, { agentId: 'a4' }],
			propensity: 0.6,
			reasons: [],
			decidedAt: '2026-11-02T14:00:00.000Z',
			attempt: 1,
			previousAgentIds: [],
		},
		...overrides,
	};
}

export const at = (iso: string) => new Date(iso);
