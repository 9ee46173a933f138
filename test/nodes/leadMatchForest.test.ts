/**
 * Lead Match's forest prior inside the real n8n engine: a busy webhook with unchanged History
 * reuses the trained model, and with a few new outcomes its forest; Train Model outputs the forest
 * and the Model option takes it back.
 */
import * as forestModule from '../../engine/match/learned/forest';
import { runNode } from '../harness/runWorkflow';

const TYPE = 'n8n-nodes-lead-routing.leadMatch';
const NOW = '2026-03-18T15:00:00.000Z';

const agents = ['ava', 'ben', 'cy'].map((id) => ({ id, name: id, active: true, timezone: 'America/New_York', licenseStates: 'FL', linesOfAuthority: 'personalLines' }));

/** 240 outcomes (above the forest's 200): ava closes most home referrals, the others few. */
function outcomes(count = 240, flip = -1) {
	return Array.from({ length: count }, (_, i) => {
		const agentId = agents[i % 3].id;
		const strong = agentId === 'ava' ? i % 5 !== 0 : i % 5 === 0;
		return {
			leadId: `F${i}`,
			agentId,
			event: strong !== (i === flip) ? 'won' : 'lost',
			at: '2026-02-10T10:00:00Z',
			lead: { leadId: `F${i}`, product: 'home', state: 'FL', source: { channel: 'referral' } },
		};
	});
}

const lead = (leadId: string) => ({ leadId, dedupeKey: `${leadId}@mail.test`, product: 'home', state: 'FL', source: { channel: 'referral' }, fields: {} });
const learned = (extra: Record<string, unknown> = {}) => ({ strategy: 'learned', holdoutPercent: 0, options: { now: NOW, forest: true, ...extra } });

describe('Lead Match forest prior', () => {
	afterEach(() => jest.restoreAllMocks());

	it('trains once per History: unchanged History hits the cache, a changed outcome retrains', async () => {
		const train = jest.spyOn(forestModule, 'trainForestAsync');
		const history = outcomes(240);
		for (let run = 0; run < 2; run++) {
			const { error, nodeOutputs } = await runNode({ type: TYPE, parameters: learned(), inputs: [[lead(`W${run}`)], agents, history] });
			expect(error).toBeUndefined();
			expect(nodeOutputs[0]).toHaveLength(1);
		}
		expect(train).toHaveBeenCalledTimes(1);
		await runNode({ type: TYPE, parameters: learned(), inputs: [[lead('W2')], agents, outcomes(240, 7)] });
		expect(train).toHaveBeenCalledTimes(2);
	});

	it('a few new outcomes reuse the forest; History past the next checkpoint retrains it', async () => {
		const train = jest.spyOn(forestModule, 'trainForestAsync');
		// Outcomes a minute apart: new ones are newer, as in a live History.
		const timed = (count: number) => outcomes(count).map((row, i) => ({ ...row, at: new Date(Date.UTC(2026, 1, 10, 10) + i * 60_000).toISOString() }));
		const route = (count: number) => runNode({ type: TYPE, parameters: learned(), inputs: [[lead(`C${count}`)], agents, timed(count)] });
		// 230 and 235 outcomes: the forest learns from the oldest 220 both times (checkpoints 200, 220, 242).
		for (const count of [230, 235]) expect((await route(count)).error).toBeUndefined();
		expect(train).toHaveBeenCalledTimes(1);
		expect((await route(242)).error).toBeUndefined();
		expect(train).toHaveBeenCalledTimes(2);
	});

	it('Train Model outputs the forest; the Model option takes it back; a damaged one names the field', async () => {
		const trained = await runNode({ type: TYPE, parameters: { operation: 'train', forest: true }, inputs: [[{}], [], outcomes(210)] });
		expect(trained.error).toBeUndefined();
		const output = trained.nodeOutputs[0][0].json as { model: { kind: string; version: number; forest: { trees: unknown[] } | null }; forestTrees: number; forestOutcomes: number; outcomes: number };
		expect(output.outcomes).toBe(210);
		// The forest learned from the last checkpoint History reached; the tallies from all 210.
		expect(output.forestOutcomes).toBe(200);
		expect(output.model).toMatchObject({ kind: 'leadMatchModel', version: 2 });
		expect(output.forestTrees).toBeGreaterThan(0);
		expect(output.model.forest?.trees).toHaveLength(output.forestTrees);

		const reused = await runNode({ type: TYPE, parameters: learned({ model: JSON.stringify(output.model) }), inputs: [[lead('R1')], agents, []] });
		expect(reused.error).toBeUndefined();
		expect(reused.nodeOutputs[0]).toHaveLength(1);

		const damaged = { ...output.model, forest: { ...output.model.forest, trees: 'none' } };
		const bad = await runNode({ type: TYPE, parameters: learned({ model: JSON.stringify(damaged) }), inputs: [[lead('R2')], agents, []] });
		expect(bad.error?.message).toMatch(/field "options\.model\.forest\.trees"/);
	});
});
