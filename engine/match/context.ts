/**
 * Builds what a batch of decisions shares from the raw inputs: the parsed roster, the history's
 * records, the counts at `now` and the learned model. One context per execution; every
 * assignment in the batch updates it.
 */
import { workloadByAgent } from '../history';
import type { Agent, OutcomeRecord } from '../types';
import type { LearnedModel } from './learned/model';
import type { MatchContext } from './matchLead';
import type { MatchOptions } from './options';
import { intervalStart } from './options';
import { buildMatchState } from './state';

export function createMatchContext(input: {
	agents: Agent[];
	records: OutcomeRecord[];
	now: Date;
	options: MatchOptions;
	model?: LearnedModel | null;
}): MatchContext {
	const windowStart = intervalStart(input.options.resetInterval, input.now);
	const counts = workloadByAgent(input.records, input.now, { agents: input.agents, intervalStart: windowStart });
	const past = input.records.filter((record) => Date.parse(record.at) <= input.now.getTime());
	return {
		agents: input.agents,
		state: buildMatchState(past, counts, windowStart),
		options: input.options,
		model: input.model ?? null,
	};
}
