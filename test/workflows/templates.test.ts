/**
 * The workflow templates follow the house rules (docs/templates.md) and stay what
 * scripts/templates/build-templates.mjs writes: sticky notes, no embedded credentials, notification
 * and CRM nodes disabled with a Data Table write in their place, nothing in workflow static data,
 * and the setup template's roster equal to workflows/samples/roster.json.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { DEFAULT_MATCH_OPTIONS } from '../../engine/match/options';
import { buildOutcomeRecord, toFlatRow } from '../../engine/outcome/record';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, 'workflows');
interface TemplateNode {
	name: string;
	type: string;
	disabled?: boolean;
	credentials?: Record<string, { id?: string | null; name?: string }>;
	parameters: { operation?: string; dataTableId?: { mode?: string; value?: string }; jsonOutput?: string };
}
interface Template {
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}
interface RosterAgent {
	agentId: string;
	active: boolean;
	workingHours: string;
	residentState: string;
	licenses: Array<{ residency: string; expiresOn: string }>;
	appointments: unknown[];
}
const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.json'));
const load = (file: string): Template => JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8'));
const loadRoster = (): RosterAgent[] => JSON.parse(readFileSync(join(WORKFLOWS, 'samples', 'roster.json'), 'utf8')).agents;
const NOTIFY = /\.(slack|emailSend|twilio|hubspot)$/;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const ourTypes = (pkg.n8n.nodes as string[]).map((p) => {
	const name = p.split('/').pop()!.replace('.node.js', '');
	return `${pkg.name}.${name.charAt(0).toLowerCase()}${name.slice(1)}`;
});

describe('workflow templates', () => {
	it('are exactly what scripts/templates/build-templates.mjs generates', () => {
		// A test running the repository's own script with fixed arguments, never shipped.
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'templates', 'build-templates.mjs'), '--check'], { encoding: 'utf8' });
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
	});

	it.each(files)('%s has the sticky notes, no credentials, disabled notification nodes and valid connections', (file) => {
		const wf = load(file);
		const names = new Set<string>(wf.nodes.map((n) => n.name));
		expect(names.has('How it works')).toBe(true);
		expect(names.has('Setup')).toBe(true);
		for (const node of wf.nodes) {
			for (const ref of Object.values(node.credentials ?? {})) expect(ref.id ?? null).toBeNull();
			if (NOTIFY.test(node.type)) expect({ node: node.name, disabled: node.disabled }).toEqual({ node: node.name, disabled: true });
			if (node.type.startsWith(`${pkg.name}.`)) expect(ourTypes).toContain(node.type);
			expect(JSON.stringify(node.parameters)).not.toMatch(/getWorkflowStaticData|\$staticData/);
		}
		const notifiers = wf.nodes.filter((n) => NOTIFY.test(n.type) && !/hubspot/i.test(n.type));
		if (notifiers.length > 0) {
			const writesNotifications = wf.nodes.some(
				(n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.operation === 'insert' && n.parameters.dataTableId?.value === 'notifications',
			);
			expect(writesNotifications).toBe(true);
		}
		for (const [from, outputs] of Object.entries(wf.connections)) {
			expect(names.has(from)).toBe(true);
			for (const output of outputs.main) for (const link of output) expect(names.has(link.node)).toBe(true);
		}
		// Data Tables by name only, so a template works on any instance after setup.
		for (const node of wf.nodes.filter((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.dataTableId)) {
			expect(node.parameters.dataTableId?.mode).toBe('name');
		}
	});

	it("read the outcomes log per lead only as far back as Lead Match's defaults look, in Log Outcome's time format", () => {
		const routing = files.filter((file) => load(file).nodes.some((node) => node.name === 'Get History'));
		expect(routing.sort()).toEqual(['inbound-lead-routing.json', 'insurance-aggregator-intake.json']);
		// Lead Match looks back at most: this month (Reset Interval Month), sticky owners, open leads.
		const lookBack = Math.max(31, DEFAULT_MATCH_OPTIONS.sticky.windowDays, 30);
		expect(DEFAULT_MATCH_OPTIONS.resetInterval).toBe('month');
		for (const file of routing) {
			const { nodes } = load(file);
			const match = nodes.find((node) => node.name === 'Lead Match')!.parameters as { resetInterval?: string; options?: Record<string, unknown> };
			// The template keeps those defaults, or the window below would cut its counts short.
			expect(match.resetInterval).toBeUndefined();
			expect(match.options?.stickyWindowDays).toBeUndefined();
			const history = nodes.find((node) => node.name === 'Get History')!.parameters as { filters?: { conditions: Array<{ keyName: string; condition: string; keyValue: string }> }; returnAll?: boolean };
			expect(history.returnAll).toBe(true);
			expect(history.filters?.conditions).toHaveLength(1);
			const [since] = history.filters!.conditions;
			expect([since.keyName, since.condition]).toEqual(['at', 'gte']);
			const days = Number(/^=\{\{ \$now\.toUTC\(\)\.minus\(\{ days: (\d+) \}\)\.toISO\(\) \}\}$/.exec(since.keyValue)?.[1]);
			// Two weeks more than that, to tell a long-standing agent from one who joined this month.
			expect(days).toBeGreaterThanOrEqual(lookBack + 14);
			// The cutoff is compared as text with `at`, so it must be written exactly like Log
			// Outcome's instants (luxon is what n8n's $now is): events logged a minute either side of
			// it, with a time zone offset, fall on the right side.
			const now = DateTime.fromISO('2026-03-08T07:30:00-05:00');
			const cutoff = now.toUTC().minus({ days }).toISO()!;
			expect(cutoff).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
			const loggedAt = (minutes: number) =>
				toFlatRow(buildOutcomeRecord({ leadId: 'L1', agentId: 'ana', event: 'won', at: now.setZone('UTC+2').minus({ days }).plus({ minutes }).toISO() }, {}, new Date())).at as string;
			expect(loggedAt(-1) < cutoff).toBe(true);
			expect(loggedAt(1) >= cutoff).toBe(true);
		}
	});

	it('setup carries the sample roster of workflows/samples/roster.json (licenses and appointments as JSON text)', () => {
		const roster = loadRoster();
		const setup = load('setup-data-tables.json');
		const carried: Array<Record<string, string>> = JSON.parse(setup.nodes.find((n) => n.name === 'Sample Roster')?.parameters.jsonOutput ?? '{}').agents;
		expect(carried.map((a) => ({ ...a, licenses: JSON.parse(a.licenses), appointments: JSON.parse(a.appointments) }))).toEqual(roster);
	});

	it('the sample roster has what the demo and the e2e tests rely on', () => {
		const roster = loadRoster();
		expect(roster.length).toBeGreaterThanOrEqual(10);
		expect(new Set(roster.map((a) => a.agentId)).size).toBe(roster.length);
		expect(roster.some((a) => a.active === false)).toBe(true);
		expect(roster.some((a) => a.licenses.some((l) => l.expiresOn < '2026-01-01'))).toBe(true);
		expect(roster.some((a) => a.licenses.some((l) => l.residency === 'nonresident'))).toBe(true);
		expect(roster.some((a) => a.appointments.length > 0)).toBe(true);
		expect(roster.some((a) => a.workingHours !== '24/7')).toBe(true);
		expect(new Set(roster.map((a) => a.residentState)).size).toBeGreaterThanOrEqual(5);
	});
});
