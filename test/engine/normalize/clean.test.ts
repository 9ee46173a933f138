import { channelOf } from '../../../engine/normalize/clean/channel';
import { readYesNo, splitRecipients } from '../../../engine/normalize/clean/consent';
import { cleanEmail, oneEditApart, suggestDomain } from '../../../engine/normalize/clean/email';
import { fixNameCase, splitFullName } from '../../../engine/normalize/clean/name';
import { cleanPhone } from '../../../engine/normalize/clean/phone';
import { cleanProduct } from '../../../engine/normalize/clean/product';
import { stateCode } from '../../../engine/normalize/clean/state';
import { parseTimestamp } from '../../../engine/normalize/clean/time';
import { cleanZip, stateForZip } from '../../../engine/normalize/clean/zip';
import { IssueLog } from '../../../engine/normalize/issues';
import { STATE_NAMES } from '../../../engine/data/states';
import { ZIP3_RANGES } from '../../../engine/data/zip3';
import type { Utm } from '../../../engine/types';

const codes = (log: IssueLog) => log.warnings.map((w) => w.code);

describe('phone', () => {
	it.each([
		['(305) 555-0142', '+13055550142'],
		['1-305-555-0142', '+13055550142'],
		['+1 305.555.0142', '+13055550142'],
		['3055550142', '+13055550142'],
		['+44 20 7946 0958', '+442079460958'],
		['0044 20 7946 0958', '+442079460958'],
		['011 52 55 1234 5678', '+525512345678'],
	])('%s -> %s', (input, expected) => {
		expect(cleanPhone(input, 'phone', new IssueLog()).phone).toBe(expected);
	});

	it.each(['123-456-7890', '305-123-4567', '911-555-1234', '555-1234', 'call me', '+1 305 555 014', ''])(
		'%s is rejected with a reason',
		(input) => {
			const log = new IssueLog();
			expect(cleanPhone(input, 'phone', log).phone).toBeNull();
			expect(codes(log)).toContain('phoneInvalid');
		},
	);

	it('strips an extension and keeps it apart', () => {
		const log = new IssueLog();
		expect(cleanPhone('305-555-0142 ext. 12', 'phone', log)).toEqual({ phone: '+13055550142', extension: '12' });
		expect(codes(log)).toContain('phoneExtensionStripped');
	});

	it('keeps 555-01xx numbers but warns they are fictional', () => {
		const log = new IssueLog();
		expect(cleanPhone('555-555-0100', 'phone', log).phone).toBe('+15555550100');
		expect(codes(log)).toContain('phoneFictional');
		const real = new IssueLog();
		cleanPhone('555-555-0200', 'phone', real);
		expect(codes(real)).not.toContain('phoneFictional');
	});
});

describe('email', () => {
	it('trims and lowercases without rewriting a typo, but suggests the fix', () => {
		const log = new IssueLog();
		const result = cleanEmail('  Jane.Doe@GMIAL.com ', 'email', log);
		expect(result.email).toBe('jane.doe@gmial.com');
		expect(result.suggestion).toBe('jane.doe@gmail.com');
		expect(codes(log)).toContain('emailTypo');
	});

	it.each([
		['yahooo.com', 'yahoo.com'],
		['hotmial.com', 'hotmail.com'],
		['gmail.con', 'gmail.com'],
		['outlok.com', 'outlook.com'],
		['agency.con', 'agency.com'],
	])('suggests %s -> %s', (domain, expected) => {
		expect(suggestDomain(domain)).toBe(expected);
	});

	it.each(['gmail.com', 'mail.com', 'me.com', 'acme-insurance.com'])('leaves %s alone', (domain) => {
		expect(suggestDomain(domain)).toBeUndefined();
	});

	it.each(['plainaddress', '@example.com', 'a@b', 'a..b@example.com', 'a@exa mple.com', 'a@-example.com'])(
		'%s is invalid',
		(input) => {
			expect(cleanEmail(input, 'email', new IssueLog()).email).toBeNull();
		},
	);

	it('reads "Name <address>" and mailto:', () => {
		expect(cleanEmail('Jane <jane@example.com>', 'email', new IssueLog()).email).toBe('jane@example.com');
		expect(cleanEmail('mailto:JANE@example.com', 'email', new IssueLog()).email).toBe('jane@example.com');
	});

	it('flags disposable domains', () => {
		const log = new IssueLog();
		expect(cleanEmail('x@mailinator.com', 'email', log).disposable).toBe(true);
		expect(codes(log)).toContain('emailDisposable');
	});

	it('oneEditApart covers substitution, insertion, deletion and swaps only', () => {
		expect(oneEditApart('gmail.com', 'gmial.com')).toBe(true);
		expect(oneEditApart('gmail.com', 'gmal.com')).toBe(true);
		expect(oneEditApart('gmail.com', 'gmaill.com')).toBe(true);
		expect(oneEditApart('gmail.com', 'gnail.com')).toBe(true);
		expect(oneEditApart('gmail.com', 'yahoo.com')).toBe(false);
		expect(oneEditApart('gmail.com', 'gmail.com')).toBe(false);
	});
});

