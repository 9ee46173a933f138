/** Outcome histories for the report tests: one small enough to check by hand, one simulated. */
import { seededRandom } from '../../../engine/random';
import type { OutcomeRecord } from '../../../engine/types';

function record(leadId: string, agentId: string, event: OutcomeRecord['event'], at: string, extra: Partial<OutcomeRecord> = {}): OutcomeRecord {
	const product = leadId === 'L3' || leadId === 'L4' ? 'home' : 'auto';
	const channel = leadId === 'L2' || leadId === 'L4' ? 'organic' : 'paid_search';
	return {
		leadId,
		agentId,
		event,
		at: `2026-11-02T${at}:00.000Z`,
		value: null,
		responseSeconds: null,
		slaMet: null,
		strategy: null,
		propensity: null,
		lead: { leadId, product, state: 'FL', source: { kind: 'flat', channel }, score: 50, dedupeKey: `${leadId}@x.test` },
		...extra,
	};
}

const learned = { strategy: 'learned', propensity: 0.5, holdout: false };
const holdout = { strategy: 'learned:holdout', propensity: 0.3, holdout: true };

/**
 * Five leads, two agents (the expected numbers are worked out in report.test.ts):
 * L1 auto/paid_search: a1 assigned, contacted after 120 s (SLA met), won 1000.
 * L2 auto/organic:     a1 assigned, contacted after 600 s (SLA missed), lost.
 * L3 home/paid_search: a2 assigned (holdout), declined; a1 assigned, contacted after 60 s (met), won 500.
 * L4 home/organic:     a2 assigned, contacted after 300 s (met), still open.
 * L5 auto/paid_search: a2 assigned (holdout), expired; nothing else.
 */
export const smallHistory: OutcomeRecord[] = [
	record('L1', 'a1', 'assigned', '10:00', learned),
	record('L1', 'a1', 'contacted', '10:02', { responseSeconds: 120, slaMet: true }),
	record('L1', 'a1', 'won', '12:00', { value: 1000 }),
	record('L2', 'a1', 'assigned', '10:00', learned),
	record('L2', 'a1', 'contacted', '10:10', { responseSeconds: 600, slaMet: false }),
	record('L2', 'a1', 'lost', '13:00'),
	record('L3', 'a2', 'assigned', '10:00', holdout),
	record('L3', 'a2', 'declined', '10:01'),
	record('L3', 'a1', 'assigned', '10:01', { ...holdout, attempt: 2 }),
	record('L3', 'a1', 'contacted', '10:02', { responseSeconds: 60, slaMet: true }),
	record('L3', 'a1', 'won', '14:00', { value: 500 }),
	record('L4', 'a2', 'assigned', '10:00', learned),
	record('L4', 'a2', 'contacted', '10:05', { responseSeconds: 300, slaMet: true }),
	record('L5', 'a2', 'assigned', '10:00', holdout),
	record('L5', 'a2', 'expired', '10:05'),
];

export interface SimulatedExperiment {
	records: OutcomeRecord[];
	trueLearned: number;
	trueHoldout: number;
}

/**
 * A randomized experiment with a known answer: four agents whose true conversion rates are fixed;
 * a `holdoutShare` of leads is routed uniformly at random (the round-robin holdout), the rest by a
 * learned policy that favours the better agents. Each assignment logs the propensity of the whole
 * logging policy (holdout mixture included), as Lead Match does.
 */
export function simulateExperiment(leads: number, seed: number, learnedPolicy = [0.05, 0.1, 0.25, 0.6], holdoutShare = 0.2): SimulatedExperiment {
	const conversion = [0.05, 0.1, 0.2, 0.3];
	const uniform = conversion.map(() => 1 / conversion.length);
	const random = seededRandom(seed);
	const draw = (probabilities: number[]) => {
		let u = random();
		for (let index = 0; index < probabilities.length; index++) {
			u -= probabilities[index];
			if (u < 0) return index;
		}
		return probabilities.length - 1;
	};
	const records: OutcomeRecord[] = [];
	for (let n = 0; n < leads; n++) {
		const leadId = `S${n}`;
		const inHoldout = random() < holdoutShare;
		const agent = draw(inHoldout ? uniform : learnedPolicy);
		const propensity = holdoutShare * uniform[agent] + (1 - holdoutShare) * learnedPolicy[agent];
		const lead = { leadId, product: 'auto', state: 'TX', source: { channel: 'paid_search' }, score: 50, dedupeKey: leadId };
		const base = { leadId, agentId: `agent${agent}`, value: null, responseSeconds: null, slaMet: null, lead };
		records.push({ ...base, event: 'assigned', at: '2026-10-01T10:00:00.000Z', strategy: inHoldout ? 'learned:holdout' : 'learned', propensity, holdout: inHoldout });
		const won = random() < conversion[agent];
		records.push({ ...base, event: won ? 'won' : 'lost', at: '2026-10-05T10:00:00.000Z', strategy: null, propensity: null, value: won ? 1000 : null });
	}
	const valueOf = (policy: number[]) => policy.reduce((sum, p, index) => sum + p * conversion[index], 0);
	return { records, trueLearned: valueOf(learnedPolicy), trueHoldout: valueOf(uniform) };
}
