/** License Check's parameters: the moment to check for and the compliance options. */
import type { INodeProperties } from 'n8n-workflow';

/** Output order is part of the public contract: workflows wire these indexes. */
export const ELIGIBLE_OUTPUT = 0;
export const NONE_OUTPUT = 1;
export const REVIEW_OUTPUT = 2;

export const licenseCheckProperties: INodeProperties[] = [
	{
		displayName:
			'Connect leads to the first input and your agent roster (one item per agent) to the second. Each lead gets an "eligibility" field listing who may take it and why the others may not.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'As Of',
		name: 'asOf',
		type: 'dateTime',
		default: '',
		description:
			'The moment to check licenses for. Leave empty for now; set a fixed date and time to re-run a past check exactly.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Expiry Warning Days',
				name: 'expiryWarningDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'Warn about an eligible agent whose license expires within this many days',
			},
			{
				displayName: 'Just-in-Time Appointment States',
				name: 'justInTimeAppointmentStates',
				type: 'string',
				default: '',
				placeholder: 'e.g. FL, TX',
				description:
					'With Require Appointment on: states where an agent not yet appointed with the lead\'s carrier may still take the lead, because the appointment can be filed after the application. They stay eligible, with an appointmentJustInTime warning. Check each state\'s rules and each carrier\'s practice before listing it. Empty: an appointment in force is always required.',
			},
			{
				displayName: 'Product Lines',
				name: 'productLines',
				type: 'json',
				default: '{}',
				description:
					'Lines of authority each product needs, added to or replacing the defaults. Example: {"auto": "personalLines | property + casualty", "pet": "casualty"}. "|" means or, "+" means and.',
			},
			{
				displayName: 'Require Appointment',
				name: 'requireAppointment',
				type: 'boolean',
				default: false,
				description:
					'Whether an agent needs an active appointment with the carrier the lead names (lead.carrier) in the lead\'s state',
			},
			{
				displayName: 'Require Medicare Certification',
				name: 'requireMedicareCertification',
				type: 'boolean',
				default: false,
				description:
					'Whether Medicare leads need an agent certified for the plan year (roster: medicareCertifications or medicarePlanYears) and, when the lead names a carrier, ready to sell its plans for that year. From October, without a plan year on the lead, both this year and next.',
			},
			{
				displayName: 'Require Named Recipient For Medicare',
				name: 'requireNamedInConsent',
				type: 'boolean',
				default: true,
				description:
					'Whether Medicare leads may only go to agents whose agency (or name) the consumer named in their consent (CMS rule since October 2024)',
			},
		],
	},
];