describe('state', () => {
	it.each([
		['FL', 'FL'],
		['fl', 'FL'],
		['Florida', 'FL'],
		['Calif.', 'CA'],
		['N. Carolina', 'NC'],
		['north carolina', 'NC'],
		['Penna.', 'PA'],
		['Washington, D.C.', 'DC'],
		['District of Columbia', 'DC'],
		['Puerto Rico', 'PR'],
		['Guam', 'GU'],
		['US Virgin Islands', 'VI'],
		['American Samoa', 'AS'],
		['Northern Mariana Islands', 'MP'],
		['AE', 'AE'],
		['Armed Forces Pacific', 'AP'],
		['FL - Florida', 'FL'],
		['Texas (TX)', 'TX'],
	])('%s -> %s', (input, expected) => {
		expect(stateCode(input)).toBe(expected);
	});

	it('a name in its official style reads like the plain name (Commonwealth of ..., ... State)', () => {
		for (const [code, name] of Object.entries(STATE_NAMES)) {
			for (const styled of [`Commonwealth of ${name}`, `${name} State`, `State of ${name}`, `the Commonwealth of ${name.toUpperCase()}`]) {
				expect([styled, stateCode(styled)]).toEqual([styled, code]);
			}
		}
		expect(stateCode('Commonwealth of the Northern Mariana Islands')).toBe(stateCode('Northern Mariana Islands'));
	});

	it('a text naming two states in their official style is still no state', () => {
		expect(stateCode('New York State / New Jersey')).toBeNull();
		expect(stateCode('Commonwealth of Virginia - Commonwealth of Kentucky')).toBeNull();
	});

	it.each(['Ontario', 'XX', 'Atlantis', ''])('%s is not a state', (input) => {
		expect(stateCode(input)).toBeNull();
	});

	it('every official name and code round-trips', () => {
		for (const [code, name] of Object.entries(STATE_NAMES)) {
			expect(stateCode(name)).toBe(code);
			expect(stateCode(code.toLowerCase())).toBe(code);
		}
	});
});

describe('zip', () => {
	it.each([
		['33602', '33602'],
		['33602-1234', '33602'],
		['336021234', '33602'],
		['2134', '02134'],
		['501', '00501'],
	])('%s -> %s', (input, expected) => {
		expect(cleanZip(input, 'zip', new IssueLog())).toBe(expected);
	});

	it('reports padding and rejects non-ZIPs', () => {
		const padded = new IssueLog();
		cleanZip('2134', 'zip', padded);
		expect(codes(padded)).toContain('zipPadded');
		const bad = new IssueLog();
		expect(cleanZip('K1A 0B1', 'zip', bad)).toBeNull();
		expect(codes(bad)).toContain('zipInvalid');
	});

	it.each([
		['02134', 'MA'],
		['10001', 'NY'],
		['33602', 'FL'],
		['60601', 'IL'],
		['75201', 'TX'],
		['90210', 'CA'],
		['96813', 'HI'],
		['99501', 'AK'],
		['00901', 'PR'],
		['20001', 'DC'],
		['09012', 'AE'],
	])('ZIP %s lies in %s', (zip, state) => {
		expect(stateForZip(zip)).toBe(state);
	});

	it('the ZIP3 table is sorted, non-overlapping and names known codes', () => {
		let previousLast = -1;
		for (const [first, last, state] of ZIP3_RANGES) {
			expect(first).toBeGreaterThan(previousLast);
			expect(last).toBeGreaterThanOrEqual(first);
			expect(STATE_NAMES[state]).toBeDefined();
			previousLast = last;
		}
	});
});

