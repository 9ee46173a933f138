/** License Check's engine: index the roster once, then check each lead against it. */
export { checkEligibility, type LicenseCheckOptions, type LicenseLead } from './checkEligibility';
export { indexRoster, type LicenseIndex } from './rosterIndex';
export { buildProductLineTable, type ProductLineTable } from './productLines';
export { expiryCutoff } from './expiry';
export { LICENSE_REASONS, type LicenseReasonCode } from './reasons';
export { readAsOf } from '../asOf';
export { readJustInTimeStates } from './appointments';
