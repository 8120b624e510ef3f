import { jest } from '@jest/globals';
import { WEBHOOK_QUEUE, newWebhookSecret, verifyWebhook } from '@remote-ocr/contracts';
import { Queue } from 'bullmq';
import { startReceiver, type Answer } from '@remote-ocr/testing';
import { Redis } from 'ioredis';
import { ApiClient } from './api-client.js';
import { fixture, isFinished, waitForJob, type Fixture } from './helpers.js';
import { startApp, waitFor, waitForHttp, type ServerProcess } from './processes.js';
import { API_KEY, freePort, Stack } from './stack.js';

jest.setTimeout(240_000);

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
const CLIENT_KEY = 'client-key-issue17';
const INTERVAL_S = 2;

/**
 * Operator webhook endpoints end to end (docs/webhooks.md): the built api and worker on real
 * Redis and Postgres, receivers on loopback. Event selection per client, `job.progress`
 * throttling, secret rotation with an overlap, 410 disabling, and refused inputs.
 */
describe('operator webhook endpoints', () => {
  let stack: Stack;
  let doc: Fixture;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    stack = await Stack.start({
      storage: 'disk',
      env: {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_RETRY_SCHEDULE_S: '0.2,0.2',
        CLIENT_API_KEYS: `${CLIENT_KEY}:acme`,
        WEBHOOK_ENDPOINTS: JSON.stringify([
          {
            id: 'static',
            url: 'http://127.0.0.1:9/static',
            client_id: 'nobody',
            events: ['job.done'],
            secret: newWebhookSecret(),
          },
        ]),
      },
    });
    doc = await fixture('11_paper_tracemonkey');
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await stack?.stop();
  });

  async function receiver(answer: Answer = (res) => res.end('ok')): Promise<Receiver> {
    const r = await startReceiver(answer);
    receivers.push(r);
    return r;
  }

  async function call(method: string, route: string, body?: object, key = API_KEY) {
    const res = await fetch(`${stack.client.baseUrl}${route}`, {
      method,
      headers: { 'X-API-Key': key, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  async function endpoint(body: object) {
    const created = await call('POST', '/webhooks', body);
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    return created.body as { id: string; secret: string };
  }

  async function job(clientId: string, blocks = 1) {
    const fields = { client_id: clientId, document_id: doc.documentId, document_name: 'p.pdf' };
    const created = await stack.client.createJob(fields, doc.pdf, doc.blocks.slice(0, blocks));
    expect(created.status).toBe(200);
    return (await waitForJob(stack.client, created.body.id, isFinished)) as { id: string };
  }

  const types = (r: Receiver) => r.received.map((hit) => JSON.parse(hit.body).type as string);

  it('sends each endpoint only its events of its client, job.progress throttled', async () => {
    const progress = await receiver();
    const doneOnly = await receiver();
    const otherClient = await receiver();
    const a = await endpoint({
      url: `${progress.url}/p`,
      client_id: 'ep-a',
      events: ['job.progress', 'job.done'],
      progress_interval_s: INTERVAL_S,
    });
    await endpoint({ url: `${doneOnly.url}/d`, events: ['job.done'], client_id: 'ep-a' });
    await endpoint({ url: `${otherClient.url}/o`, events: ['job.done'], client_id: 'ep-b' });
    const done = await job('ep-a', 6);

    await waitFor('job.done at both', () =>
      Promise.resolve(types(progress).includes('job.done') && doneOnly.received.length >= 1),
    );
    // The last throttled progress leaves at the end of its interval.
    await new Promise((resolve) => setTimeout(resolve, (INTERVAL_S + 1.5) * 1000));
    expect(types(doneOnly)).toEqual(['job.done']);
    expect(otherClient.received).toEqual([]);
    for (const hit of progress.received) await verifyWebhook(a.secret, hit.headers, hit.body);

    const redis = new Redis(stack.env.REDIS_URL);
    const entries = await redis.xrange(`${stack.env.QUEUE_PREFIX}:events:job:${done.id}`, '-', '+');
    redis.disconnect();
    const published = entries
      .map(([, fields]) => JSON.parse(fields[fields.indexOf('e') + 1]))
      .filter((e) => e.name === 'progress');
    const sent = progress.received
      .map((hit) => ({ id: String(hit.headers['webhook-id']), body: JSON.parse(hit.body) }))
      .filter((hit) => hit.body.type === 'job.progress');
    expect(published.length).toBeGreaterThan(sent.length);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    // The throttle spaces the moments deliveries are due (BullMQ: added at + delay) by the
    // interval; arrival adds each send's own pickup and request latency on top.
    const queue = new Queue(WEBHOOK_QUEUE, {
      connection: { url: stack.env.REDIS_URL },
      prefix: stack.env.QUEUE_PREFIX,
    });
    const due: number[] = [];
    for (const hit of sent) {
      const queued = await queue.getJob(hit.id);
      due.push(queued!.timestamp + (queued!.opts.delay ?? 0));
    }
    await queue.close();
    for (let i = 1; i < due.length; i++) {
      expect(due[i] - due[i - 1]).toBeGreaterThanOrEqual(INTERVAL_S * 1000);
    }
    // The last state wins: the last progress sent is the last one published.
    expect(sent.at(-1)!.body.data).toEqual(published.at(-1).data);
  });

  it('signs with both secrets during a rotation overlap, then with the new one only', async () => {
    const r = await receiver();
    const ep = await endpoint({ url: `${r.url}/r`, events: ['job.done'], client_id: 'rot' });
    const rotated = await call('POST', `/webhooks/${ep.id}/rotate-secret`, { overlap_s: 3600 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(ep.secret);
    const done = await job('rot');
    await waitFor('the delivery', () => Promise.resolve(r.received.length >= 1));
    const [first] = r.received;
    expect(String(first.headers['webhook-signature']).split(' ')).toHaveLength(2);
    await expect(verifyWebhook(ep.secret, first.headers, first.body)).resolves.toBeTruthy();
    await expect(
      verifyWebhook(rotated.body.secret, first.headers, first.body),
    ).resolves.toBeTruthy();

    const again = await call('POST', `/webhooks/${ep.id}/rotate-secret`, { overlap_s: 0 });
    const delivery = await waitFor('delivered', async () => {
      const { body } = await stack.client.request<any[]>('GET', `/jobs/${done.id}/webhooks`);
      return body.find((d) => d.url === `${r.url}/r` && d.status === 'delivered');
    });
    await stack.client.request('POST', `/jobs/${done.id}/webhooks/${delivery.id}/redeliver`);
    await waitFor('the redelivery', () => Promise.resolve(r.received.length >= 2));
    const second = r.received[1];
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    await expect(
      verifyWebhook(again.body.secret, second.headers, second.body),
    ).resolves.toBeTruthy();
    await expect(verifyWebhook(rotated.body.secret, second.headers, second.body)).rejects.toThrow();
    const listed = await call('GET', '/webhooks');
    expect(JSON.stringify(listed.body)).not.toMatch(/whsec_/);
  });

  it('disables an endpoint that answers 410 Gone, visible in GET', async () => {
    const r = await receiver((res) => res.writeHead(410).end());
    const ep = await endpoint({ url: `${r.url}/g`, events: ['job.done'], client_id: 'gone' });
    const done = await job('gone');
    const shown = await waitFor('disabled', async () => {
      const got = await call('GET', `/webhooks/${ep.id}`);
      return got.body.disabled_at ? got.body : null;
    });
    expect(shown.disabled_reason).toMatch(/410/);
    const deliveries = await stack.client.request<any[]>('GET', `/jobs/${done.id}/webhooks`);
    expect(deliveries.body.map((d) => [d.status, d.last_status_code])).toEqual([['gone', 410]]);
    expect(r.received).toHaveLength(1);
  });

  it('shows WEBHOOK_ENDPOINTS entries read-only and without their secret', async () => {
    const listed = await call('GET', '/webhooks');
    const fixed = listed.body.find((e: any) => e.id === 'ep_env_static');
    expect(fixed).toMatchObject({ source: 'env', client_id: 'nobody', events: ['job.done'] });
    expect(fixed).not.toHaveProperty('secret');
    const patched = await call('PATCH', '/webhooks/ep_env_static', { events: ['job.error'] });
    expect(patched.status).toBe(400);
    expect(patched.body.detail).toMatch(/WEBHOOK_ENDPOINTS/);
  });

  describe('refused inputs store nothing', () => {
    let strictApi: ServerProcess;
    let strictUrl: string;

    beforeAll(async () => {
      const port = await freePort();
      const env = { ...stack.env, WEBHOOK_ALLOW_PRIVATE: 'false', PORT: String(port) };
      strictApi = startApp('api', env, 'strict-api');
      strictUrl = `http://127.0.0.1:${port}`;
      await waitForHttp(`${strictUrl}/health`, strictApi, 120_000);
    });

    afterAll(() => strictApi?.stop());

    const count = async () =>
      (await stack.query('select count(*)::int as n from webhook_endpoints'))[0].n;

    it.each([
      ['not a URL', { url: 'nope', events: ['job.done'] }, /^url refused: /],
      ['an unknown event', { url: 'http://127.0.0.1:9/', events: ['job.eaten'] }, /job\.eaten/],
      ['no events', { url: 'http://127.0.0.1:9/', events: [] }, /events/],
      [
        'a bad interval',
        { url: 'http://127.0.0.1:9/', events: ['job.done'], progress_interval_s: 0 },
        /progress_interval_s/,
      ],
      [
        'an unknown field',
        { url: 'http://127.0.0.1:9/', events: ['job.done'], secret: 'x' },
        /secret/,
      ],
    ])('400 for %s', async (_, body, detail) => {
      const before = await count();
      const answer = await call('POST', '/webhooks', body);
      expect(answer.status).toBe(400);
      expect(answer.body.detail).toMatch(detail);
      expect(await count()).toBe(before);
    });

    it('403 for a client key, 401 for none', async () => {
      const body = { url: 'http://127.0.0.1:9/', events: ['job.done'] };
      const before = await count();
      expect((await call('POST', '/webhooks', body, CLIENT_KEY)).status).toBe(403);
      expect((await call('GET', '/webhooks', undefined, CLIENT_KEY)).status).toBe(403);
      expect((await call('POST', '/webhooks', body, 'wrong-key-123')).status).toBe(401);
      expect(await count()).toBe(before);
    });

    it.each(['http://127.0.0.1:9/hook', 'http://169.254.169.254/', 'http://localhost:9/'])(
      'refuses %s when private targets are off',
      async (url) => {
        const before = await count();
        const strict = new ApiClient(strictUrl, API_KEY);
        const res = await fetch(`${strict.baseUrl}/webhooks`, {
          method: 'POST',
          headers: { 'X-API-Key': API_KEY, 'content-type': 'application/json' },
          body: JSON.stringify({ url, events: ['job.done'] }),
        });
        expect(res.status).toBe(400);
        expect(((await res.json()) as any).detail).toMatch(/^url refused: /);
        expect(await count()).toBe(before);
      },
    );
  });
});
