/**
 * Random-forest training cost with ml-random-forest 2.1.0 on 10,000 synthetic outcomes
 * (8 agents x 5 products x 3 channels x 3 states), after binning into one row per 10 outcomes of a
 * bin (about 1,000 rows). Slow: minutes in total. node scripts/run-ts.mjs bench/match/forest.ts
 */
import { performance } from 'node:perf_hooks';

import { forestEstimator, trainForest } from '../../engine/match/learned/forest';
import { seededRandom } from '../../engine/random';

const random = seededRandom(3);
const pick = (values: string[]) => values[Math.floor(random() * values.length)];
const examples = Array.from({ length: 10_000 }, (_, i) => ({
	leadId: `${i}`,
	agentId: `a${Math.floor(random() * 8)}`,
	product: pick(['auto', 'home', 'bundle', 'commercialProperty', 'life']),
	channel: pick(['referral', 'paid_search', 'aggregator']),
	state: pick(['FL', 'GA', 'TX']),
	score: null,
	won: random() < 0.3,
	at: '',
}));
for (const [trees, depth] of [
	[12, 10],
	[24, 8],
	[50, 8],
] as const) {
	const started = performance.now();
	const serialized = trainForest(examples, { trees, maxDepth: depth });
	const trainMs = performance.now() - started;
	const estimator = forestEstimator(serialized);
	const predictStarted = performance.now();
	for (let i = 0; i < 1000; i++) estimator.predict({ agentId: `a${i % 8}`, product: 'auto', channel: 'referral', state: 'FL', score: null });
	console.log(
		`${trees} trees, depth ${depth}: train ${(trainMs / 1000).toFixed(1)} s, 1000 predictions ${(performance.now() - predictStarted).toFixed(0)} ms, model JSON ${(JSON.stringify(serialized).length / 1024).toFixed(0)} KiB`,
	);
}
