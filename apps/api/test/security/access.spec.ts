import { jest } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { signDownload } from '@remote-ocr/storage';
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import { ApiClient } from '../e2e/api-client.js';
import { isFinished, waitForJob } from '../e2e/helpers.js';
import { API_KEY, Stack } from '../e2e/stack.js';
import { goodBlocks, sha256, textPdf } from './pdf-samples.js';

jest.setTimeout(240_000);

const KEY_A = 'client-a-key-0001';
const KEY_B = 'client-b-key-0002';
const SECRET = 'download-secret-for-access-spec';
const INVALID_KEY = { detail: 'Invalid or missing X-API-Key', code: 'unauthorized' };
const BAD_LINK = /^Download link is invalid or has expired$/;

interface Route {
  method: string;
  path: string;
  body?: () => FormData | URLSearchParams;
}

/** Every route of docs/contract.md §2 plus the operational ones, aimed at a real job so a gap would answer. */
function routes(id: string, jobForm: () => FormData): Route[] {
  const form = () => new URLSearchParams({ task_name: 'hijacked' });
  return [
    { method: 'GET', path: '/jobs' },
    { method: 'GET', path: '/jobs?client_id=client-a' },
    { method: 'POST', path: '/jobs', body: jobForm },
    { method: 'POST', path: '/jobs/draft', body: jobForm },
    { method: 'GET', path: `/jobs/${id}` },
    { method: 'GET', path: `/jobs/${id}/details` },
    { method: 'GET', path: `/jobs/${id}/result` },
    { method: 'PATCH', path: `/jobs/${id}`, body: form },
    { method: 'POST', path: `/jobs/${id}/start`, body: form },
    { method: 'POST', path: `/jobs/${id}/pause` },
    { method: 'POST', path: `/jobs/${id}/resume` },
    { method: 'POST', path: `/jobs/${id}/restart` },
    { method: 'POST', path: `/jobs/${id}/retry-failed` },
    { method: 'DELETE', path: `/jobs/${id}` },
    { method: 'GET', path: `/jobs/${id}/webhooks` },
    { method: 'POST', path: `/jobs/${id}/webhooks/msg_00000000/redeliver` },
    { method: 'GET', path: '/health/ready' },
    { method: 'GET', path: '/metrics' },
    { method: 'GET', path: '/admin/queues' },
    { method: 'GET', path: '/admin/queues/api/queues' },
    { method: 'PUT', path: '/admin/queues/api/queues/ocr/clean/completed' },
  ];
}