describe('name', () => {
	it.each([
		['Dr. JANE Q. DOE JR.', 'Jane Q.', 'Doe', 'Jr.'],
		["o'brien, sean", 'Sean', "O'Brien", null],
		['mary-kate mcdonald', 'Mary-Kate', 'McDonald', null],
		['Cher', 'Cher', null, null],
		['Mr. Robert Smith III', 'Robert', 'Smith', 'III'],
	])('%s -> %s / %s / %s', (input, first, last, suffix) => {
		expect(splitFullName(input)).toEqual({ firstName: first, lastName: last, suffix });
	});

	it('leaves deliberately mixed case alone', () => {
		expect(fixNameCase('DeShawn')).toBe('DeShawn');
		expect(fixNameCase('van der Berg')).toBe('van der Berg');
		expect(fixNameCase('JOSÉ')).toBe('José');
	});
});

describe('product', () => {
	const none = new Map<string, string>();
	it.each([
		['home and auto', 'bundle'],
		['Auto & Home', 'bundle'],
		['Car insurance', 'auto'],
		['AUTO', 'auto'],
		['Homeowners', 'home'],
		['Medicare Advantage', 'medicare'],
		['Medicare Supplement Quote', 'medicare'],
		['Renters insurance', 'renters'],
		['Condo (HO-6)', 'condo'],
		['Personal Umbrella', 'umbrella'],
		['Motorcycle', 'motorcycle'],
		['Commercial Auto', 'commercialAuto'],
		['General Liability', 'generalLiability'],
		["Workers' Compensation", 'workersComp'],
		['Commercial Property', 'commercialProperty'],
		['Term Life', 'life'],
		['Final expense', 'life'],
		['Fixed annuity', 'annuity'],
		['Individual health plan', 'health'],
	])('%s -> %s', (raw, expected) => {
		expect(cleanProduct(raw, none, 'product', new IssueLog())).toBe(expected);
	});

	it('user synonyms win, including user-defined lines', () => {
		const synonyms = new Map([
			['hoa', 'condo'],
			['pet', 'petInsurance'],
		]);
		expect(cleanProduct('HOA', synonyms, 'product', new IssueLog())).toBe('condo');
		expect(cleanProduct('Pet', synonyms, 'product', new IssueLog())).toBe('petInsurance');
	});

	it('unknown products stay null with a warning', () => {
		const log = new IssueLog();
		expect(cleanProduct('Crop hail', none, 'product', log)).toBeNull();
		expect(codes(log)).toContain('productUnknown');
	});
});

describe('channel', () => {
	const utm = (source: string | null, medium: string | null): Utm => ({ source, medium, campaign: null, term: null, content: null });
	it.each([
		[utm('google', 'cpc'), {}, 'flat', 'paid_search'],
		[utm('facebook', 'cpc'), {}, 'flat', 'paid_social'],
		[utm(null, null), { gclid: 'x' }, 'flat', 'paid_search'],
		[utm(null, null), { fbclid: 'x' }, 'flat', 'paid_social'],
		[utm('google', 'organic'), {}, 'flat', 'organic'],
		[utm('partner', 'referral'), {}, 'flat', 'referral'],
		[utm('everquote', 'cpl'), {}, 'flat', 'aggregator'],
		[utm(null, null), {}, 'insurancePost', 'aggregator'],
		[utm(null, null), {}, 'facebookLeadAds', 'paid_social'],
		[utm(null, null), {}, 'typeform', 'direct'],
		[utm(null, 'carrier-pigeon'), {}, 'flat', 'unknown'],
	] as const)('%j %j %s -> %s', (u, clickIds, kind, expected) => {
		expect(channelOf({ kind, utm: u, clickIds: { ...clickIds } })).toBe(expected);
	});

	it.each([
		['facebook_ads', 'cpc'],
		['Facebook Ads', 'paid'],
		['instagram_stories', 'cpc'],
		['linkedin_ads', 'cpc'],
		['tiktok-ads', 'cpc'],
		['m.facebook.com', 'cpc'],
		['x.com', 'cpc'],
	])('a social network named as a word or a host (%s) with a paid medium (%s) is paid social, as the bare name is', (source, medium) => {
		const bare = channelOf({ kind: 'flat', utm: utm('facebook', medium), clickIds: {} });
		expect(channelOf({ kind: 'flat', utm: utm(source, medium), clickIds: {} })).toBe(bare);
		expect(bare).toBe('paid_social');
	});

	it('a medium that says social is social whatever the source', () => {
		expect(channelOf({ kind: 'flat', utm: utm('google', 'paid social'), clickIds: {} })).toBe(
			channelOf({ kind: 'flat', utm: utm('facebook', 'paid social'), clickIds: {} }),
		);
		expect(channelOf({ kind: 'flat', utm: utm('google', 'social media'), clickIds: {} })).toBe(
			channelOf({ kind: 'flat', utm: utm('google', 'social'), clickIds: {} }),
		);
	});

	it('a host that merely contains a network name is not that network (netflix.com is not x.com)', () => {
		for (const medium of ['cpc', 'referral', 'paid']) {
			expect(channelOf({ kind: 'flat', utm: utm('netflix.com', medium), clickIds: {} })).toBe(
				channelOf({ kind: 'flat', utm: utm('example.com', medium), clickIds: {} }),
			);
		}
	});
});

