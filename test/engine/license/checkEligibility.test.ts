/** License Check engine: every reason code, residency, lines of authority, appointments, consent. */
import { buildProductLineTable, checkEligibility, indexRoster, readJustInTimeStates } from '../../../engine/license';
import { parseRoster } from '../../../engine/roster';
import type { LicenseLead } from '../../../engine/license';
import { AS_OF, agentRow, check, lead, reasonCodes } from './fixtures';

describe('checkEligibility', () => {
	it('finds a resident agent with personal lines eligible for an auto lead', () => {
		const result = check(lead(), [agentRow()]);
		expect(result.status).toBe('eligible');
		expect(result.eligibleAgentIds).toEqual(['a1']);
		expect(result.excluded).toEqual([]);
		expect(result.checkedAt).toBe(AS_OF.toISOString());
	});

	it('excludes an inactive agent with `inactive`', () => {
		const result = check(lead(), [agentRow({ active: 'false' })]);
		expect(result.status).toBe('none');
		expect(reasonCodes(result, 'a1')).toEqual(['inactive']);
	});

	it('excludes an agent with no license in the lead state with `noLicenseInState`', () => {
		const result = check(lead({ state: 'GA' }), [agentRow()]);
		expect(result.status).toBe('none');
		expect(reasonCodes(result, 'a1')).toEqual(['noLicenseInState']);
	});

	it('excludes an agent whose license status is not active with `licenseInactive`', () => {
		const row = agentRow({
			licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['personalLines'], status: 'suspended', expiresOn: '2030-01-01' }],
		});
		expect(reasonCodes(check(lead(), [row]), 'a1')).toEqual(['licenseInactive']);
	});

	it('excludes an expired license with `licenseExpired`', () => {
		const row = agentRow({
			licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['personalLines'], status: 'active', expiresOn: '2026-01-31' }],
		});
		const result = check(lead(), [row]);
		expect(reasonCodes(result, 'a1')).toEqual(['licenseExpired']);
		expect(result.excluded[0].reasons[0].message).toContain('2026-01-31');
	});

	describe('lines of authority', () => {
		const lifeOnly = agentRow({
			licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['life'], status: 'active', expiresOn: '2030-01-01' }],
		});
		const propertyCasualty = agentRow({
			id: 'pc',
			licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: 'Property & Casualty', status: 'active', expiresOn: '2030-01-01' }],
		});
		const propertyOnly = agentRow({
			id: 'p',
			licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['property'], status: 'active', expiresOn: '2030-01-01' }],
		});

		it('excludes a life-only agent from an auto lead with `missingLineOfAuthority`', () => {
			const result = check(lead(), [lifeOnly]);
			expect(reasonCodes(result, 'a1')).toEqual(['missingLineOfAuthority']);
			expect(result.excluded[0].reasons[0].message).toContain('personalLines or property + casualty');
		});

		it('accepts property + casualty for personal lines, but not property alone', () => {
			const result = check(lead({ product: 'home' }), [propertyCasualty, propertyOnly]);
			expect(result.eligibleAgentIds).toEqual(['pc']);
			expect(reasonCodes(result, 'p')).toEqual(['missingLineOfAuthority']);
		});

		it('needs property and casualty for commercial lines (personal lines are not enough)', () => {
			const result = check(lead({ product: 'commercialAuto' }), [agentRow(), propertyCasualty]);
			expect(result.eligibleAgentIds).toEqual(['pc']);
			expect(reasonCodes(result, 'a1')).toEqual(['missingLineOfAuthority']);
		});

		it('maps life and annuity to life, health and medicare to accident & health', () => {
			expect(check(lead({ product: 'annuity' }), [lifeOnly]).status).toBe('eligible');
			expect(check(lead({ product: 'medicare' }), [lifeOnly], { requireNamedInConsent: false }).status).toBe('none');
			const health = agentRow({
				licenses: [{ state: 'FL', linesOfAuthority: 'Accident & Health', expiresOn: '2030-01-01' }],
			});
			expect(check(lead({ product: 'health' }), [health]).status).toBe('eligible');
		});

		it('requires the variable line for variable products', () => {
			const result = check(lead({ product: 'variableAnnuity' }), [lifeOnly]);
			expect(reasonCodes(result, 'a1')).toEqual(['missingLineOfAuthority']);
		});

		it('lets the user override the table, in text or list form', () => {
			const productLines = buildProductLineTable('{"auto": "property + casualty", "pet": [["casualty"]]}');
			expect(check(lead(), [agentRow()], { productLines }).status).toBe('none');
			expect(check(lead({ product: 'pet' }), [propertyCasualty], { productLines }).status).toBe('eligible');
			expect(() => buildProductLineTable('{"auto": "wizardry"}')).toThrow(
				expect.objectContaining({ field: 'productLines.auto', code: 'invalidProductLines' }),
			);
			expect(() => buildProductLineTable('{nope')).toThrow(/not valid JSON/);
		});
	});

	describe('non-resident licenses', () => {
		const nonResident = (home: Record<string, unknown> | null) =>
			agentRow({
				id: 'nr',
				residentState: 'GA',
				licenses: [
					{ state: 'FL', residency: 'nonresident', linesOfAuthority: ['personalLines'], status: 'active', expiresOn: '2030-01-01' },
					...(home ? [{ state: 'GA', residency: 'resident', linesOfAuthority: ['personalLines'], ...home }] : []),
				],
			});

		it('accepts a non-resident license backed by an active, unexpired home-state license', () => {
			expect(check(lead(), [nonResident({ status: 'active', expiresOn: '2030-01-01' })]).eligibleAgentIds).toEqual(['nr']);
		});

		it('rejects it with `residentLicenseInactive` when the home license lapsed, expired or is missing', () => {
			for (const home of [{ status: 'lapsed', expiresOn: '2030-01-01' }, { status: 'active', expiresOn: '2026-02-28' }, null]) {
				const result = check(lead(), [nonResident(home)]);
				expect(result.status).toBe('none');
				expect(reasonCodes(result, 'nr')).toEqual(['residentLicenseInactive']);
			}
		});

		it('reads a license marked resident outside the named home state as a broken row, not as backing', () => {
			const row = agentRow({
				id: 'nr',
				residentState: 'GA',
				licenses: [
					{ state: 'FL', residency: 'nonresident', linesOfAuthority: ['personalLines'], expiresOn: '2030-01-01' },
					{ state: 'AL', residency: 'resident', linesOfAuthority: ['personalLines'], expiresOn: '2030-01-01' },
				],
			});
			const result = check(lead(), [row]);
			expect(result.status).toBe('needsReview');
			expect(reasonCodes(result, 'nr')).toEqual(['rosterInvalid']);
			expect(result.excluded[0].reasons[0].message).toMatch(/licenses\[1\]\.residency is resident in AL, but residentState is GA/);
		});

		it('does not let a second "resident" license stand in for an expired home license', () => {
			// The home license (FL) has expired; a GA license also marked resident would otherwise
			// need no backing and keep the agent eligible in GA.
			const homeExpired = { state: 'FL', residency: 'resident', linesOfAuthority: ['personalLines'], expiresOn: '2025-12-31' };
			const alsoResident = { state: 'GA', residency: 'resident', linesOfAuthority: ['personalLines'], expiresOn: '2030-01-01' };
			const named = check(lead({ state: 'GA' }), [agentRow({ residentState: 'FL', licenses: [homeExpired, alsoResident] })]);
			expect(named.eligibleAgentIds).toEqual([]);
			expect(reasonCodes(named, 'a1')).toEqual(['rosterInvalid']);
			const unnamed = check(lead({ state: 'GA' }), [agentRow({ residentState: null, licenses: [homeExpired, alsoResident] })]);
			expect(unnamed.eligibleAgentIds).toEqual([]);
			expect(unnamed.excluded[0].reasons[0].message).toMatch(/more than one state as resident \(FL, GA\)/);
		});

		it('does not let a resident license with no expiry on file back a non-resident one', () => {
			const result = check(lead(), [nonResident({ status: 'active' })]);
			expect(reasonCodes(result, 'nr')).toEqual(['residentLicenseInactive']);
			expect(result.excluded[0].reasons[0].message).toContain('no expiry date on file');
		});
	});

	describe('appointments', () => {
		const appointed = agentRow({
			appointments: [{ carrier: 'Progressive', state: 'FL', status: 'active', effectiveOn: '2025-01-01' }],
		});

		it('ignores carriers unless Require Appointment is on', () => {
			expect(check(lead({ carrier: 'Geico' }), [appointed]).status).toBe('eligible');
		});

		it('needs an active appointment with the named carrier in the state', () => {
			const options = { requireAppointment: true };
			expect(check(lead({ carrier: 'progressive' }), [appointed], options).status).toBe('eligible');
			const other = check(lead({ carrier: 'Geico' }), [appointed], options);
			expect(reasonCodes(other, 'a1')).toEqual(['noAppointment']);
			const terminated = agentRow({
				appointments: [{ carrier: 'Progressive', state: 'FL', status: 'active', effectiveOn: '2025-01-01', terminatedOn: '2026-03-01' }],
			});
			expect(reasonCodes(check(lead({ carrier: 'Progressive' }), [terminated], options), 'a1')).toEqual(['noAppointment']);
			const future = agentRow({ appointments: [{ carrier: 'Progressive', state: 'FL', effectiveOn: '2026-04-01' }] });
			expect(reasonCodes(check(lead({ carrier: 'Progressive' }), [future], options), 'a1')).toEqual(['noAppointment']);
			const otherState = agentRow({ appointments: [{ carrier: 'Progressive', state: 'GA' }] });
			expect(reasonCodes(check(lead({ carrier: 'Progressive' }), [otherState], options), 'a1')).toEqual(['noAppointment']);
		});

		it('does not need an appointment when the lead names no carrier', () => {
			expect(check(lead(), [agentRow()], { requireAppointment: true }).status).toBe('eligible');
		});

		it('counts an appointment as started only once its start date has come in the western part of a two-zone state', () => {
			// 23:30 on March 31st in the Florida panhandle (Central) is already April 1st in Miami.
			const startsApril = agentRow({ appointments: [{ carrier: 'Progressive', state: 'FL', effectiveOn: '2026-04-01' }] });
			const options = { requireAppointment: true, asOf: new Date('2026-04-01T04:30:00Z') };
			expect(reasonCodes(check(lead({ carrier: 'Progressive' }), [startsApril], options), 'a1')).toEqual(['noAppointment']);
			// An hour later it is April 1st everywhere in Florida.
			expect(check(lead({ carrier: 'Progressive' }), [startsApril], { ...options, asOf: new Date('2026-04-01T05:30:00Z') }).status).toBe('eligible');
			// A termination counts from the eastern date (fail closed the other way).
			const endsApril = agentRow({ appointments: [{ carrier: 'Progressive', state: 'FL', effectiveOn: '2025-01-01', terminatedOn: '2026-04-01' }] });
			expect(reasonCodes(check(lead({ carrier: 'Progressive' }), [endsApril], options), 'a1')).toEqual(['noAppointment']);
		});

		it('fails the lead, naming the field, when its carrier is not text', () => {
			expect(() => check(lead({ carrier: 1234 as unknown as string }), [appointed], { requireAppointment: true })).toThrow(
				expect.objectContaining({ field: 'carrier', code: 'invalidCarrier' }),
			);
			// Nothing reads the carrier when no check needs it.
			expect(check(lead({ carrier: 1234 as unknown as string }), [appointed]).status).toBe('eligible');
		});

		describe('just-in-time appointment states', () => {
			const jit = { requireAppointment: true, justInTimeAppointmentStates: new Set(['FL']) };
			const progressive = lead({ carrier: 'Progressive' });
			const warningsOf = (result: ReturnType<typeof check>, code = 'appointmentJustInTime') =>
				result.warnings.filter((warning) => warning.code === code);

			it('lets an agent with no appointment yet take the lead in a listed state, with a warning to file it', () => {
				const result = check(progressive, [agentRow()], jit);
				expect(result.status).toBe('eligible');
				expect(result.eligibleAgentIds).toEqual(['a1']);
				expect(warningsOf(result)).toEqual([
					{ code: 'appointmentJustInTime', agentId: 'a1', message: expect.stringContaining('no appointment with Progressive in FL yet') },
				]);
			});

			it('keeps the strict rule in a state that is not listed', () => {
				const result = check(lead({ state: 'FL', carrier: 'Progressive' }), [agentRow()], { ...jit, justInTimeAppointmentStates: new Set(['TX']) });
				expect(result.status).toBe('none');
				expect(reasonCodes(result, 'a1')).toEqual(['noAppointment']);
			});

			it('warns, rather than excludes, for an appointment filed but not in force yet', () => {
				const filed = agentRow({ appointments: [{ carrier: 'Progressive', state: 'FL', status: 'pending' }] });
				const later = agentRow({ id: 'a2', appointments: [{ carrier: 'Progressive', state: 'FL', effectiveOn: '2026-04-01' }] });
				const result = check(progressive, [filed, later], jit);
				expect(result.eligibleAgentIds).toEqual(['a1', 'a2']);
				expect(warningsOf(result).map((warning) => [warning.agentId, warning.message])).toEqual([
					['a1', expect.stringContaining('appointment with Progressive in FL is not in force yet')],
					['a2', expect.stringContaining('appointment with Progressive in FL is not in force yet')],
				]);
				// Without the state listed, the same two are excluded.
				expect(check(progressive, [filed, later], { requireAppointment: true }).status).toBe('none');
			});

			it('still excludes an agent the carrier terminated, or whose appointment has a status it does not know (fail closed)', () => {
				const terminated = agentRow({ appointments: [{ carrier: 'Progressive', state: 'FL', effectiveOn: '2025-01-01', terminatedOn: '2026-03-01' }] });
				const revoked = agentRow({ id: 'a2', appointments: [{ carrier: 'Progressive', state: 'FL', status: 'revoked' }] });
				const odd = agentRow({ id: 'a3', appointments: [{ carrier: 'Progressive', state: 'FL', status: 'under investigation' }] });
				// A pending filing does not outweigh a termination with the same carrier.
				const both = agentRow({
					id: 'a4',
					appointments: [
						{ carrier: 'Progressive', state: 'FL', status: 'pending' },
						{ carrier: 'progressive', state: 'FL', terminatedOn: '2026-02-01' },
					],
				});
				const result = check(progressive, [terminated, revoked, odd, both], jit);
				expect(result.status).toBe('none');
				for (const id of ['a1', 'a2', 'a3', 'a4']) expect(reasonCodes(result, id)).toEqual(['noAppointment']);
				expect(result.excluded.find((entry) => entry.agentId === 'a1')?.reasons[0].message).toContain('terminated on 2026-03-01');
				expect(result.excluded.find((entry) => entry.agentId === 'a2')?.reasons[0].message).toContain('"revoked"');
				expect(result.warnings).toEqual([]);
			});

			it('changes nothing for an agent appointed with the carrier, or when appointments are not required', () => {
				const appointedResult = check(progressive, [appointed], jit);
				expect(appointedResult.eligibleAgentIds).toEqual(['a1']);
				expect(warningsOf(appointedResult)).toEqual([]);
				const notRequired = check(progressive, [agentRow()], { justInTimeAppointmentStates: new Set(['FL']) });
				expect(notRequired.eligibleAgentIds).toEqual(['a1']);
				expect(warningsOf(notRequired)).toEqual([]);
			});

			it('still applies every license check: just-in-time covers the appointment, not a missing license', () => {
				const noLine = agentRow({
					licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['life'], status: 'active', expiresOn: '2030-12-31' }],
				});
				const result = check(progressive, [noLine], jit);
				expect(reasonCodes(result, 'a1')).toEqual(['missingLineOfAuthority']);
				expect(result.warnings).toEqual([]);
			});
		});
	});

	describe('readJustInTimeStates', () => {
		it('reads codes separated by commas, spaces or semicolons, in any case, or a list', () => {
			expect([...readJustInTimeStates('fl, TX;ga  az')]).toEqual(['FL', 'TX', 'GA', 'AZ']);
			expect([...readJustInTimeStates(['fl', 'DC'])]).toEqual(['FL', 'DC']);
			expect(readJustInTimeStates('').size).toBe(0);
			expect(readJustInTimeStates(undefined).size).toBe(0);
		});

		it('names the option and the entry for anything that is not a state code', () => {
			expect(() => readJustInTimeStates('FL, Florida')).toThrow(expect.objectContaining({ field: 'justInTimeAppointmentStates', code: 'invalidStateList', message: expect.stringContaining('"Florida"') }));
			expect(() => readJustInTimeStates('FL, XX')).toThrow(/"XX", which is not a US state code/);
			expect(() => readJustInTimeStates(42)).toThrow(expect.objectContaining({ code: 'invalidStateList' }));
		});
	});

	describe('Medicare named-recipient consent', () => {
		const health = (id: string, agency: string | null) =>
			agentRow({
				id,
				name: `Agent ${id}`,
				agency,
				licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['accidentHealth'], expiresOn: '2030-01-01' }],
			});
		const medicareLead = lead({
			product: 'medicare',
			consent: { ...lead().consent!, namedRecipients: ['Sunshine Senior Benefits, LLC', 'Agent c'] },
		});

		it('keeps only agents whose agency (or name) the consumer named', () => {
			const result = check(medicareLead, [health('a', 'Sunshine Senior Benefits'), health('b', 'Other Agency Inc.'), health('c', null)]);
			expect(result.eligibleAgentIds).toEqual(['a', 'c']);
			expect(reasonCodes(result, 'b')).toEqual(['notNamedInConsent']);
		});

		it('does not apply to other products, and can be switched off', () => {
			expect(check(lead({ ...medicareLead, product: 'health' }), [health('b', 'Other')]).status).toBe('eligible');
			expect(check(medicareLead, [health('b', 'Other')], { requireNamedInConsent: false }).status).toBe('eligible');
		});

		it('applies to any product whose name says Medicare, in any case', () => {
			for (const product of ['Medicare', 'MEDICARE', 'medicareAdvantage', 'Medicare Supplement']) {
				const result = check({ ...medicareLead, product }, [health('b', 'Other Agency Inc.')], { productLines: buildProductLineTable({ [product]: 'accidentHealth' }) });
				expect({ product, codes: reasonCodes(result, 'b') }).toEqual({ product, codes: ['notNamedInConsent'] });
			}
		});

		it('gives the lead to nobody when the consent is not on record as given, whatever names it lists', () => {
			for (const given of [false, undefined]) {
				const declined = { ...medicareLead, consent: { ...medicareLead.consent!, given: given as boolean } };
				const result = check(declined, [health('a', 'Sunshine Senior Benefits')]);
				expect(result.status).toBe('none');
				expect(reasonCodes(result, 'a')).toEqual(['notNamedInConsent']);
				expect(result.excluded[0].reasons[0].message).toMatch(/consent is not on record as given/);
			}
		});
	});

	describe('Medicare certification (Require Medicare Certification)', () => {
		const health = (id: string, certifications: unknown) =>
			agentRow({
				id,
				name: `Agent ${id}`,
				licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['accidentHealth'], expiresOn: '2030-01-01' }],
				medicareCertifications: certifications,
			});
		const medicareLead = (overrides: Partial<LicenseLead> = {}) =>
			lead({ product: 'medicare', consent: { ...lead().consent!, namedRecipients: ['Agent a', 'Agent b', 'Agent c', 'Agent d'] }, ...overrides });
		const on = { requireMedicareCertification: true };
		const november = new Date('2026-11-10T15:00:00Z');

		it('needs this plan year until September', () => {
			const result = check(medicareLead(), [health('a', [{ planYear: 2026 }]), health('b', [{ planYear: 2025 }]), health('c', [])], on);
			expect(result.eligibleAgentIds).toEqual(['a']);
			expect(reasonCodes(result, 'b')).toEqual(['medicareNotCertified']);
			expect(result.excluded.find((entry) => entry.agentId === 'c')!.reasons[0].message).toBe(
				'Agent c has no Medicare certification (AHIP or carrier training) for plan year 2026 on file',
			);
		});

		it('needs both years in the hour when one part of a two-zone state is in the new year and the other is not', () => {
			// 23:30 on December 31st 2026 in the Florida panhandle: Miami is already in 2027.
			const newYearsEve = new Date('2027-01-01T05:30:00Z');
			const roster = [health('a', [{ planYear: 2027 }]), health('b', [{ planYear: 2026 }, { planYear: 2027 }])];
			expect(check(medicareLead(), roster, { ...on, asOf: newYearsEve }).eligibleAgentIds).toEqual(['b']);
			expect(check(medicareLead(), roster, { ...on, asOf: new Date('2027-01-01T06:30:00Z') }).eligibleAgentIds).toEqual(['a', 'b']);
		});

		it('needs this year and next from October, when the lead does not say which it is buying', () => {
			const roster = [health('a', [{ planYear: 2026 }, { planYear: 2027 }]), health('b', [{ planYear: 2026 }]), health('c', [{ planYear: 2027 }])];
			const result = check(medicareLead(), roster, { ...on, asOf: november });
			expect(result.eligibleAgentIds).toEqual(['a']);
			expect(result.excluded.find((entry) => entry.agentId === 'b')!.reasons[0].message).toMatch(/plan year 2027/);
			expect(result.excluded.find((entry) => entry.agentId === 'c')!.reasons[0].message).toMatch(/plan year 2026/);
			// A lead that names its plan year needs that one alone.
			const nextYear = check(medicareLead({ fields: { plan_year: '2027' } }), roster, { ...on, asOf: november });
			expect(nextYear.eligibleAgentIds).toEqual(['a', 'c']);
		});

		it("needs the named carrier's ready-to-sell for the plan year too", () => {
			const roster = [
				health('a', [{ planYear: 2026 }, { planYear: 2026, carrier: 'Humana' }]),
				health('b', [{ planYear: 2026 }, { planYear: 2026, carrier: 'Aetna' }]),
				health('c', [{ planYear: 2026, carrier: 'Humana' }]),
			];
			const result = check(medicareLead({ carrier: 'HUMANA' }), roster, on);
			expect(result.eligibleAgentIds).toEqual(['a']);
			expect(result.excluded.find((entry) => entry.agentId === 'b')!.reasons[0].message).toMatch(/ready-to-sell status with HUMANA for plan year 2026/);
			expect(reasonCodes(result, 'c')).toEqual(['medicareNotCertified']);
			// Without a carrier on the lead, the general certification is enough.
			expect(check(medicareLead(), roster, on).eligibleAgentIds).toEqual(['a', 'b']);
		});

		it('reads a flat medicarePlanYears column, and is off by default and for other products', () => {
			const flat = agentRow({ id: 'd', name: 'Agent d', licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['accidentHealth'], expiresOn: '2030-01-01' }], medicarePlanYears: '2025, 2026' });
			expect(check(medicareLead(), [flat], on).eligibleAgentIds).toEqual(['d']);
			expect(check(medicareLead(), [health('c', [])]).eligibleAgentIds).toEqual(['c']);
			expect(check(lead({ product: 'health' }), [health('c', [])], on).eligibleAgentIds).toEqual(['c']);
		});

		it('refuses a roster row whose plan year is not a year, naming the field', () => {
			const roster = parseRoster([health('a', [{ planYear: 'next' }]), health('b', [{ carrier: 'Humana' }])]);
			expect(roster.invalid.map((problem) => problem.reasons[0].message)).toEqual([
				expect.stringMatching(/medicareCertifications\[0\]\.planYear/),
				expect.stringMatching(/medicareCertifications\[0\]\.planYear.*missing/),
			]);
		});
	});

	it('lists every reason an agent fails, not only the first', () => {
		const row = agentRow({
			active: false,
			licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['life'], status: 'inactive', expiresOn: '2025-01-01' }],
		});
		expect(reasonCodes(check(lead(), [row]), 'a1').sort()).toEqual(
			['inactive', 'licenseExpired', 'licenseInactive', 'missingLineOfAuthority'].sort(),
		);
	});

	describe('lead-level fail-closed reasons', () => {
		it('sends a lead without a state, or outside any licensing jurisdiction, to review with `unknownState`', () => {
			for (const state of [null, '', 'ZZ', 'AE']) {
				const result = check(lead({ state }), [agentRow()]);
				expect(result.status).toBe('needsReview');
				expect(result.reasons?.map((reason) => reason.code)).toEqual(['unknownState']);
				expect(result.eligibleAgentIds).toEqual([]);
			}
		});

		it('sends an unknown or missing product to review with `unknownProduct`', () => {
			for (const product of [null, 'spaceTravel']) {
				const result = check(lead({ product }), [agentRow()]);
				expect(result.status).toBe('needsReview');
				expect(result.reasons?.map((reason) => reason.code)).toEqual(['unknownProduct']);
			}
		});

		it('sends every lead to review with `emptyRoster` when no agent can be read', () => {
			expect(check(lead(), []).reasons?.map((reason) => reason.code)).toEqual(['emptyRoster']);
			const onlyBad = check(lead(), [{ id: 'x', licenses: '{broken' }]);
			expect(onlyBad.status).toBe('needsReview');
			expect(onlyBad.reasons?.map((reason) => reason.code)).toEqual(['emptyRoster']);
			expect(reasonCodes(onlyBad, 'x')).toEqual(['rosterInvalid']);
		});
	});

	describe('warnings', () => {
		it('warns about a license expiring within the warning window, for eligible agents', () => {
			const row = agentRow({
				licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['personalLines'], expiresOn: '2026-03-31' }],
			});
			const result = check(lead(), [row]);
			expect(result.status).toBe('eligible');
			expect(result.warnings).toEqual([expect.objectContaining({ code: 'licenseExpiringSoon', agentId: 'a1' })]);
			expect(check(lead(), [row], { expiryWarningDays: 10 }).warnings).toEqual([]);
		});

		it('excludes a license with no expiry date on file (fail closed), from the list and the flat columns alike', () => {
			const listed = agentRow({ licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['personalLines'] }] });
			const flat = { id: 'f1', name: 'Flat', residentState: 'FL', licenseStates: 'FL', linesOfAuthority: 'Personal Lines', licenseExpiresOn: '' };
			const result = check(lead(), [listed, flat]);
			expect(result.status).toBe('none');
			expect(reasonCodes(result, 'a1')).toEqual(['licenseExpiryUnknown']);
			expect(reasonCodes(result, 'f1')).toEqual(['licenseExpiryUnknown']);
			expect(result.warnings).toEqual([]);
		});
	});
});

