import { jest } from '@jest/globals';
import { Stack } from '../e2e/stack.js';

jest.setTimeout(120_000);

/**
 * Issue 14 (extras): readiness names which service is down with a stable word, never the
 * driver's text (hosts, ports, paths of the deployment).
 */
describe('/health/ready answers stable messages (built api, S3 store stopped)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ workers: 0 });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('says the storage is unavailable without quoting the error', async () => {
    expect(await stack.client.request('GET', '/health/ready')).toEqual({
      status: 200,
      body: { ok: true, checks: { redis: 'ok', database: 'ok', storage: 'ok' } },
    });
    const endpoint = new URL(stack.env.S3_ENDPOINT);
    await stack.s3!.stop();
    stack.s3 = null;
    const down = await stack.client.request('GET', '/health/ready');
    expect(down).toEqual({
      status: 503,
      body: { ok: false, checks: { redis: 'ok', database: 'ok', storage: 'unavailable' } },
    });
    expect(JSON.stringify(down.body)).not.toContain(endpoint.port);
  });
});
