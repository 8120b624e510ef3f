import { startApp, waitForHttp, type ServerProcess } from '../e2e/processes.js';
import { freePort, type Stack } from '../e2e/stack.js';

/** A second api process of the same stack (same database, Redis prefix and storage). */
export async function startSecondApi(stack: Stack): Promise<{ proc: ServerProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startApp('api', { ...stack.env, PORT: String(port), PUBLIC_BASE_URL: url }, 'api-b');
  await waitForHttp(`${url}/health`, proc);
  return { proc, url };
}

/** Prometheus text → the sum of one metric's samples. */
export async function metricSum(url: string, key: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { 'X-API-Key': key } })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}
