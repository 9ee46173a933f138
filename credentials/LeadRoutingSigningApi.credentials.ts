import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret that signs accept / decline links (Lead Escalate). Kept as a credential so it is
 * encrypted at rest and never appears in workflow JSON, executions or exported templates.
 */
export class LeadRoutingSigningApi implements ICredentialType {
	name = 'leadRoutingSigningApi';

	displayName = 'Lead Routing Signing API';

	icon = { light: 'file:../nodes/LeadEscalate/leadEscalate.svg', dark: 'file:../nodes/LeadEscalate/leadEscalate.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-lead-routing/n8n-nodes-lead-routing/blob/main/docs/nodes/lead-escalate.md#signing-secret';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long random value (at least 32 characters) used to sign accept and decline links. Changing it invalidates links already sent.',
		},
	];
}
