// The one way this repo starts an app process (api or worker) from its build: `npm start` and the
// demo (tools/start.mjs), the benchmarks (bench/lib/stack.mjs) and the e2e stack
// (apps/api/test/e2e/processes.ts). Every start gets the production node flags and allocator
// settings of tools/app-node-flags.mjs, so what is measured and tested is what users run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appNodeArgs, PROCESS_ENV } from './app-node-flags.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Keeps the last `keepChars` characters of a child's stdout and stderr; returns a reader. */
function keepOutput(child, keepChars) {
  let log = '';
  const keep = (chunk) => (log = (log + chunk.toString('utf8')).slice(-keepChars));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return () => log;
}

/**
 * Starts `apps/<app>/dist/main.js` with the Node that runs the caller. `env` is the whole
 * environment of the child (PATH and HOME are added when missing); `inheritEnv` starts from this
 * process's environment instead. The last `keepChars` characters of its output are kept.
 */
export function startAppProcess(app, options = {}) {
  const {
    env = {},
    inheritEnv = false,
    extraArgs = [],
    label = app,
    keepChars = 200_000,
  } = options;
  const entry = path.join(REPO_ROOT, 'apps', app, 'dist', 'main.js');
  const base = inheritEnv
    ? process.env
    : { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
  const child = spawn(process.execPath, appNodeArgs(app, entry, extraArgs), {
    cwd: REPO_ROOT,
    env: { ...base, ...PROCESS_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = keepOutput(child, keepChars);
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    name: label,
    app,
    child,
    pid: child.pid,
    exited,
    output,
    /** `signal` (SIGTERM: a graceful stop), then SIGKILL after `graceMs`; resolves to the exit code. */
    async stop(signal = 'SIGTERM', graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const done = once(child, 'exit');
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const [code] = await done;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls `url` until it answers 2xx; fails with the process's output if it exits or times out. */
export async function waitForHttp(url, proc, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null)
      throw new Error(`${proc.name} exited early:\n${proc.output()}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${proc.name} did not answer ${url} in ${timeoutMs} ms:\n${proc.output()}`);
}
