import { jest } from '@jest/globals';
import { FakeDatalabServer, FakeOpenRouterServer } from '@remote-ocr/testing';
import { ApiClient } from '../e2e/api-client.js';
import { isFinished, waitForJob } from '../e2e/helpers.js';
import { API_KEY, Stack } from '../e2e/stack.js';
import { goodBlocks, sha256, textPdf } from './pdf-samples.js';

jest.setTimeout(180_000);

const CLIENT_KEY = 'client-log-key-7f3a9c';
const GUESSED_KEY = 'guessed-key-b81e44d0';
const OPENROUTER_KEY = 'sk-or-log-secret-5d2e91';
const DATALAB_KEY = 'dl-log-secret-a7c3f0';
const DOWNLOAD_SECRET = 'download-secret-of-the-log-spec';

/**
 * Issue 14 item 1: an e2e run with every kind of key in play (operator, client, a guessed one,
 * both engine keys, signed download links), then the captured api and worker logs are searched
 * for each value used.
 */
describe('secrets never reach the logs (built api + worker, LOG_LEVEL=debug)', () => {
  let openrouter: FakeOpenRouterServer;
  let datalab: FakeDatalabServer;
  let stack: Stack;
  const signatures: string[] = [];

  const form = (engine: string, clientId: string, pdf: Uint8Array): FormData => {
    const f = new FormData();
    f.append('client_id', clientId);
    f.append('document_id', sha256(pdf));
    f.append('document_name', `${engine}.pdf`);
    f.append('engine', engine);
    f.append('pdf', new Blob([Buffer.from(pdf)], { type: 'application/pdf' }), 'a.pdf');
    f.append('blocks_file', new Blob([JSON.stringify(goodBlocks())]), 'blocks.json');
    return f;
  };

  beforeAll(async () => {
    openrouter = await FakeOpenRouterServer.start();
    datalab = await FakeDatalabServer.start({ processingPolls: 1 });
    stack = await Stack.start({
      storage: 'disk',
      env: {
        LOG_LEVEL: 'debug',
        OPENROUTER_API_KEY: OPENROUTER_KEY,
        OPENROUTER_BASE_URL: openrouter.url,
        DATALAB_API_KEY: DATALAB_KEY,
        DATALAB_BASE_URL: datalab.origin,
        DATALAB_POLL_INTERVAL_MS: '100',
        CLIENT_API_KEYS: `${CLIENT_KEY}:logs`,
        DOWNLOAD_URL_SECRET: DOWNLOAD_SECRET,
      },
    });
    const pdf = await textPdf(2);
    const asClient = new ApiClient(stack.client.baseUrl, CLIENT_KEY);
    for (const [client, engine] of [
      [stack.client, 'openrouter'],
      [asClient, 'datalab'],
    ] as const) {
      const created = await client.request('POST', '/jobs', form(engine, 'logs', pdf));
      expect(created.status).toBe(200);
      await waitForJob(client, created.body.id, isFinished);
      const link = (await client.request('GET', `/jobs/${created.body.id}/result`)).body;
      const url = new URL(link.download_url as string);
      signatures.push(url.searchParams.get('sig')!);
      expect((await fetch(url)).status).toBe(200);
      url.searchParams.set('sig', `${url.searchParams.get('sig')!.slice(0, -4)}AAAA`);
      signatures.push(url.searchParams.get('sig')!);
      expect((await fetch(url)).status).toBe(401);
    }
    const guessed = new ApiClient(stack.client.baseUrl, GUESSED_KEY);
    expect((await guessed.request('GET', '/jobs')).status).toBe(401);
  });

  afterAll(async () => {
    await stack?.stop();
    await openrouter?.close();
    await datalab?.close();
  });

  it('wrote request logs at all (so the search below has something to search)', () => {
    const api = stack.api.output();
    expect(api).toMatch(/"url":"\/jobs"/);
    expect(api).toMatch(/"url":"\/files\/ocr_jobs\//);
  });

  it('logs none of the keys, engine keys, the download secret or link signatures', async () => {
    // Stopped first, so every line of the requests above has been written.
    await Promise.all([stack.api, ...stack.workers].map((p) => p.stop()));
    const secrets = {
      API_KEY,
      CLIENT_KEY,
      GUESSED_KEY,
      OPENROUTER_KEY,
      DATALAB_KEY,
      DOWNLOAD_SECRET,
      ...Object.fromEntries(signatures.map((s, i) => [`sig ${i}`, s])),
    };
    const found = [stack.api, ...stack.workers].flatMap((proc) =>
      Object.entries(secrets)
        .filter(([, value]) => proc.output().includes(value))
        .map(([name]) => `${proc.name}: ${name}`),
    );
    expect(found).toEqual([]);
  });
});
