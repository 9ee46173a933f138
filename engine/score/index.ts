/** Lead Score's engine: rules, the learned conversion model, tiers and measurement. */
export { DEFAULT_SCORE_RULES, type DefaultScoreRule, type ScoringLead } from './defaultRules';
export { scoreByRules, type EvaluatedRule, type RulesOptions } from './scoreByRules';
export { scoreLead, readLeadValue, type ScoreMode, type ScoreOptions } from './scoreLead';
export {
	DEFAULT_TIER_SHARES,
	trainConversionModel,
	scoreWithModel,
	validateTierShares,
	type ConversionModel,
	type TierShares,
	type TrainingOptions,
	type TrainingResult,
} from './conversionModel';
export { DEFAULT_TIER_SLA_MINUTES, DEFAULT_TIER_THRESHOLDS, validateThresholds, type TierSla, type TierThresholds } from './tiers';
export { areaUnderCurve, brierScore, calibrationError, reliabilityBins, type ReliabilityBin } from './metrics';
export { isNoStoredModel, isStoredScoreModel, readStoredConversionModel, storeConversionModel, STORED_MODEL_KIND, type StoredScoreModel } from './storedModel';
