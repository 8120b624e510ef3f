// npm run chaos — the fault-injection specs of apps/api/test/chaos (minutes each, so not part of
// `npm test`): builds the apps (nx skips what is up to date), then runs the specs one file at a time with
// REMOTE_OCR_CHAOS=1. Extra arguments filter the files like jest's own, e.g.
// `npm run chaos -- worker-kill`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);

const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    '--runInBand',
    ...(filters.length > 0
      ? filters.map((f) => `apps/api/test/chaos/.*${f}`)
      : ['apps/api/test/chaos/']),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, REMOTE_OCR_CHAOS: '1' } },
);
process.exit(jest.status ?? 1);
