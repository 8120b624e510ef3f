import { jest } from '@jest/globals';
import { verifyWebhook } from '@remote-ocr/contracts';
import { deadPort, startReceiver, type Answer } from '@remote-ocr/testing';
import { ApiClient } from './api-client.js';
import { fixture, isFinished, waitForJob, type Fixture } from './helpers.js';
import { startApp, waitFor, waitForHttp, type ServerProcess } from './processes.js';
import { API_KEY, freePort, Stack } from './stack.js';

jest.setTimeout(120_000);

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * Signed webhooks end to end (docs/webhooks.md): the built api and worker on real Redis and
 * Postgres, receivers on loopback (so this stack allows private targets), a shortened schedule.
 */
describe('signed webhooks', () => {
  let stack: Stack;
  let doc: Fixture;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    stack = await Stack.start({
      storage: 'disk',
      env: {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_RETRY_SCHEDULE_S: '0.2,0.2,0.2',
        WEBHOOK_CLAIM_IDLE_MS: '1000',
        QUEUE_LOCK_DURATION_MS: '2000',
        QUEUE_STALLED_INTERVAL_MS: '1000',
      },
    });
    doc = await fixture('11_paper_tracemonkey');
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await stack?.stop();
  });

  async function receiver(answer: Answer): Promise<Receiver> {
    const r = await startReceiver(answer);
    receivers.push(r);
    return r;
  }

  /** A one-block job (fast on the local engine) sending its webhooks to `url`. */
  async function jobWithCallback(url: string, client = stack.client) {
    return client.createJob(
      {
        client_id: 'hooks',
        document_id: doc.documentId,
        document_name: 'paper.pdf',
        callback_url: url,
      },
      doc.pdf,
      doc.blocks.slice(0, 1),
    );
  }

  async function deliveriesWhen(id: string, accept: (d: any[]) => boolean): Promise<any[]> {
    let last: unknown;
    try {
      return await waitFor(`webhook deliveries of ${id}`, async () => {
        const { body } = await stack.client.request<any[]>('GET', `/jobs/${id}/webhooks`);
        last = body;
        return accept(body) ? body : null;
      });
    } catch (error) {
      const seen = JSON.stringify(last);
      throw new Error(`${(error as Error).message}; last seen: ${seen}\n${stack.logs()}`, {
        cause: error,
      });
    }
  }

  it('retries 500 × 3 then 200 with one webhook-id; every request verifies with the secret', async () => {
    const r = await receiver((res, hit) => res.writeHead(hit <= 3 ? 500 : 200).end());
    const created = await jobWithCallback(`${r.url}/hook`);
    expect(created.status).toBe(200);
    expect(created.body.webhook_secret).toMatch(/^whsec_/);
    const job = await waitForJob(stack.client, created.body.id, isFinished);
    expect(job.status).toBe('done');

    const [delivery] = await deliveriesWhen(created.body.id, (d) => d[0]?.status === 'delivered');
    expect(delivery).toMatchObject({ event: 'job.done', attempts: 4, last_status_code: 200 });
    expect(delivery.log.map((a: any) => a.status_code)).toEqual([500, 500, 500, 200]);
    expect(r.received.map((hit) => hit.headers['webhook-id'])).toEqual(Array(4).fill(delivery.id));
    for (const hit of r.received) {
      const body = await verifyWebhook<any>(created.body.webhook_secret, hit.headers, hit.body);
      expect(body).toMatchObject({ type: 'job.done', data: { job_id: created.body.id } });
    }

    const again = await stack.client.request(
      'POST',
      `/jobs/${created.body.id}/webhooks/${delivery.id}/redeliver`,
    );
    expect(again.status).toBe(200);
    await waitFor('the redelivery', () => Promise.resolve(r.received.length === 5 || null));
    expect(r.received[4]?.headers['webhook-id']).toBe(delivery.id);
  });

  it('ends failed after the whole schedule when the receiver is down', async () => {
    const created = await jobWithCallback(`http://127.0.0.1:${await deadPort()}/hook`);
    const [delivery] = await deliveriesWhen(created.body.id, (d) => d[0]?.status === 'failed');
    expect(delivery.attempts).toBe(4);
    expect(delivery.log.map((a: any) => [a.status_code, a.outcome])).toEqual([
      [null, 'retrying'],
      [null, 'retrying'],
      [null, 'retrying'],
      [null, 'failed'],
    ]);
  });

  it('loses no delivery when the api and the worker are killed mid-delivery', async () => {
    const held: Array<() => void> = [];
    // The first request is never answered: the worker dies while it is in flight.
    const r = await receiver((res, hit) =>
      hit === 1 ? held.push(() => res.end()) : res.end('ok'),
    );
    const created = await jobWithCallback(`${r.url}/hook`);
    await waitFor('the first attempt', () => Promise.resolve(r.received.length >= 1 || null));
    await Promise.all([stack.api.stop('SIGKILL'), ...stack.workers.map((w) => w.stop('SIGKILL'))]);
    held.forEach((release) => release());
    stack.api = startApp('api', stack.env);
    await waitForHttp(`${stack.client.baseUrl}/health`, stack.api);
    stack.addWorker();

    const [delivery] = await deliveriesWhen(created.body.id, (d) => d[0]?.status === 'delivered');
    const ids = new Set(r.received.map((hit) => hit.headers['webhook-id']));
    expect(ids).toEqual(new Set([delivery.id]));
    expect(r.received.length).toBeGreaterThanOrEqual(2);
    const rows = await stack.query('select id from webhook_deliveries where job_id = $1', [
      created.body.id,
    ]);
    expect(rows).toHaveLength(1);
  });

  describe('with private targets refused (WEBHOOK_ALLOW_PRIVATE off)', () => {
    let strictApi: ServerProcess;
    let strict: ApiClient;

    beforeAll(async () => {
      const port = await freePort();
      const env = { ...stack.env, WEBHOOK_ALLOW_PRIVATE: 'false', PORT: String(port) };
      strictApi = startApp('api', env, 'strict-api');
      await waitForHttp(`http://127.0.0.1:${port}/health`, strictApi);
      strict = new ApiClient(`http://127.0.0.1:${port}`, API_KEY);
    });

    afterAll(async () => {
      await strictApi?.stop();
    });

    it.each([
      'http://127.0.0.1:9/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:9/hook',
      'http://localhost:9/hook',
      'http://10.0.0.5/hook',
      'ftp://8.8.8.8/hook',
    ])('refuses %s with a clear 400 and stores nothing', async (url) => {
      const before = await stack.query('select count(*)::int as n from jobs');
      const answer = await jobWithCallback(url, strict);
      expect(answer.status).toBe(400);
      expect(answer.body.detail).toMatch(/^callback_url refused: /);
      expect(await stack.query('select count(*)::int as n from jobs')).toEqual(before);
    });

    it('checks a draft too', async () => {
      const answer = await strict.createDraft(
        {
          client_id: 'hooks',
          document_id: doc.documentId,
          document_name: 'paper.pdf',
          callback_url: 'http://[::ffff:127.0.0.1]/',
        },
        doc.pdf,
        doc.annotation,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.detail).toContain('callback_url refused');
    });
  });
});
