/**
 * Held-out evaluation of Lead Score on simulated history: train the learned model on the first
 * leads, score the rest with both modes, and compare ranking (AUC) and calibration (Brier, bins).
 * Shared by the benchmark (bench/score/index.ts) and the tests that assert learned beats rules.
 */
import { parseHistory } from '../../engine/history';
import {
	areaUnderCurve,
	brierScore,
	calibrationError,
	reliabilityBins,
	scoreLead,
	trainConversionModel,
	type ReliabilityBin,
} from '../../engine/score';
import { historyFor, simulateLeads } from './simulateHistory';

export interface Evaluation {
	trainLeads: number;
	testLeads: number;
	mode: 'rules' | 'learned';
	rulesAuc: number;
	learnedAuc: number;
	/** AUC of the true probabilities: the best any model could do on this test set. */
	oracleAuc: number;
	learnedBrier: number;
	/** Brier of the truth itself: the floor set by the outcomes' own randomness. */
	oracleBrier: number;
	calibrationError: number;
	bins: ReliabilityBin[];
	trainMs: number;
}

export function evaluateOnSimulation(trainLeads: number, testLeads: number, seed: number, minOutcomes = 50): Evaluation {
	const simulated = simulateLeads(trainLeads + testLeads, seed);
	const train = simulated.slice(0, trainLeads);
	const test = simulated.slice(trainLeads);
	const history = parseHistory(historyFor(train, true)).records;
	const started = performance.now();
	const training = trainConversionModel(history, { minOutcomes });
	const trainMs = performance.now() - started;
	const won = test.map((entry) => entry.won);
	const learned = test.map((entry) => scoreLead(entry.lead, { asOf: new Date(entry.lead.receivedAt), mode: 'learned', training }));
	const probabilities = learned.map((score) => score.probability ?? score.value / 100);
	const bins = reliabilityBins(probabilities, won);
	return {
		trainLeads,
		testLeads,
		mode: learned[0]?.mode ?? 'rules',
		rulesAuc: areaUnderCurve(test.map((entry) => entry.rulesScore), won),
		learnedAuc: areaUnderCurve(probabilities, won),
		oracleAuc: areaUnderCurve(test.map((entry) => entry.truth), won),
		learnedBrier: brierScore(probabilities, won),
		oracleBrier: brierScore(test.map((entry) => entry.truth), won),
		calibrationError: calibrationError(bins),
		bins,
		trainMs,
	};
}
