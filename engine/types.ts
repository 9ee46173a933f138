/**
 * The records that flow between the nodes: the product's public contract
 * (see docs/records.md, mirrored from the shared lead-schema reference).
 * Users write expressions such as `{{ $json.state }}` against these names, so a field may be
 * added but never renamed or dropped without a new node version.
 */

/** Plain JSON value: what n8n items carry. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type SourceKind =
	| 'typeform'
	| 'jotform'
	| 'facebookLeadAds'
	| 'googleForms'
	| 'hubspot'
	| 'insurancePost'
	| 'flat';

export type Channel =
	| 'paid_search'
	| 'paid_social'
	| 'organic'
	| 'referral'
	| 'aggregator'
	| 'direct'
	| 'unknown';

export interface Utm {
	source: string | null;
	medium: string | null;
	campaign: string | null;
	term: string | null;
	content: string | null;
}

export interface LeadSource {
	kind: SourceKind;
	formId: string | null;
	channel: Channel;
	utm: Utm;
	/** gclid, fbclid, msclkid, ttclid, ... by name. */
	clickIds: Record<string, string>;
}

export interface Consent {
	given: boolean;
	text: string | null;
	timestamp: string | null;
	ip: string | null;
	pageUrl: string | null;
	trustedFormCertUrl: string | null;
	jornayaLeadId: string | null;
	namedRecipients: string[];
}

/** What was repaired or could not be read; never fatal on its own. */
export interface FieldIssue {
	field: string;
	code: string;
	message: string;
}

export type Tier = 'A' | 'B' | 'C' | 'D';

export interface ScoreReason {
	rule: string;
	points: number;
	message?: string;
}

export interface Score {
	/** 0-100. */
	value: number;
	tier: Tier;
	/** 1 is the most urgent. */
	priority: number;
	slaMinutes: number;
	reasons: ScoreReason[];
	mode?: 'rules' | 'learned';
	/** Calibrated probability of a win, learned mode only. */
	probability?: number;
	/**
	 * Learned mode only: the rules score the model read as one of its inputs. Log Outcome keeps it
	 * in the lead's snapshot (`rulesScore`), so the next model learns from the rules score, not from
	 * its predecessor's own output.
	 */
	rulesValue?: number;
	expectedValue?: number;
}

export interface Reason {
	code: string;
	message: string;
}

export interface ExcludedAgent {
	agentId: string;
	reasons: Reason[];
}

export type EligibilityStatus = 'eligible' | 'none' | 'needsReview';

export interface Eligibility {
	status: EligibilityStatus;
	eligibleAgentIds: string[];
	excluded: ExcludedAgent[];
	/** Lead-level reasons, e.g. why the whole lead needs review. */
	reasons?: Reason[];
	warnings: Array<Reason & { agentId?: string }>;
	checkedAt: string;
}

export interface RankedAgent {
	agentId: string;
	agentName?: string;
	score?: number;
	reasons?: string[];
}

export interface Assignment {
	agentId: string;
	agentName: string | null;
	strategy: string;
	/** The next best eligible agents, best first: what escalation walks down. */
	rank: RankedAgent[];
	/** Probability the chosen agent had of being chosen (for off-policy evaluation). */
	propensity: number;
	reasons: string[];
	decidedAt: string;
	attempt: number;
	previousAgentIds: string[];
	holdout?: boolean;
	/** True when the lead had already been assigned (a redelivery): this is that earlier decision. */
	replayed?: boolean;
}

/** The canonical lead: output of Lead Normalize, carried and enriched by every later node. */
export interface Lead {
	leadId: string;
	receivedAt: string;
	source: LeadSource;
	firstName: string | null;
	lastName: string | null;
	fullName: string | null;
	email: string | null;
	emailSuggestion?: string;
	emailDisposable?: boolean;
	phone: string | null;
	street: string | null;
	city: string | null;
	state: string | null;
	zip: string | null;
	country: string;
	product: string | null;
	productRaw: string | null;
	/** Carrier the lead asked for, when the source names one (appointment checks use it). */
	carrier?: string | null;
	/** Premium or deal size when the source gives one. */
	value?: number | null;
	consent: Consent;
	dedupeKey: string;
	duplicateOf?: string;
	fields: JsonObject;
	raw?: JsonValue;
	warnings: FieldIssue[];
	score?: Score;
	eligibility?: Eligibility;
	assignment?: Assignment;
	escalation?: JsonObject;
}

