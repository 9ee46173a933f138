/**
 * Lead Score, learned vs rules, on seeded simulated history with a known truth
 * (bench/score/simulateHistory.ts): held-out AUC of both modes and of the truth itself, Brier score
 * and calibration of the learned probabilities, across history sizes, plus training time.
 * Prints markdown tables for BENCHMARKS.md. Timings are printed, never asserted.
 * Run: node scripts/run-ts.mjs bench/score/index.ts [seed]
 */
import { evaluateOnSimulation } from './evaluate';

const SEED = Number(process.argv[2] ?? 7);
const TEST_LEADS = 5000;
const SIZES = [30, 100, 300, 1000, 3000, 10000];
const fixed = (value: number, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

console.log(`Lead Score on simulated history (seed ${SEED}; ${TEST_LEADS} held-out leads; minimum outcomes 50)`);
console.log('| outcomes in history | mode used | rules AUC | learned AUC | truth AUC | learned Brier | truth Brier | calibration error | train ms |');
console.log('|---|---|---|---|---|---|---|---|---|');
let largest = evaluateOnSimulation(SIZES[0], TEST_LEADS, SEED);
for (const size of SIZES) {
	const result = evaluateOnSimulation(size, TEST_LEADS, SEED);
	largest = result;
	console.log(
		`| ${size} | ${result.mode} | ${fixed(result.rulesAuc)} | ${fixed(result.learnedAuc)} | ${fixed(result.oracleAuc)} | ${fixed(result.learnedBrier, 4)} | ${fixed(result.oracleBrier, 4)} | ${fixed(result.calibrationError)} | ${result.trainMs.toFixed(1)} |`,
	);
}
console.log(`\nReliability of learned probabilities after ${largest.trainLeads} outcomes (held-out leads):`);
console.log('| predicted | leads | mean predicted | observed win rate |');
console.log('|---|---|---|---|');
for (const bin of largest.bins) {
	console.log(`| ${bin.from.toFixed(1)}-${bin.to.toFixed(1)} | ${bin.count} | ${fixed(bin.meanPredicted)} | ${fixed(bin.observedRate)} |`);
}