describe('verdict reuse within one roster index', () => {
	it('gives each lead the verdict for its own state, product, carrier and instant', () => {
		const appointed = agentRow({ appointments: [{ carrier: 'Progressive', state: 'FL' }] });
		const expiring = agentRow({
			id: 'exp',
			licenses: [{ state: 'FL', residency: 'resident', linesOfAuthority: ['personalLines'], expiresOn: '2026-03-31' }],
		});
		const index = indexRoster(parseRoster([appointed, expiring]));
		const asOf = AS_OF;
		const later = new Date('2026-04-02T12:00:00Z');
		const options = { asOf, requireAppointment: true };
		expect(checkEligibility(lead(), index, options).eligibleAgentIds).toEqual(['a1', 'exp']);
		expect(checkEligibility(lead({ carrier: 'Progressive' }), index, options).eligibleAgentIds).toEqual(['a1']);
		expect(checkEligibility(lead({ product: 'life' }), index, options).status).toBe('none');
		expect(checkEligibility(lead(), index, { ...options, asOf: later }).eligibleAgentIds).toEqual(['a1']);
		expect(checkEligibility(lead(), index, options).eligibleAgentIds).toEqual(['a1', 'exp']);
		const first = checkEligibility(lead({ leadId: 'x' }), index, options);
		const second = checkEligibility(lead({ leadId: 'y' }), index, options);
		expect(second).toEqual(first);
		expect(second).not.toBe(first);
	});
});
