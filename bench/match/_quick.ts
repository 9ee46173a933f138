import { performance } from 'node:perf_hooks';
import { trainForest, forestEstimator } from '../../engine/match/learned/forest';
import { learningExamples } from '../../engine/match/learned/outcomes';
import { buildWorld, DEFAULT_SCENARIO } from '../../bench/simulate/scenario';
const n = Number(process.argv[2] ?? 2000);
const world = buildWorld({ ...DEFAULT_SCENARIO, days: Math.ceil(n / 90) + 1 });
const ex = world.leads.slice(0, n).map((l, i) => ({ leadId: l.leadId, agentId: world.agents[i % 8].id, product: l.product, channel: l.channel, state: l.state, score: null, won: l.u < 0.25, at: '' }));
for (const o of [{ trees: 1 }, { trees: 16 }]) {
  const t = performance.now(); const f = trainForest(ex, o); const ms = performance.now() - t;
  console.log(n, JSON.stringify(o), 'rows', f.rows, 'ms', ms.toFixed(0), 'per tree', (ms / f.trees.length).toFixed(0), 'KiB', (JSON.stringify(f).length/1024).toFixed(0));
  const e = forestEstimator(f); console.log(e.predict({agentId: world.agents[0].id, product:'auto', channel:'referral', state:'FL', score:null}));
}
