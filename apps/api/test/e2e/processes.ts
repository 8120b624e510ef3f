// eslint-disable-next-line @nx/enforce-module-boundaries -- the one app starter is plain JS in tools/, which npm start and the benchmarks run unbuilt
import {
  REPO_ROOT,
  startAppProcess,
  waitForHttp,
  type AppProcess,
} from '../../../../tools/app-process.mjs';

export { REPO_ROOT, waitForHttp };

export type ServerProcess = AppProcess;

/**
 * Starts a built app (`apps/<name>/dist/main.js`) as its own process, as `npm start` does
 * (tools/app-process.mjs: production node flags included), capturing its output for failure
 * messages.
 */
export function startApp(
  app: 'api' | 'worker',
  env: Record<string, string>,
  label: string = app,
): ServerProcess {
  return startAppProcess(app, { env, label });
}

/** Polls `check` until it returns a value, or throws after `timeoutMs` with the last seen state. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