describe('time', () => {
	const zone = 'America/New_York';
	it.each([
		['2026-11-25T15:04:05Z', '2026-11-25T15:04:05.000Z'],
		['2026-11-25T14:58:12+0000', '2026-11-25T14:58:12.000Z'],
		['2026-11-25T10:04:05', '2026-11-25T15:04:05.000Z'],
		['2026-11-25 10:04:05', '2026-11-25T15:04:05.000Z'],
		['11/25/2026 3:04 PM', '2026-11-25T20:04:00.000Z'],
		['11/25/2026 3:04 pm', '2026-11-25T20:04:00.000Z'],
		['7/4/2026 9:00 AM', '2026-07-04T13:00:00.000Z'],
		[1795618445, '2026-11-25T14:54:05.000Z'],
		[1795618445000, '2026-11-25T14:54:05.000Z'],
		['1795618445000', '2026-11-25T14:54:05.000Z'],
		['2026-11-25T15:04:05.123+05:30', '2026-11-25T09:34:05.123Z'],
		['11/25/26 3:04 PM', '2026-11-25T20:04:00.000Z'],
		['11/25/2026', '2026-11-25T05:00:00.000Z'],
		['November 25, 2026 3:04 PM', '2026-11-25T20:04:00.000Z'],
		['Wed, 25 Nov 2026 15:04:05 GMT', '2026-11-25T15:04:05.000Z'],
		['2026-03-08 12:00:00', '2026-03-08T16:00:00.000Z'],
	])('%s -> %s', (input, expected) => {
		expect(parseTimestamp(input, zone)).toBe(expected);
	});

	it.each(['2026-11-25 14:00:00-05:00', '2026-11-25 14:00:00Z', '2026-11-25 14:00:00.250+0530', '2026-11-25 14:00:00-05', '2026-11-25 14:00 +00:00'])(
		'SQL style with a space for the T (%s) reads like ISO 8601',
		(input) => {
			const iso = input.replace(' ', 'T').replace(/ /g, '').replace(/([+-]\d\d)$/, '$1:00');
			expect(parseTimestamp(iso, zone)).not.toBeNull();
			expect(parseTimestamp(input, zone)).toBe(parseTimestamp(iso, zone));
			expect(parseTimestamp(input, 'Asia/Tokyo')).toBe(parseTimestamp(input, zone));
		},
	);

	it('honours the source time zone', () => {
		expect(parseTimestamp('11/25/2026 3:04 PM', 'America/Los_Angeles')).toBe('2026-11-25T23:04:00.000Z');
	});

	it.each(['yesterday', '13/45/2026', '2/30/2026', '11/25/2026 13:04 PM', '2026-11-25 25:00', 42, '', true, null])('%s is not a timestamp', (input) => {
		expect(parseTimestamp(input, zone)).toBeNull();
	});
});

describe('consent', () => {
	it.each([
		['Y', true],
		['yes', true],
		['1', true],
		['I agree to be contacted', true],
		['No', false],
		['0', false],
		['maybe', null],
	])('%s -> %s', (text, expected) => {
		expect(readYesNo(text)).toBe(expected);
	});

	it('splits named sellers on semicolons, not commas inside a company name', () => {
		expect(splitRecipients(['Acme Insurance, LLC; Best Agency | Third Co'])).toEqual(['Acme Insurance, LLC', 'Best Agency', 'Third Co']);
	});
});
