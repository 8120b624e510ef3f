import { jest } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../e2e/processes.js';
import { API_KEY, Stack, freePort } from '../e2e/stack.js';

jest.setTimeout(120_000);

const JOB = '0b6c5a8e-3d1f-4c2a-9e7b-5f4d3c2b1a09';

/** A non-loopback IPv4 address of this machine, if it has one. */
function externalAddress(): string | null {
  const all = Object.values(os.networkInterfaces()).flatMap((list) => list ?? []);
  return all.find((a) => a.family === 'IPv4' && !a.internal)?.address ?? null;
}

async function status(url: string, headers: Record<string, string> = {}): Promise<number | string> {
  try {
    return (await fetch(url, { headers, signal: AbortSignal.timeout(5000) })).status;
  } catch (error) {
    return `unreachable (${((error as Error).cause as { code?: string })?.code ?? 'error'})`;
  }
}

/**
 * Issue 14 item 11 and extras: a worker removes dead workers' temp dirs at start; its metrics endpoint listens on loopback by default (even when the
 * api's HOST is 0.0.0.0) and answers `/metrics` to the operator key only, as the api does.
 */
describe("the worker's metrics endpoint (built worker)", () => {
  let stack: Stack;
  let port: number;

  let tmp: string;
  // A pid no process has (pids stop at 2^22).
  const leftovers = [`remote-ocr-work-999999999-${JOB}-aaaaaa`];

  beforeAll(async () => {
    stack = await Stack.start({ storage: 'disk', workers: 0 });
    port = await freePort();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-worker-tmp-'));
    for (const name of leftovers) await mkdir(path.join(tmp, name, 'pages'), { recursive: true });
    stack.addWorker({
      WORKER_METRICS_PORT: String(port),
      HOST: '0.0.0.0',
      TMPDIR: tmp,
    });
    await waitFor(
      'worker health',
      async () => (await status(`http://127.0.0.1:${port}/health`)) === 200,
    );
  });

  afterAll(async () => {
    await stack?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('removed the work dirs that crashed workers left in its temp dir', async () => {
    expect(await readdir(tmp)).toEqual([]);
  });

  it('answers /metrics on loopback with the operator key only', async () => {
    const url = `http://127.0.0.1:${port}/metrics`;
    expect(await status(url)).toBe(401);
    expect(await status(url, { 'X-API-Key': 'wrong-key-000000' })).toBe(401);
    expect(await status(url, { 'X-API-Key': API_KEY })).toBe(200);
  });

  it('is not reachable on the machine’s other addresses', async () => {
    const address = externalAddress();
    if (address === null) return; // a machine with loopback only: nothing else to reach
    expect(await status(`http://${address}:${port}/health`)).toMatch(/^unreachable/);
  });
});
