import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './processes.js';

/**
 * Runs repo scripts as on a machine where nothing listens on the default Redis and PostgreSQL
 * addresses, without stopping the shared ones other tests use: inside a private network
 * namespace (`unshare -n`, root) whose loopback has nothing on 6379/5432. Where namespaces are
 * not available, the scripts' test-only probe overrides (tools/services/decide.mjs) point the
 * "default address" at closed loopback ports instead — the decision code is the same.
 */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const which = (name: string): string | null => {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
};

// Absolute paths: the scripts may run with a PATH that holds none of them.
const IP = which('ip');
const UNSHARE = which('unshare');
const SH = which('sh');
export const NAMESPACES =
  IP !== null &&
  UNSHARE !== null &&
  SH !== null &&
  spawnSync(UNSHARE, ['-n', IP, 'link', 'set', 'lo', 'up']).status === 0;

/** A loopback port nothing listens on (taken, then closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function probeOverrides(): Promise<Record<string, string>> {
  if (NAMESPACES) return {};
  return {
    REMOTE_OCR_PROBE_REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
    REMOTE_OCR_PROBE_DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/remote_ocr`,
  };
}

/**
 * `node tools/<script> …args` in `cwd` with only `env` (plus HOME), as on a machine without
 * services. The environment is built from scratch so a REDIS_URL/DATABASE_URL of the test run
 * never leaks in.
 */
export async function runWithoutServices(
  script: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<RunResult> {
  const env = { HOME: process.env.HOME ?? '/tmp', ...(await probeOverrides()), ...options.env };
  const node = [process.execPath, path.join(REPO_ROOT, 'tools', script), ...args];
  const [command, ...argv] = NAMESPACES
    ? [UNSHARE!, '-n', SH!, '-c', `${IP} link set lo up && exec "$0" "$@"`, ...node]
    : node;
  const child = spawn(command, argv, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
