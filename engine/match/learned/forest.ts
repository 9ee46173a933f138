/** Placeholder type until the forest estimator lands (see forest training). */
export interface ForestEstimator {
	predict(row: { agentId: string; product: string; channel: string; state: string; score: number | null }): number | null;
}
