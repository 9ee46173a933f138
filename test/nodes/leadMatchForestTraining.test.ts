/**
 * How Lead Match trains its forest inside n8n: executions that miss the model cache together share
 * one training, and a training worker that fails falls back to the main thread with a hint.
 * (Running from TS sources there is no compiled worker, so training is in-thread unless a test
 * pretends one exists; the worker itself is tested in test/engine/match/forestWorker.test.ts.)
 */
// The module object itself (a namespace import is a frozen copy jest cannot spy on).
import fs from 'node:fs';

import * as forestModule from '../../engine/match/learned/forest';
import * as modelModule from '../../engine/match/learned/model';
import { runNode } from '../harness/runWorkflow';

const TYPE = 'n8n-nodes-lead-routing.leadMatch';
const NOW = '2026-03-18T15:00:00.000Z';

const agents = ['ava', 'ben', 'cy'].map((id) => ({ id, name: id, active: true, timezone: 'America/New_York', licenseStates: 'FL', linesOfAuthority: 'personalLines' }));

/** `count` outcomes (above the forest's 200): ava closes most home referrals, the others few. */
function outcomes(prefix: string, count: number) {
	return Array.from({ length: count }, (_, i) => {
		const agentId = agents[i % 3].id;
		const won = agentId === 'ava' ? i % 5 !== 0 : i % 5 === 0;
		return {
			leadId: `${prefix}${i}`,
			agentId,
			event: won ? 'won' : 'lost',
			at: '2026-02-10T10:00:00Z',
			lead: { leadId: `${prefix}${i}`, product: 'home', state: 'FL', source: { channel: 'referral' } },
		};
	});
}

const lead = (leadId: string) => ({ leadId, dedupeKey: `${leadId}@mail.test`, product: 'home', state: 'FL', source: { channel: 'referral' }, fields: {} });
const parameters = { strategy: 'learned', holdoutPercent: 0, options: { now: NOW, forest: true } };
const hintsOf = (run: Awaited<ReturnType<typeof runNode>>) => (run.run.data.resultData.runData['Under Test'][0].hints ?? []).map((hint) => hint.message).join(' ');

describe('Lead Match forest training', () => {
	afterEach(() => jest.restoreAllMocks());

	it('two executions that miss the cache at the same time share one training', async () => {
		const history = outcomes('S', 230);
		// Training waits until both executions have fingerprinted History (both missed the cache).
		let release = () => {};
		const bothLookedUp = new Promise<void>((resolve) => (release = resolve));
		const fingerprint = modelModule.historyFingerprint;
		let lookups = 0;
		jest.spyOn(modelModule, 'historyFingerprint').mockImplementation((examples) => {
			if (++lookups === 2) release();
			return fingerprint(examples);
		});
		const trainForestAsync = forestModule.trainForestAsync;
		const train = jest.spyOn(forestModule, 'trainForestAsync').mockImplementation(async (...args) => {
			await bothLookedUp;
			return trainForestAsync(...args);
		});

		const runs = await Promise.all(['A', 'B'].map((id) => runNode({ type: TYPE, parameters, inputs: [[lead(id)], agents, history] })));
		expect(lookups).toBeGreaterThanOrEqual(2);
		expect(train).toHaveBeenCalledTimes(1);
		for (const run of runs) {
			expect(run.error).toBeUndefined();
			expect(run.nodeOutputs[0]).toHaveLength(1);
			expect(hintsOf(run)).not.toMatch(/worker thread/);
		}
	});

	it('a training worker that cannot start: the lead is still routed (trained on the main thread) and a hint says why', async () => {
		const history = outcomes('K', 220);
		// Pretend the bundled worker exists: starting it then fails (there is no such file).
		const existsSync = fs.existsSync;
		jest.spyOn(fs, 'existsSync').mockImplementation((file) => String(file).endsWith('trainForest.worker.js') || existsSync(file));
		const train = jest.spyOn(forestModule, 'trainForestAsync');
		const run = await runNode({ type: TYPE, parameters, inputs: [[lead('L1')], agents, history] });
		expect(run.error).toBeUndefined();
		expect(train).toHaveBeenCalledTimes(1);
		expect(run.nodeOutputs[0]).toHaveLength(1);
		expect(hintsOf(run)).toMatch(/The forest prior was trained on n8n's main thread because its worker thread failed \(.*trainForest\.worker\.js/);
	});
});
