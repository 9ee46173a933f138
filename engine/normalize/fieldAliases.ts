/**
 * Which source keys mean which canonical lead field. Keys are compared in their lookup form
 * (lowercase letters and digits, see options.keyForm), so "First Name", "first_name" and
 * "firstName" are the same key.
 */

export const CANONICAL_FIELDS = [
	'leadId',
	'formId',
	'receivedAt',
	'email',
	'phone',
	'firstName',
	'lastName',
	'fullName',
	'street',
	'city',
	'state',
	'zip',
	'country',
	'product',
	'carrier',
	'value',
	'consentGiven',
	'consentText',
	'consentTimestamp',
	'ip',
	'pageUrl',
	'trustedFormCertUrl',
	'jornayaLeadId',
	'namedRecipients',
	'utmSource',
	'utmMedium',
	'utmCampaign',
	'utmTerm',
	'utmContent',
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

const ALIASES: Record<CanonicalField, string[]> = {
	leadId: ['leadid', 'submissionid', 'externalleadid', 'sourceleadid', 'id', 'uuid', 'token'],
	formId: ['formid', 'formguid'],
	receivedAt: [
		'receivedat',
		'submittedat',
		'submitted',
		'submittedtime',
		'submissiondate',
		'submissiontime',
		'datesubmitted',
		'createdat',
		'createdtime',
		'createdate',
		'created',
		'originationdatetime',
		'originationdate',
		'leaddate',
		'leaddatetime',
		'timestamp',
		'date',
	],
	email: ['email', 'emails', 'emailaddresses', 'emailaddress', 'emailaddr', 'mail', 'email1', 'primaryemail', 'youremail', 'contactemail', 'workemail'],
	phone: [
		'phone',
		'phones',
		'phonenumbers',
		'phonenumber',
		'primaryphone',
		'phone1',
		'mobile',
		'mobilephone',
		'mobilenumber',
		'cellphone',
		'cell',
		'telephone',
		'tel',
		'homephone',
		'dayphone',
		'contactphone',
		'yourphone',
		'phonenumberfull',
		'workphone',
	],
	firstName: ['firstname', 'fname', 'first', 'givenname', 'forename', 'namefirst'],
	lastName: ['lastname', 'lname', 'last', 'surname', 'familyname', 'namelast'],
	fullName: ['fullname', 'name', 'yourname', 'contactname', 'customername', 'applicantname', 'namefull'],
	street: [
		'street',
		'streetaddress',
		'address',
		'address1',
		'addressline1',
		'addrline1',
		'street1',
		'addr1',
		'addr',
		'addressstreet',
		'mailingaddress',
	],
	city: ['city', 'town', 'addresscity'],
	state: ['state', 'statecode', 'stateprovince', 'province', 'region', 'st', 'addressstate', 'residencestate'],
	zip: ['zip', 'zipcode', 'zip5', 'postalcode', 'postcode', 'postal', 'zippostalcode', 'addresszip'],
	country: ['country', 'countrycode'],
	product: [
		'product',
		'producttype',
		'insurancetype',
		'typeofinsurance',
		'insuranceproduct',
		'leadtype',
		'coveragetype',
		'policytype',
		'quotetype',
		'lineofbusiness',
		'lob',
		'vertical',
		'productinterest',
		'interest',
		'coverage',
	],
	carrier: ['carrier', 'requestedcarrier', 'preferredcarrier', 'desiredcarrier'],
	value: ['value', 'premium', 'annualpremium', 'quotedpremium', 'estimatedpremium', 'dealamount', 'dealvalue', 'amount'],
	consentGiven: [
		'tcpaoptin',
		'tcpaconsent',
		'tcpa',
		'tcpaagree',
		'consent',
		'consentgiven',
		'consenttocontact',
		'contactconsent',
		'optin',
		'agree',
		'agreetoterms',
		'termsaccepted',
	],
	consentText: ['tcpatext', 'tcpalanguage', 'tcpadisclosure', 'consenttext', 'consentlanguage', 'disclosure', 'disclaimertext'],
	consentTimestamp: ['tcpatimestamp', 'consenttimestamp', 'optintimestamp', 'tcpadate', 'consentdate'],
	ip: ['ip', 'ipaddress', 'ipaddr', 'clientip', 'userip', 'remoteip', 'consumerip'],
	pageUrl: ['pageurl', 'pageuri', 'landingpage', 'landingpageurl', 'formurl', 'sourceurl', 'url'],
	trustedFormCertUrl: [
		'xxtrustedformcerturl',
		'trustedformcerturl',
		'trustedformurl',
		'trustedformcert',
		'trustedform',
		'xxtrustedformtoken',
	],
	jornayaLeadId: ['universalleadid', 'leadidtoken', 'jornayaleadid', 'jornayaid', 'leadidcode'],
	namedRecipients: [
		'namedrecipients',
		'consentrecipients',
		'tcpasellers',
		'tcpacompanies',
		'namedsellers',
		'sellernames',
		'sellers',
	],
	utmSource: ['utmsource', 'source', 'leadsource', 'hsanalyticssource'],
	utmMedium: ['utmmedium', 'medium'],
	utmCampaign: ['utmcampaign', 'campaign', 'campaignname'],
	utmTerm: ['utmterm', 'keyword', 'term'],
	utmContent: ['utmcontent', 'adcontent'],
};

/** lookup-form key -> canonical field. */
export const ALIAS_TO_FIELD: ReadonlyMap<string, CanonicalField> = (() => {
	const map = new Map<string, CanonicalField>();
	for (const field of CANONICAL_FIELDS) {
		map.set(field.toLowerCase(), field);
		for (const alias of ALIASES[field]) if (!map.has(alias)) map.set(alias, field);
	}
	return map;
})();

/**
 * Parent keys that hold a form's answers, as opposed to the keys beside them, which describe the
 * form or the delivery (Webflow: `{name: 'Auto Quote Form', siteId, data: {Name, Email}}`).
 */
export const ANSWER_CONTAINERS: ReadonlySet<string> = new Set([
	'data',
	'fields',
	'answers',
	'properties',
	'submission',
	'formdata',
	'formfields',
]);

/**
 * Parent keys that only group a person's details. A key nested under these keeps its meaning
 * (`Lead.FirstName`, `contact.email`, `drivers[0].first_name`); under anything else
 * (`vehicle.year`, `company.name`) it does not.
 */
export const TRANSPARENT_PARENTS: ReadonlySet<string> = new Set([
	...ANSWER_CONTAINERS,
	'lead',
	'leads',
	'contact',
	'applicant',
	'customer',
	'person',
	'consumer',
	'prospect',
	'user',
	'body',
	'payload',
	'address',
	'addr',
	'home',
	'location',
	'primary',
	'personal',
	'insured',
	'policyholder',
	'driver',
	'driver1',
	'drivers',
	'applicants',
	'contactinfo',
	'contactinformation',
	'tcpa',
	'consent',
	'tracking',
	'utm',
	'name',
	// Jotform's full-name question: `fullName: {first, last}`.
	'fullname',
	'hidden',
	'query',
]);

/**
 * Prefixes that ping/post feeds glue onto flat keys (`driver1_first_name`, `applicant_email`).
 * Only the first driver or applicant is the person being quoted.
 */
export const PERSON_PREFIXES: readonly string[] = [
	'driver1',
	'applicant1',
	'applicant',
	'primary',
	'contact',
	'customer',
	'insured',
	'consumer',
	'person',
	'lead',
	'your',
	'home',
	'address',
];

/**
 * Words in a question title (Typeform, Google Forms) that reveal the field, checked in order:
 * specific first, so "Email me updates about my quote?" is not read as the product.
 */
export const LABEL_WORDS: ReadonlyArray<readonly [RegExp, CanonicalField]> = [
	[/\be-?mail\b/i, 'email'],
	[/\b(phone|mobile|cell|telephone|number to (reach|call|text)|contact number)\b/i, 'phone'],
	[/\bfirst name\b/i, 'firstName'],
	[/\b(last name|surname)\b/i, 'lastName'],
	[/\b(zip|postal)\b/i, 'zip'],
	[/\bstate\b/i, 'state'],
	[/\bcity\b/i, 'city'],
	[/\b(street|address)\b/i, 'street'],
	[/\b(full name|your name|name)\b/i, 'fullName'],
	[/\b(type of insurance|insurance type|coverage|insurance are you|quote for|product|insurance do you|insure|looking for)\b/i, 'product'],
	[/\b(tcpa|consent|agree)\b/i, 'consentGiven'],
	[/\btimestamp\b/i, 'receivedAt'],
];
