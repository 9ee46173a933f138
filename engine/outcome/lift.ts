/**
 * How much better the learned strategy converts than the random holdout, with a confidence
 * interval. See docs/nodes/log-outcome.md ("How lift is measured") for the method in plain words.
 *
 * Each lead's original decision (its first `assigned` record) put it in one arm: the holdout
 * (a random share routed by round robin) or the learned strategy. The value of each arm's policy is
 * estimated by inverse propensity scoring over the arm draw: a lead in arm X counts
 * 1 / P(arm X). With the design's holdout rate given, that is the Horvitz-Thompson estimator; without
 * it, P(arm) is estimated from the data (the self-normalised, Hajek form), which equals each arm's
 * conversion rate. The logged agent propensities are checked (every experiment lead must carry
 * one in (0, 1]) and summarised, but they cancel out of this estimate: each arm is evaluated as
 * the very policy that logged it, so pi_target(agent) / pi_logging(agent) = 1 / P(arm).
 * The interval is the normal approximation over each lead's influence on the estimate.
 */
import type { OutcomeRecord } from '../types';
import { normalCritical, round } from './stats';

export interface LiftOptions {
	/** Strategy name of the learned arm (Lead Match writes `learned`). */
	learnedStrategy?: string;
	/** Strategy name that marks the holdout when records carry no holdout flag at all. */
	holdoutStrategy?: string;
	/** The design's holdout rate in percent, when known (Lead Match's Holdout Percent). */
	holdoutPercent?: number;
	/** Default 0.95. */
	confidence?: number;
}

export interface ArmEstimate {
	leads: number;
	won: number;
	/** Estimated conversion of the arm's policy. */
	value: number;
	meanPropensity: number | null;
}

export interface LiftEstimate {
	method: 'horvitzThompson' | 'hajek';
	learned: ArmEstimate;
	holdout: ArmEstimate;
	/** Learned minus holdout conversion, absolute (0.05 = five points). */
	lift: number;
	/** Lift over the holdout's conversion; null when the holdout converted nothing. */
	relativeLift: number | null;
	ci: { level: number; low: number; high: number };
	/** Whether the interval excludes zero. */
	significant: boolean;
	/** Leads outside the experiment (sticky owner, rules, escalation-only records...). */
	excludedLeads: number;
	/** Experiment leads whose decision carried no usable propensity. */
	missingPropensity: number;
}

interface ExperimentLead {
	arm: 'learned' | 'holdout';
	won: number;
	propensity: number | null;
}

/** The arm each lead's original decision drew, and whether the lead was won. */
export function experimentLeads(records: readonly OutcomeRecord[], options: LiftOptions = {}): { leads: ExperimentLead[]; excluded: number } {
	const learnedStrategy = options.learnedStrategy ?? 'learned';
	const holdoutStrategy = options.holdoutStrategy ?? 'roundRobin';
	const flagged = records.some((record) => record.event === 'assigned' && record.holdout !== undefined && record.holdout !== null);
	const firstAssigned = new Map<string, OutcomeRecord>();
	const outcome = new Map<string, OutcomeRecord>();
	for (const record of records) {
		if (record.event === 'assigned') {
			const seen = firstAssigned.get(record.leadId);
			if (!seen || record.at < seen.at) firstAssigned.set(record.leadId, record);
		} else if (record.event === 'won' || record.event === 'lost') {
			const seen = outcome.get(record.leadId);
			if (!seen || record.at >= seen.at) outcome.set(record.leadId, record);
		}
	}
	const leads: ExperimentLead[] = [];
	let excluded = 0;
	for (const [leadId, decision] of firstAssigned) {
		let arm: ExperimentLead['arm'] | null = null;
		if (flagged ? decision.holdout === true : decision.strategy === holdoutStrategy) arm = 'holdout';
		else if (decision.strategy === learnedStrategy) arm = 'learned';
		if (!arm) {
			excluded++;
			continue;
		}
		leads.push({ arm, won: outcome.get(leadId)?.event === 'won' ? 1 : 0, propensity: decision.propensity });
	}
	return { leads, excluded };
}

function arm(leads: ExperimentLead[], value: number): ArmEstimate {
	const propensities = leads.map((lead) => lead.propensity).filter((p): p is number => p !== null && p > 0 && p <= 1);
	return {
		leads: leads.length,
		won: leads.reduce((sum, lead) => sum + lead.won, 0),
		value: round(value, 6)!,
		meanPropensity: propensities.length ? round(propensities.reduce((s, p) => s + p, 0) / propensities.length, 6) : null,
	};
}

/** Null when either arm is empty: there is nothing to compare. */
export function estimateLift(records: readonly OutcomeRecord[], options: LiftOptions = {}): LiftEstimate | null {
	const { leads, excluded } = experimentLeads(records, options);
	const learned = leads.filter((lead) => lead.arm === 'learned');
	const holdout = leads.filter((lead) => lead.arm === 'holdout');
	const n = leads.length;
	if (learned.length === 0 || holdout.length === 0) return null;
	const known = options.holdoutPercent !== undefined && options.holdoutPercent > 0 && options.holdoutPercent < 100;
	// P(arm): the design's rate when known, else the observed share.
	const pHoldout = known ? options.holdoutPercent! / 100 : holdout.length / n;
	const pLearned = 1 - pHoldout;
	const sum = (group: ExperimentLead[]) => group.reduce((total, lead) => total + lead.won, 0);
	let valueLearned: number;
	let valueHoldout: number;
	let influence: (lead: ExperimentLead) => number;
	if (known) {
		valueLearned = sum(learned) / (n * pLearned);
		valueHoldout = sum(holdout) / (n * pHoldout);
		const lift = valueLearned - valueHoldout;
		influence = (lead) => (lead.arm === 'learned' ? lead.won / pLearned : -lead.won / pHoldout) - lift;
	} else {
		valueLearned = sum(learned) / learned.length;
		valueHoldout = sum(holdout) / holdout.length;
		influence = (lead) =>
			lead.arm === 'learned' ? (lead.won - valueLearned) / pLearned : -(lead.won - valueHoldout) / pHoldout;
	}
	const lift = valueLearned - valueHoldout;
	const variance = leads.reduce((total, lead) => total + influence(lead) ** 2, 0) / (n * n);
	const level = options.confidence ?? 0.95;
	const half = normalCritical(level) * Math.sqrt(variance);
	const low = lift - half;
	const high = lift + half;
	return {
		method: known ? 'horvitzThompson' : 'hajek',
		learned: arm(learned, valueLearned),
		holdout: arm(holdout, valueHoldout),
		lift: round(lift, 6)!,
		relativeLift: valueHoldout > 0 ? round(lift / valueHoldout, 6) : null,
		ci: { level, low: round(low, 6)!, high: round(high, 6)! },
		significant: low > 0 || high < 0,
		excludedLeads: excluded,
		missingPropensity: leads.filter((lead) => lead.propensity === null || !(lead.propensity > 0 && lead.propensity <= 1)).length,
	};
}
