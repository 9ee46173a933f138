/**
 * What one routing execution spends on Lead Score's learned mode, side by side on the same history:
 * learning from the Outcome History input (parse the rows, train, score the lead) against the
 * stored model the nightly template keeps (read the model's JSON, score the lead). Both give the
 * same score when the stored model was trained on the same history (test/nodes/leadScore.test.ts).
 * Medians of interleaved runs; timings are printed, never asserted.
 * Run: node scripts/run-ts.mjs bench/score/storedModel.ts
 */
import { parseHistory } from '../../engine/history';
import { toFlatRow } from '../../engine/outcome/record';
import { readStoredConversionModel, scoreLead, storeConversionModel, trainConversionModel } from '../../engine/score';
import { median } from '../stats';
import { historyFor, simulateLeads } from './simulateHistory';

const SIZES = [1000, 5000, 20000];
const RUNS = 7;
const asOf = new Date('2026-06-01T00:00:00Z');
const [lead] = simulateLeads(1, 99).map((entry) => entry.lead);

function timed(run: () => unknown): number {
	const started = performance.now();
	run();
	return performance.now() - started;
}

console.log('Lead Score learned mode, per execution (one lead), on N outcomes (two log rows each, as the outcomes Data Table holds them)');
console.log('| outcomes | from History: parse + train + score | stored model: read + score | ratio | stored model JSON |');
console.log('|---|---|---|---|---|');
for (const size of SIZES) {
	// Flat rows as the outcomes table stores them (lead snapshot as JSON text).
	const rows = parseHistory(historyFor(simulateLeads(size, 7), true)).records.map(toFlatRow) as unknown as Array<Record<string, unknown>>;
	const trained = trainConversionModel(parseHistory(rows).records).model!;
	const stored = JSON.stringify(storeConversionModel(trained));
	const fromHistory: number[] = [];
	const fromStored: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		fromHistory.push(timed(() => {
			const training = trainConversionModel(parseHistory(rows).records);
			scoreLead(lead, { asOf, mode: 'learned', training });
		}));
		fromStored.push(timed(() => {
			const model = readStoredConversionModel(stored);
			scoreLead(lead, { asOf, mode: 'learned', training: { model, outcomes: model.outcomes } });
		}));
	}
	const [history, model] = [median(fromHistory), median(fromStored)];
	console.log(`| ${size.toLocaleString('en-US')} | ${history.toFixed(1)} ms | ${model.toFixed(2)} ms | ${(history / model).toFixed(0)}x | ${stored.length.toLocaleString('en-US')} characters |`);
}