export type Residency = 'resident' | 'nonresident';

export type LineOfAuthority =
	| 'life'
	| 'accidentHealth'
	| 'property'
	| 'casualty'
	| 'variableLifeAnnuity'
	| 'personalLines'
	| string;

export interface License {
	state: string;
	residency: Residency;
	linesOfAuthority: LineOfAuthority[];
	status: string;
	/** YYYY-MM-DD, valid through that day in the state's own time zone. */
	expiresOn: string | null;
	number?: string;
}

export interface Appointment {
	carrier: string;
	state: string;
	status: string;
	effectiveOn: string | null;
	terminatedOn?: string | null;
}

export interface WorkingWindow {
	/** 0 = Sunday ... 6 = Saturday, in the agent's zone. */
	days: number[];
	/** Minutes after local midnight. */
	startMinute: number;
	endMinute: number;
}

/**
 * One year's Medicare certification: the general one (AHIP or a carrier's training; carrier null)
 * or a carrier's ready-to-sell status for that plan year.
 */
export interface MedicareCertification {
	planYear: number;
	carrier: string | null;
}

/** A roster row after parsing: every later node works on this shape. */
export interface Agent {
	id: string;
	name: string;
	email: string | null;
	phone: string | null;
	active: boolean;
	timezone: string;
	/** Parsed working hours; empty means "always available". */
	workingHours: WorkingWindow[];
	outOfOffice: Array<{ from: string; to: string }>;
	weight: number;
	capacity: { perDay?: number; open?: number };
	skills: string[];
	residentState: string | null;
	licenses: License[];
	appointments: Appointment[];
	/** Medicare certifications by plan year (License Check's Require Medicare Certification). */
	medicareCertifications?: MedicareCertification[];
	/** Agency or business name, matched against consent.namedRecipients. */
	agency?: string | null;
	onCall?: boolean;
}

export type OutcomeEventType =
	| 'assigned'
	| 'accepted'
	| 'declined'
	| 'expired'
	| 'contacted'
	| 'meetingBooked'
	| 'noShow'
	| 'won'
	| 'lost';

/** The snapshot of a lead as it was routed: what learning reads. */
export interface LeadSnapshot {
	leadId: string;
	product: string | null;
	state: string | null;
	source: { kind?: string; channel?: string } | null;
	score: number | null;
	dedupeKey: string | null;
	/** The lead's account (Lead Match's accountOf), for the sticky owner by account; absent when none. */
	account?: string;
	value?: number | null;
	/** Whether the lead had a phone / an email when routed (never the number or address); absent when not known. */
	hasPhone?: boolean;
	hasEmail?: boolean;
	/**
	 * On an `assigned` record of a lead that waits for its agent's hours (Lead Match's after-hours
	 * wait, Lead Escalate's next agent who opens later): when that agent opens. The lead counts
	 * against the agent's daily cap on that day (engine/history.ts workloadByAgent).
	 */
	availableAt?: string;
	[key: string]: JsonValue | undefined;
}

export interface OutcomeRecord {
	leadId: string;
	agentId: string;
	event: OutcomeEventType;
	at: string;
	value: number | null;
	responseSeconds: number | null;
	slaMet: boolean | null;
	strategy: string | null;
	propensity: number | null;
	lead: LeadSnapshot | null;
	attempt?: number | null;
	/** True when the decision was a random holdout draw (for measuring lift). */
	holdout?: boolean | null;
}

/**
 * Thrown by the engine when an input cannot be used at all. Nodes turn it into an error that names
 * the item and the field, and honour Continue On Fail.
 */
export class InputError extends Error {
	constructor(
		readonly field: string,
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}
