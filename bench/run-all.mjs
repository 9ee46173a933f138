// `npm run bench`: every engine and in-process benchmark, one after another, each comparing our
// code with its baseline in the same run. The real-n8n benchmarks take minutes and start servers,
// so they have their own commands (printed at the end; see BENCHMARKS.md).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benches = [
	['Lead Normalize', 'bench/normalize/index.ts'],
	['Lead Score', 'bench/score/index.ts'],
	['Lead Score: stored model against learning from History', 'bench/score/storedModel.ts'],
	['License Check', 'bench/license/index.ts'],
	['Reading History', 'bench/history/parse.ts'],
	['Lead Match: model build and decision cost', 'bench/match/train.ts'],
	['Lead Match: forest retrained only at checkpoints', 'bench/match/retrain.ts'],
	['Lead Match: joint skill estimates against tallies alone', 'bench/match/skills.ts'],
	['Log Outcome: report', 'bench/outcome/report.ts'],
	['Routing simulator (seed 1)', 'bench/simulate/cli.ts', '--seed', '1'],
];

let failed = 0;
for (const [title, file, ...args] of benches) {
	console.log(`\n=== ${title} (${file}) ===`);
	const { status } = spawnSync(process.execPath, [join(root, 'scripts/run-ts.mjs'), file, ...args], { cwd: root, stdio: 'inherit' });
	if (status !== 0) {
		failed++;
		console.log(`!!! ${file} exited with ${status}`);
	}
}
console.log(`
Real n8n (minutes each, start their own n8n on 127.0.0.1):
  node bench/latency/run.mjs        webhook latency: our chain vs bare webhook vs NoOp chain
  node bench/latency/history-size.mjs  answer time as the outcomes log grows: 45 days read vs every row
  node bench/latency/score-model.mjs   what scoring with the nightly Lead Score model adds per lead
  node bench/latency/sla-lapse.mjs  how late an unanswered offer goes to the next agent
  node bench/queue-mode/run.mjs     queue mode, 1 and 2 workers (Postgres + Redis)
  node bench/queue-mode/faults.mjs  worker kill, Redis restart, Postgres pause`);
process.exit(failed === 0 ? 0 : 1);
