/**
 * The `escalation` record Lead Escalate writes onto the lead. Templates read it to know how long
 * to wait (`waitSeconds`), what to send the agent (`acceptUrl`, `declineUrl`) and when the lead may
 * be called (`nextContactAt`).
 */
import type { ExcludedAgent, Reason } from '../types';

export type AttemptOutcome = 'accepted' | 'declined' | 'expired';

export interface AttemptRecord {
	agentId: string;
	attempt: number;
	outcome: AttemptOutcome;
	at: string;
	/** When that offer started: Log Outcome times a later call-back by that agent from it. */
	offeredAt?: string;
}

/** `offered`: waiting for the current agent; the other three are final for this pass. */
export type EscalationStatus = 'offered' | 'accepted' | 'reassigned' | 'exhausted';

export interface EscalationRecord {
	attempt: number;
	status: EscalationStatus;
	/** Who holds the offer now (after a reassignment: the new agent). */
	agentId: string;
	offeredAt: string;
	/** When the current offer lapses: offeredAt + slaMinutes. */
	deadline: string;
	/** Seconds from now to the deadline (0 once the lead is accepted or exhausted). */
	waitSeconds: number;
	slaMinutes: number;
	history: AttemptRecord[];
	reasons: Reason[];
	/** Ranked agents passed over when looking for the next one, with why. */
	skipped: ExcludedAgent[];
	acceptUrl: string | null;
	declineUrl: string | null;
	/** When the signed links stop working: the deadline plus the grace period. */
	linkExpiresAt: string | null;
	/** Earliest moment the lead may be called (TCPA / state calling hours in the lead's zone). */
	nextContactAt: string;
	contactWindow: { zones: string[]; opens: string; closes: string; withinWindow: boolean };
	/** Set when the lead is exhausted: the owner or queue it falls back to. */
	fallback: { agentId: string | null; queue: string | null } | null;
}
