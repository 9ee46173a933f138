import { normalizeLead } from '../../../engine/normalize';
import { detectShape, unwrapPayload } from '../../../engine/normalize/detect';
import { IssueLog } from '../../../engine/normalize/issues';
import { NOW, payload } from './fixtures';

const run = (body: unknown, options = {}) => normalizeLead(body, { now: NOW, ...options });

describe('shape detection', () => {
	it.each([
		['typeform', 'typeform'],
		['jotform-webhook', 'jotform'],
		['facebook-lead-ads', 'facebookLeadAds'],
		['google-forms', 'googleForms'],
		['hubspot-form', 'hubspot'],
		['hubspot-contact', 'hubspot'],
		['insurance-post', 'insurancePost'],
		['insurance-post-nested', 'insurancePost'],
		['flat-zapier', 'flat'],
	])('%s is read as %s', (file, kind) => {
		const { body } = unwrapPayload(payload(file), new IssueLog());
		expect(detectShape(body)).toBe(kind);
		expect(run(payload(file)).lead.source.kind).toBe(kind);
	});

	it('a preset overrides detection', () => {
		expect(run({ email: 'a@example.com' }, { shape: 'insurancePost' }).lead.source.kind).toBe('insurancePost');
	});
});

describe('each source shape', () => {
	it('Typeform: answers by type, titles, hidden UTM fields, multi-select bundle', () => {
		const result = run(payload('typeform'));
		expect(result.valid).toBe(true);
		const { lead } = result;
		expect(lead.leadId).toBe('a3a12ec67a1365927098a606107fac15');
		expect(lead.source.formId).toBe('lT4Z3j');
		expect([lead.firstName, lead.lastName]).toEqual(['Maria', 'Gonzalez']);
		expect(lead.email).toBe('maria.gonzalez@example.com');
		expect(lead.phone).toBe('+15555550142');
		expect(lead.product).toBe('bundle');
		expect(lead.state).toBe('FL');
		expect(lead.source.channel).toBe('paid_social');
		expect(lead.source.clickIds).toEqual({ fbclid: 'IwAR2xYz' });
		expect(lead.consent.given).toBe(true);
		expect(lead.receivedAt).toBe('2026-11-25T15:04:05.000Z');
		expect(lead.fields.vehicles).toBe(2);
	});

	it('Jotform via the Webhook node: rawRequest parsed, qN_ prefixes dropped, IP from x-forwarded-for', () => {
		const { lead, valid } = run(payload('jotform-webhook'));
		expect(valid).toBe(true);
		expect(lead.leadId).toBe('5876543210987654321');
		expect(lead.source.formId).toBe('213456789012345');
		expect([lead.firstName, lead.lastName]).toEqual(['James', "O'Brien"]);
		expect(lead.phone).toBe('+15555550117');
		expect([lead.street, lead.city, lead.state, lead.zip]).toEqual(['12 Harbor St', 'Boston', 'MA', '02134']);
		expect(lead.product).toBe('home');
		expect(lead.consent.ip).toBe('198.51.100.23');
		expect(lead.consent.trustedFormCertUrl).toMatch(/^https:\/\/cert\.trustedform\.com\//);
		expect(lead.fields.currentCarrier).toBe('Plymouth Rock');
		expect(lead.raw).not.toHaveProperty('headers');
	});

	it('Jotform posted form-encoded as a text body', () => {
		const raw = JSON.stringify({ q3_email: 'x@example.com', q4_phone: '5555550123' });
		const body = new URLSearchParams({ formID: '1', submissionID: '2', rawRequest: raw }).toString();
		const { lead, valid } = run({ headers: { 'x-real-ip': '192.0.2.1' }, params: {}, query: {}, body });
		expect(valid).toBe(true);
		expect(lead.source.kind).toBe('jotform');
		expect(lead.email).toBe('x@example.com');
		expect(lead.consent.ip).toBe('192.0.2.1');
	});

	it('Facebook Lead Ads: field_data, suffix kept apart, paid social by default', () => {
		const { lead } = run(payload('facebook-lead-ads'));
		expect(lead.leadId).toBe('1285746391029384');
		expect(lead.receivedAt).toBe('2026-11-25T14:58:12.000Z');
		expect(lead.lastName).toBe('Whitfield');
		expect(lead.fields.nameSuffix).toBe('Sr.');
		expect(lead.product).toBe('medicare');
		expect(lead.state).toBe('OH');
		expect(lead.source.channel).toBe('paid_social');
		expect(lead.fields.ad_id).toBe('23851234567890123');
	});

	it("Facebook Lead Ads as n8n's own trigger emits it (Simplify Output on)", () => {
		const simplified = {
			id: '1285746391029384',
			data: { full_name: 'Ana Diaz', email: 'ana.diaz@example.com', phone_number: '+13055550142', zip_code: '33101' },
			form: { id: '812345678901234', name: 'Auto quote', locale: 'en_US', status: 'ACTIVE' },
			ad: { id: '2385', name: 'Auto - FL' },
			adset: { id: '2386', name: 'FL 25-54' },
			page: { id: '99', name: 'Example Agency' },
			created_time: '2026-11-25T14:58:12+0000',
		};
		const { lead, valid } = run(simplified);
		expect(valid).toBe(true);
		expect(lead.source.kind).toBe('facebookLeadAds');
		expect(lead.source.formId).toBe('812345678901234');
		expect(lead.leadId).toBe('1285746391029384');
		expect([lead.firstName, lead.lastName, lead.email, lead.phone, lead.state]).toEqual(['Ana', 'Diaz', 'ana.diaz@example.com', '+13055550142', 'FL']);
		expect(lead.fields['ad.name']).toBe('Auto - FL');
	});

	it('Facebook Lead Ads webhook notification (ids only) is invalid with a hint', () => {
		const notification = { object: 'page', entry: [{ id: '1', changes: [{ field: 'leadgen', value: { leadgen_id: '444', form_id: '9' } }] }] };
		const result = run(notification);
		expect(result.valid).toBe(false);
		expect(result.lead.leadId).toBe('444');
		expect(result.lead.warnings.map((w) => w.code)).toContain('facebookIdsOnly');
	});

	it('Google Forms namedValues: titles as keys, US timestamp in the source zone', () => {
		const { lead } = run(payload('google-forms'));
		expect(lead.receivedAt).toBe('2026-11-25T14:41:07.000Z');
		expect(lead.state).toBe('NC');
		expect(lead.product).toBe('renters');
		expect(lead.phone).toBe('+15555550163');
		expect(lead.fields.anything_else_we_should_know).toBe('Moving in January');
	});

	it('Google Forms sheet row (no namedValues)', () => {
		const row = { Timestamp: '11/25/2026 10:00:00', 'Email Address': 'row@example.com', 'Your ZIP code': '02139' };
		const { lead } = run(row);
		expect(lead.source.kind).toBe('googleForms');
		expect(lead.email).toBe('row@example.com');
		expect(lead.zip).toBe('02139');
		expect(lead.state).toBe('MA');
	});

	it('HubSpot form submission: context page URL, UTM from it, legal consent', () => {
		const { lead } = run(payload('hubspot-form'));
		expect(lead.product).toBe('commercialAuto');
		expect(lead.source.channel).toBe('paid_search');
		expect(lead.source.utm.campaign).toBe('tx-fleet');
		expect(lead.source.clickIds.gclid).toBe('Cj0KCQiA');
		expect(lead.consent.given).toBe(true);
		expect(lead.consent.ip).toBe('203.0.113.77');
		expect(lead.consent.text).toContain('calls and texts');
		expect(lead.fields.company).toBe('Chung Logistics LLC');
	});

	it('HubSpot flat contact properties, and the legacy {properties: {x: {value}}} form', () => {
		const { lead } = run(payload('hubspot-contact'));
		expect(lead.leadId).toBe('51234');
		expect([lead.firstName, lead.lastName]).toEqual(['Linda', 'Park']);
		expect(lead.source.channel).toBe('organic');
		const legacy = run({ vid: 77, properties: { email: { value: 'old@example.com', versions: [] }, firstname: { value: 'Old' } } }).lead;
		expect(legacy.leadId).toBe('77');
		expect(legacy.email).toBe('old@example.com');
		expect(legacy.firstName).toBe('Old');
	});

	it('Insurance ping/post: driver1_ is the person, driver2_ stays in fields, TCPA evidence, carrier and premium', () => {
		const { lead } = run(payload('insurance-post'));
		expect(lead.leadId).toBe('EQ-7781245');
		expect([lead.firstName, lead.lastName]).toEqual(['Kevin', 'Miller']);
		expect(lead.fields.driver2_first_name).toBe('Amy');
		expect(lead.receivedAt).toBe('2026-11-25T15:02:33.000Z');
		expect(lead.source.channel).toBe('aggregator');
		expect(lead.carrier).toBe('Progressive');
		expect(lead.value).toBe(1284.5);
		expect(lead.consent).toMatchObject({
			given: true,
			ip: '192.0.2.44',
			jornayaLeadId: '7A1B2C3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D',
			namedRecipients: ['Example Insurance Group', 'Sample Agency LLC'],
		});
		expect(lead.fields.current_carrier).toBe('GEICO');
	});

	it('Insurance ping/post nested under Lead with drivers[]: the second driver is not the lead', () => {
		const { lead } = run(payload('insurance-post-nested'));
		expect(lead.leadId).toBe('MA-33019');
		expect([lead.firstName, lead.lastName]).toEqual(['Grace', 'Hopper']);
		expect(lead.consent.timestamp).toBe('2026-11-25T14:11:40.000Z');
		expect(lead.fields['drivers.1.first_name']).toBe('Vincent');
	});

	it('Insurance ping/post with dotted Lead.* keys', () => {
		const { lead } = run({ 'Lead.FirstName': 'Dot', 'Lead.Email': 'dot@example.com', 'Lead.LeadType': 'renters' });
		expect(lead.source.kind).toBe('insurancePost');
		expect(lead.firstName).toBe('Dot');
		expect(lead.product).toBe('renters');
	});

	it("answers keyed by question title (n8n's Typeform and Jotform triggers) are read like titles", () => {
		const byTitle = {
			"What's your full name?": 'Li Wei',
			'Your email address': 'li.wei@example.com',
			'Best number to reach you': '(206) 555-0142',
			'What would you like to insure?': 'Renters',
			'ZIP code': '98101',
		};
		const { lead } = run(byTitle);
		expect([lead.firstName, lead.email, lead.phone, lead.product, lead.state]).toEqual(['Li', 'li.wei@example.com', '+12065550142', 'renters', 'WA']);
	});

	it('Zapier flat: a__b keys, arrays of emails (first valid wins), US time', () => {
		const { lead } = run(payload('flat-zapier'));
		expect([lead.firstName, lead.lastName]).toEqual(['Sam', 'Lee']);
		expect(lead.email).toBe('sam.lee@example.com');
		expect(lead.state).toBe('IL');
		expect(lead.receivedAt).toBe('2026-11-25T15:15:00.000Z'); // 10:15 AM in New York (EST)
		expect(lead.source.channel).toBe('referral');
	});
});

describe('which answer feeds which field', () => {
	const jotform = (answers: Record<string, unknown>) => run({ formID: '1', submissionID: '2', rawRequest: JSON.stringify(answers) });
	const contactOf = ({ lead }: ReturnType<typeof run>) => [lead.firstName, lead.lastName, lead.email, lead.phone, lead.street, lead.city, lead.state, lead.zip];

	it('Jotform names that repeat the question number (q6_email6, q3_fullName3) read like the plain names', () => {
		const address = { addr_line1: '1 Main St', city: 'Newark', state: 'New Jersey', postal: '07102' };
		const plain = jotform({ q3_name: { first: 'jo', last: 'smith' }, q6_email: 'jo@example.org', q5_phoneNumber: { full: '(202) 555-1234' }, q8_address: address });
		const suffixed = jotform({ q3_fullName3: { first: 'jo', last: 'smith' }, q6_email6: 'jo@example.org', q5_phoneNumber5: { full: '(202) 555-1234' }, q8_address8: address });
		expect(plain.valid).toBe(true);
		expect(suffixed.valid).toBe(true);
		expect(contactOf(suffixed)).toEqual(contactOf(plain));
		expect(contactOf(suffixed)).not.toContain(null);
		expect(suffixed.lead.fields).toEqual(plain.lead.fields);
	});

	it('a Field Mapping row still matches a Jotform key written as the form spells it (bestNumber12, q12_bestNumber12)', () => {
		const answers = { q4_email: 'jo@example.org', q12_bestNumber12: '(202) 555-1234' };
		const unmapped = jotform(answers);
		expect(unmapped.lead.phone).toBeNull();
		for (const sourceKey of ['bestNumber12', 'q12_bestNumber12', 'bestNumber']) {
			const mapped = run({ formID: '1', submissionID: '2', rawRequest: JSON.stringify(answers) }, { fieldMap: { [sourceKey]: 'phone' } }).lead;
			expect([sourceKey, mapped.phone]).toEqual([sourceKey, '+12025551234']);
		}
	});

	it('Jotform fullName {first, last} is the first and last name', () => {
		const { lead } = jotform({ q3_fullName: { first: 'jo', last: 'smith' }, q4_email: 'jo@example.org' });
		expect([lead.firstName, lead.lastName]).toEqual(['Jo', 'Smith']);
		expect(Object.keys(lead.fields)).toEqual([]);
	});

	it('HubSpot: consent to store data is not consent to be contacted; only checked boxes give consent and text', () => {
		const withCallsBox = (checked: boolean) => {
			const body = payload('hubspot-form');
			const consent = (body.legalConsentOptions as { consent: { communications: Array<{ value: boolean; text: string }> } }).consent;
			consent.communications[0].value = checked;
			return { lead: run(body).lead, callsText: consent.communications[0].text };
		};
		const declined = withCallsBox(false);
		expect(declined.lead.consent.given).toBe(false);
		expect(declined.lead.consent.text ?? '').not.toContain(declined.callsText);
		const accepted = withCallsBox(true);
		expect(accepted.lead.consent.given).toBe(true);
		expect(accepted.lead.consent.text).toContain(accepted.callsText);
	});

	it('answers inside a data container outrank the form metadata beside it (Webflow)', () => {
		const answers = { Name: 'Maria Lopez', Email: 'maria@example.org', Phone: '(305) 555-2222', 'Insurance Type': 'Home' };
		const current = run({ triggerType: 'form_submission', payload: { name: 'Auto Quote Form', siteId: '6274', data: answers, id: '6321' } }).lead;
		const legacy = run({ name: 'Auto Quote Form', site: '6274', data: answers, _id: '6321' }).lead;
		for (const lead of [current, legacy]) {
			expect(lead.fullName).toBe(answers.Name);
			expect(lead.email).toBe(answers.Email);
			expect(Object.values(lead.fields)).toContain('Auto Quote Form');
		}
	});

	it('a data block without contact details does not override the explicit keys beside it', () => {
		const { lead } = run({ email: 'top@example.org', phone: '(305) 555-2223', state: 'FL', product: 'home', data: { state: 'GA', source: 'import' } });
		expect(lead.state).toBe('FL');
		expect(lead.email).toBe('top@example.org');
	});

	it('a person-ish key still beats the same key nested deeper, outside any answer container', () => {
		const { lead } = run({ email: 'top@example.org', contact: { email: 'nested@example.org' } });
		expect(lead.email).toBe('top@example.org');
	});

	it('the product is the first answer that names a product, not the first question that sounds like one', () => {
		const form = (questions: Record<string, string>) =>
			run({ namedValues: { Timestamp: ['11/25/2026 9:00:00'], 'Full Name': ['Ann Lee'], 'Email Address': ['ann@example.org'], ...Object.fromEntries(Object.entries(questions).map(([q, a]) => [q, [a]])) } }).lead;
		const alone = form({ 'What type of insurance are you looking for?': 'Auto' });
		const afterCoverage = form({ 'Do you currently have coverage?': 'Yes', 'What type of insurance are you looking for?': 'Auto' });
		expect(alone.product).not.toBeNull();
		expect([afterCoverage.product, afterCoverage.productRaw]).toEqual([alone.product, alone.productRaw]);
		expect(afterCoverage.warnings.map((w) => w.code)).not.toContain('productUnknown');
		expect(Object.values(afterCoverage.fields)).toContain('Yes');
		const noneKnown = form({ 'Do you currently have coverage?': 'Yes', 'What type of insurance are you looking for?': 'Pet' });
		expect([noneKnown.product, noneKnown.productRaw]).toEqual([null, 'Yes']);
		expect(noneKnown.warnings.map((w) => w.code)).toContain('productUnknown');
	});

	it("home_value is what the house is worth, not the premium", () => {
		const body = { lead_id: 'L1', lead_type: 'HOME', email: 'a@example.org', primary_phone: '2025551234', home_value: '350000' };
		const { lead } = run(body);
		expect(lead.value).toBeUndefined();
		expect(lead.fields.home_value).toBe(body.home_value);
		expect(run({ ...body, premium: '1200' }).lead.value).toBe(1200);
		expect(run({ ...body, applicant_first_name: 'Al' }).lead.firstName).toBe('Al');
	});
});