describe('access control (built api, operator key and per-client keys)', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;
  let pdf: Uint8Array;
  let asA: ApiClient;
  let asB: ApiClient;
  let jobA: string;
  let jobB: string;

  const jobForm = (clientId: string) => (): FormData => {
    const form = new FormData();
    form.append('client_id', clientId);
    form.append('document_id', sha256(pdf));
    form.append('document_name', `${clientId}.pdf`);
    form.append('pdf', new Blob([Buffer.from(pdf)], { type: 'application/pdf' }), 'a.pdf');
    form.append('blocks_file', new Blob([JSON.stringify(goodBlocks())]), 'blocks.json');
    return form;
  };

  async function createAndFinish(client: ApiClient, clientId: string): Promise<string> {
    const created = await client.request('POST', '/jobs', jobForm(clientId)());
    expect(created.status).toBe(200);
    await waitForJob(client, created.body.id, isFinished);
    return created.body.id as string;
  }

  beforeAll(async () => {
    pdf = await textPdf(2);
    fake = await FakeOpenRouterServer.start();
    stack = await Stack.start({
      storage: 'disk',
      env: {
        OPENROUTER_API_KEY: 'sk-fake',
        OPENROUTER_BASE_URL: fake.url,
        CLIENT_API_KEYS: `${KEY_A}:client-a, ${KEY_B}:client-b`,
        DOWNLOAD_URL_SECRET: SECRET,
      },
    });
    asA = new ApiClient(stack.client.baseUrl, KEY_A);
    asB = new ApiClient(stack.client.baseUrl, KEY_B);
    jobA = await createAndFinish(asA, 'client-a');
    jobB = await createAndFinish(asB, 'client-b');
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it('refuses every route but /health without a key or with a wrong one', async () => {
    const before = await stack.query('select id, status, task_name from jobs order by id');
    const refused: string[] = [];
    const keys: Array<Record<string, string>> = [
      {},
      { 'X-API-Key': 'wrong-key-0000' },
      { 'X-API-Key': '' },
      // (surrounding blanks are not a different key: HTTP strips them from header values)
      { 'X-API-Key': API_KEY.slice(0, -1) },
      { 'X-API-Key': `${API_KEY}0` },
      { 'X-API-Key': `${KEY_A},${API_KEY}` },
      { 'X-API-Key': API_KEY.toUpperCase() },
      { Authorization: `Bearer ${API_KEY}` },
    ];
    const all = routes(jobA, jobForm('client-a'));
    for (const headers of keys) {
      for (const r of all) {
        const res = await fetch(`${stack.client.baseUrl}${r.path}`, {
          method: r.method,
          headers,
          body: r.body?.(),
        });
        const body = await res.json().catch(() => null);
        if (res.status === 401 && JSON.stringify(body) === JSON.stringify(INVALID_KEY)) continue;
        refused.push(`${JSON.stringify(headers)} ${r.method} ${r.path} → ${res.status}`);
      }
    }
    expect(refused).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(19);
    // Nothing changed behind the refusals.
    expect(await stack.query('select id, status, task_name from jobs order by id')).toEqual(before);
    const health = await fetch(`${stack.client.baseUrl}/health`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
  });

  it.each(['/admin/queues/api/queues', '/metrics'])(
    'keeps %s (server-wide data) for the operator: a client key gets 401, the operator key 200',
    async (route) => {
      const asClient = await asA.request('GET', route);
      expect(asClient).toEqual({ status: 401, body: INVALID_KEY });
      expect((await stack.client.request('GET', route)).status).toBe(200);
    },
  );

  it("lets a client see and touch only its own jobs: every route answers 404 for another's", async () => {
    const listed = (await asA.request('GET', '/jobs')).body.map((j: any) => j.id);
    expect(listed).toEqual([jobA]);
    const spying = (await asA.request('GET', '/jobs?client_id=client-b')).body.map(
      (j: any) => j.id,
    );
    expect(spying).toEqual([jobA]);
    const operator = (await stack.client.request('GET', '/jobs')).body.map((j: any) => j.id);
    expect(operator.sort()).toEqual([jobA, jobB].sort());

    const rename = () => new URLSearchParams({ task_name: 'hijacked' });
    const attempts: Array<[string, string, (FormData | URLSearchParams)?]> = [
      ['GET', `/jobs/${jobB}`],
      ['GET', `/jobs/${jobB}/details`],
      ['GET', `/jobs/${jobB}/result`],
      ['PATCH', `/jobs/${jobB}`, rename()],
      ['POST', `/jobs/${jobB}/start`],
      ['POST', `/jobs/${jobB}/pause`],
      ['POST', `/jobs/${jobB}/resume`],
      ['POST', `/jobs/${jobB}/restart`],
      ['POST', `/jobs/${jobB}/retry-failed`],
      ['GET', `/jobs/${jobB}/webhooks`],
      ['POST', `/jobs/${jobB}/webhooks/msg_00000000/redeliver`],
      ['DELETE', `/jobs/${jobB}`],
    ];
    for (const [method, route, body] of attempts) {
      expect([method, route, await asA.request(method, route, body)]).toEqual([
        method,
        route,
        { status: 404, body: { detail: 'Job not found', code: 'not_found' } },
      ]);
    }
    const b = (await asB.request('GET', `/jobs/${jobB}`)).body;
    expect(b).toMatchObject({ status: 'done', task_name: '', client_id: 'client-b' });
    expect(
      await stack.query('select count(*)::int as n from job_files where job_id = $1', [jobB]),
    ).toEqual([{ n: 5 }]);

    // The same routes work for the owner, so the 404s above are about ownership.
    expect((await asB.request('PATCH', `/jobs/${jobB}`, rename())).status).toBe(200);
    expect((await asB.request('GET', `/jobs/${jobB}/result`)).status).toBe(200);
  });

  it("refuses to create a job under another client's id", async () => {
    const res = await asA.request('POST', '/jobs', jobForm('client-b')());
    expect(res).toEqual({
      status: 400,
      body: { detail: "client_id does not match the API key's client", code: 'validation_failed' },
    });
    expect(await stack.query('select count(*)::int as n from jobs')).toEqual([{ n: 2 }]);
  });

  describe('download links of the disk store', () => {
    let url: URL;

    beforeAll(async () => {
      url = new URL((await asA.request('GET', `/jobs/${jobA}/result`)).body.download_url);
    });

    const get = async (href: string) => {
      const res = await fetch(href);
      const text = await res.text();
      return { status: res.status, detail: res.ok ? '' : (JSON.parse(text).detail as string) };
    };

    it('serve the signed object, and nothing once expires, sig or path are tampered with', async () => {
      expect((await get(url.href)).status).toBe(200);
      const later = new URL(url);
      later.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
      const forged = new URL(url);
      forged.searchParams.set('sig', `${url.searchParams.get('sig')!.slice(0, -2)}AA`);
      const other = new URL(url.href.replace(jobA, jobB));
      const noSig = new URL(url);
      noSig.searchParams.delete('sig');
      const fractional = new URL(url);
      fractional.searchParams.set('expires', `${url.searchParams.get('expires')}.0`);
      for (const tampered of [later, forged, other, noSig, fractional])
        expect(await get(tampered.href)).toEqual({
          status: 401,
          detail: expect.stringMatching(BAD_LINK),
        });
    });

    it('refuse a correctly signed link once it has expired', async () => {
      const key = `ocr_jobs/${jobA}/result.zip`;
      const past = Math.floor(Date.now() / 1000) - 1;
      const expired = `${stack.client.baseUrl}/files/${key}?expires=${past}&sig=${signDownload(key, past, SECRET)}`;
      expect(await get(expired)).toEqual({ status: 401, detail: expect.stringMatching(BAD_LINK) });
      const future = past + 600;
      const fresh = `${stack.client.baseUrl}/files/${key}?expires=${future}&sig=${signDownload(key, future, SECRET)}`;
      expect((await get(fresh)).status).toBe(200);
    });

    it('refuse a correctly signed link that claims to outlive the TTL cap (issue 14)', async () => {
      const key = `ocr_jobs/${jobA}/result.zip`;
      const forever = Math.floor(Date.now() / 1000) + 10 * 365 * 24 * 3600;
      const minted = `${stack.client.baseUrl}/files/${key}?expires=${forever}&sig=${signDownload(key, forever, SECRET)}`;
      expect(await get(minted)).toEqual({ status: 401, detail: expect.stringMatching(BAD_LINK) });
    });

    it('never read outside the store root, even with a valid signature', async () => {
      // A file next to the store root that a traversal would reach.
      await writeFile(path.join(stack.dataDir, 'outside.txt'), 'secret outside the store');
      const expires = Math.floor(Date.now() / 1000) + 600;
      const keys = [
        '../outside.txt',
        'ocr_jobs/../../outside.txt',
        '..%2Foutside.txt',
        '%2e%2e/outside.txt',
      ];
      for (const key of keys) {
        const decoded = decodeURIComponent(key);
        const sig = signDownload(decoded, expires, SECRET);
        const res = await fetch(
          `${stack.client.baseUrl}/files/${key}?expires=${expires}&sig=${sig}`,
        );
        const text = await res.text();
        expect([key, res.status >= 400 && res.status < 500]).toEqual([key, true]);
        expect(text).not.toContain('secret outside the store');
      }
      const bad = await get(`${stack.client.baseUrl}/files/%E0%A4%A?expires=${expires}&sig=x`);
      // A malformed escape never reaches the store either (express refuses to decode it).
      expect([400, 401]).toContain(bad.status);
    });
  });
});
