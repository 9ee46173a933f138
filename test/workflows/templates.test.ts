/**
 * The workflow templates follow the house rules (docs/templates.md) and stay what
 * scripts/templates/build-templates.mjs writes: sticky notes, no embedded credentials, notification
 * and CRM nodes disabled with a Data Table write in their place, nothing in workflow static data,
 * and the setup template's roster equal to workflows/samples/roster.json.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, 'workflows');
const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.json'));
const load = (file: string) => JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8'));
const NOTIFY = /\.(slack|emailSend|twilio|hubspot)$/;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const ourTypes = (pkg.n8n.nodes as string[]).map((p) => {
	const name = p.split('/').pop()!.replace('.node.js', '');
	return `${pkg.name}.${name.charAt(0).toLowerCase()}${name.slice(1)}`;
});

describe('workflow templates', () => {
	it('are exactly what scripts/templates/build-templates.mjs generates', () => {
		const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'templates', 'build-templates.mjs'), '--check'], { encoding: 'utf8' });
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
	});

	it.each(files)('%s has the sticky notes, no credentials, disabled notification nodes and valid connections', (file) => {
		const wf = load(file);
		const names = new Set<string>(wf.nodes.map((n: any) => n.name));
		expect(names.has('How it works')).toBe(true);
		expect(names.has('Setup')).toBe(true);
		for (const node of wf.nodes) {
			for (const ref of Object.values(node.credentials ?? {}) as any[]) expect(ref.id ?? null).toBeNull();
			if (NOTIFY.test(node.type)) expect({ node: node.name, disabled: node.disabled }).toEqual({ node: node.name, disabled: true });
			if (node.type.startsWith(`${pkg.name}.`)) expect(ourTypes).toContain(node.type);
			expect(JSON.stringify(node.parameters)).not.toMatch(/getWorkflowStaticData|\$staticData/);
		}
		const notifiers = wf.nodes.filter((n: any) => NOTIFY.test(n.type) && !/hubspot/i.test(n.type));
		if (notifiers.length > 0) {
			const writesNotifications = wf.nodes.some(
				(n: any) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.operation === 'insert' && n.parameters.dataTableId?.value === 'notifications',
			);
			expect(writesNotifications).toBe(true);
		}
		for (const [from, outputs] of Object.entries(wf.connections) as Array<[string, any]>) {
			expect(names.has(from)).toBe(true);
			for (const output of outputs.main) for (const link of output) expect(names.has(link.node)).toBe(true);
		}
		// Data Tables by name only, so a template works on any instance after setup.
		for (const node of wf.nodes.filter((n: any) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.dataTableId)) {
			expect(node.parameters.dataTableId.mode).toBe('name');
		}
	});

	it('setup carries the sample roster of workflows/samples/roster.json (licenses and appointments as JSON text)', () => {
		const roster = JSON.parse(readFileSync(join(WORKFLOWS, 'samples', 'roster.json'), 'utf8')).agents;
		const setup = load('setup-data-tables.json');
		const carried = JSON.parse(setup.nodes.find((n: any) => n.name === 'Sample Roster').parameters.jsonOutput).agents;
		expect(carried.map((a: any) => ({ ...a, licenses: JSON.parse(a.licenses), appointments: JSON.parse(a.appointments) }))).toEqual(roster);
	});

	it('the sample roster has what the demo and the e2e tests rely on', () => {
		const roster = JSON.parse(readFileSync(join(WORKFLOWS, 'samples', 'roster.json'), 'utf8')).agents as any[];
		expect(roster.length).toBeGreaterThanOrEqual(10);
		expect(new Set(roster.map((a) => a.agentId)).size).toBe(roster.length);
		expect(roster.some((a) => a.active === false)).toBe(true);
		expect(roster.some((a) => a.licenses.some((l: any) => l.expiresOn < '2026-01-01'))).toBe(true);
		expect(roster.some((a) => a.licenses.some((l: any) => l.residency === 'nonresident'))).toBe(true);
		expect(roster.some((a) => a.appointments.length > 0)).toBe(true);
		expect(roster.some((a) => a.workingHours !== '24/7')).toBe(true);
		expect(new Set(roster.map((a) => a.residentState)).size).toBeGreaterThanOrEqual(5);
	});
});
