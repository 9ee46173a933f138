/**
 * `npm run demo -- --exit` end to end, as a newcomer runs it: it must start n8n, push every sample
 * lead through the intake webhook, print one table row per sample with the right verdict and the
 * editor login, and exit cleanly. Keeps the demo from rotting as later steps are added to it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ROOT } from '../../scripts/n8n/runtime.mjs';
import { loadSamplePayloads } from '../../scripts/n8n/samples.mjs';

// Long enough for a cold n8n install plus a start on a loaded machine.
const DEMO_TIMEOUT_MS = 20 * 60_000;

function runDemo(args: string[]): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		// The demo is a command-line program: running it as a child is the point of this test, which
		// is never shipped (the rule guards node code that runs inside n8n).
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		const child = spawn(process.execPath, [join(ROOT, 'scripts', 'demo.mjs'), ...args], {
			cwd: ROOT,
			env: { ...process.env, CI: 'true' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('exit', (code) => resolve({ code, output }));
	});
}

describe('npm run demo', () => {
	it(
		'sends every sample lead, prints its verdict and the login, and exits',
		async () => {
			const port = await freePort();
			const { code, output } = await runDemo(['--exit', '--port', String(port)]);
			if (code !== 0) console.log(output);
			expect(code).toBe(0);

			const samples = loadSamplePayloads();
			for (const sample of samples) {
				const row = output.split('\n').find((line) => line.startsWith(sample.name.slice(0, 29)));
				expect({ sample: sample.name, row }).toEqual({ sample: sample.name, row: expect.any(String) });
				const verdict = /invalid/i.test(sample.name) ? /invalid: / : /\svalid\s/;
				expect({ sample: sample.name, row }).toEqual({ sample: sample.name, row: expect.stringMatching(verdict) });
			}
			expect(output).toContain(`Editor:     http://127.0.0.1:${port}`);
			expect(output).toMatch(/Login:\s+\S+@\S+ \/ \S+/);
			// The routing loop: an SLA lapse escalated and accepted, a lead declined by all three
			// agents going to the fallback owner, and the dashboard written.
			expect(output).toContain('== Routing table');
			expect(output).toMatch(/\w+:expired > \w+:accepted/);
			expect(output).toMatch(/fallback owner\s+\w+:declined > \w+:declined > \w+:declined/);
			const dashboard = /Dashboard:\s+(\S+\.html)/.exec(output)?.[1];
			expect(dashboard && existsSync(dashboard)).toBe(true);
			expect(output).toContain('Stopping n8n...');
		},
		DEMO_TIMEOUT_MS,
	);
});
