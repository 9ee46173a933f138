/** Lead Match's engine: who gets each lead, and why. */
export { createMatchContext } from './context';
export { matchLead, matchLeads } from './matchLead';
export type { CandidateVerdict, MatchContext, MatchDecision, MatchableLead, Unassigned } from './matchLead';
export { DEFAULT_MATCH_OPTIONS, intervalStart, resolveMatchOptions } from './options';
export type { AfterHoursMode, MatchOptions, MatchOptionsInput, MatchRule, MatchStrategy, ResetInterval } from './options';
export { roundRobinStandings } from './roundRobin';
export type { RoundRobinStanding } from './roundRobin';
export { modelFromHistory, modelFromExamples } from './learned/model';
export type { LearnedModel } from './learned/model';
