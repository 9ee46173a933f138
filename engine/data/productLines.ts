/**
 * Which lines of authority a producer needs to sell each canonical product (lead-schema.md).
 * A requirement is a list of alternatives; each alternative is a set of lines that must ALL be held
 * on the same license. Source: NAIC Producer Licensing Model Act section 4 (the six major lines) and
 * the product -> authority defaults in the lead-routing domain facts. Reviewed 2026-11.
 * Users override or extend this table from the License Check node ("Product Lines" option).
 */
import type { LineOfAuthority } from '../types';

/** Alternatives: the agent qualifies when one alternative's lines are all held. */
export type LineRequirement = ReadonlyArray<readonly LineOfAuthority[]>;

/** Personal lines products: a Personal Lines license, or both Property and Casualty. */
const PERSONAL: LineRequirement = [['personalLines'], ['property', 'casualty']];
const COMMERCIAL: LineRequirement = [['property', 'casualty']];
const LIFE: LineRequirement = [['life']];
const VARIABLE: LineRequirement = [['life', 'variableLifeAnnuity']];
const HEALTH: LineRequirement = [['accidentHealth']];

export const DEFAULT_PRODUCT_LINES: Readonly<Record<string, LineRequirement>> = {
	auto: PERSONAL,
	home: PERSONAL,
	bundle: PERSONAL,
	renters: PERSONAL,
	condo: PERSONAL,
	umbrella: PERSONAL,
	motorcycle: PERSONAL,
	commercialAuto: COMMERCIAL,
	commercialProperty: COMMERCIAL,
	generalLiability: COMMERCIAL,
	workersComp: COMMERCIAL,
	life: LIFE,
	finalExpense: LIFE,
	annuity: LIFE,
	// Not produced by Lead Normalize's defaults; here for users who map variable products.
	variableLife: VARIABLE,
	variableAnnuity: VARIABLE,
	health: HEALTH,
	medicare: HEALTH,
};

/** The six major lines (NAIC), in the spelling the roster uses. */
export const MAJOR_LINES: readonly string[] = [
	'life',
	'accidentHealth',
	'property',
	'casualty',
	'variableLifeAnnuity',
	'personalLines',
];
