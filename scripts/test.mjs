// `npm test`: the README's second quick-start command. On a fresh clone it first installs the
// development dependencies (npm ci), so the command works on its own; then it runs jest (engine unit
// tests and in-process node tests). Extra arguments go to jest: `npm test -- test/engine/roster`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (!existsSync(join(root, 'node_modules', '.bin', 'jest'))) {
	console.log('First run: installing development dependencies (npm ci)...');
	const status = run('npm', ['ci', '--no-audit', '--no-fund']);
	if (status !== 0) process.exit(status);
}
process.exit(run(join(root, 'node_modules', '.bin', 'jest'), process.argv.slice(2)));
