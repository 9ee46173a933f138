/** Small builders for match tests: agents, leads and history records with only what a test needs. */
import type { Agent, Lead, OutcomeRecord } from '../../../engine/types';
import { createMatchContext } from '../../../engine/match/context';
import type { MatchOptionsInput } from '../../../engine/match/options';
import { resolveMatchOptions } from '../../../engine/match/options';
import type { LearnedModel } from '../../../engine/match/learned/model';
import type { LearningExample } from '../../../engine/match/learned/outcomes';
import { buildAgent } from '../../fixtures/agent';

export function agent(id: string, overrides: Partial<Agent> = {}): Agent {
	return buildAgent(id, overrides);
}

export function lead(leadId: string, overrides: Partial<Lead> & Record<string, unknown> = {}): Partial<Lead> & { leadId: string } {
	return { leadId, dedupeKey: `${leadId}@mail.test`, product: 'auto', state: 'FL', fields: {}, ...overrides };
}

export function assigned(agentId: string, at: string, leadId = `${agentId}-${at}`, extra: Partial<OutcomeRecord> = {}): OutcomeRecord {
	return {
		leadId,
		agentId,
		event: 'assigned',
		at,
		value: null,
		responseSeconds: null,
		slaMet: null,
		strategy: 'roundRobin',
		propensity: 1,
		lead: { leadId, product: 'auto', state: 'FL', source: { channel: 'referral' }, score: null, dedupeKey: `${leadId}@mail.test` },
		...extra,
	};
}

export function outcome(agentId: string, leadId: string, won: boolean, at: string, product = 'auto', channel = 'referral'): OutcomeRecord {
	return {
		leadId,
		agentId,
		event: won ? 'won' : 'lost',
		at,
		value: null,
		responseSeconds: null,
		slaMet: null,
		strategy: null,
		propensity: null,
		lead: { leadId, product, state: 'FL', source: { channel }, score: null, dedupeKey: `${leadId}@mail.test` },
	};
}

export function context(
	agents: Agent[],
	records: OutcomeRecord[],
	now: Date,
	options: MatchOptionsInput = {},
	model: LearnedModel | null = null,
) {
	// Most tests check the deficit algorithm itself, so they ask for the exact distribution; the
	// spread distribution has tests of its own.
	return createMatchContext({ agents, records, now, options: resolveMatchOptions({ distribution: 'exact', ...options }), model });
}

/** `count` learning examples of one agent in one segment, the first `wins` of them won. */
export function examplesOf(agentId: string, product: string, channel: string, state: string, count: number, wins: number): LearningExample[] {
	return Array.from({ length: count }, (_, index) => ({
		leadId: `${agentId}-${product}-${channel}-${state}-${index}`,
		agentId,
		product,
		channel,
		state,
		score: null,
		won: index < wins,
		at: '2026-03-02T12:00:00.000Z',
	}));
}
