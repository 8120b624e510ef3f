import { readFile } from 'node:fs/promises';
import { jest } from '@jest/globals';
import { fixture, type Fixture } from './helpers.js';
import { Stack } from './stack.js';

jest.setTimeout(120_000);

const KEY_A = 'idem-client-key-a-0001';
const KEY_B = 'idem-client-key-b-0002';

/** POST /jobs as the desktop client sends it, with an optional Idempotency-Key. */
async function postJob(
  stack: Stack,
  doc: Fixture,
  opts: { key?: string; apiKey?: string; taskName?: string; clientId?: string } = {},
) {
  const form = new FormData();
  form.set('client_id', opts.clientId ?? 'idem-client');
  form.set('document_id', doc.documentId);
  form.set('document_name', 'pdkids.pdf');
  form.set('task_name', opts.taskName ?? 'idempotent');
  form.set('engine', 'local');
  form.set('pdf', new Blob([await readFile(doc.pdf)], { type: 'application/pdf' }), 'd.pdf');
  form.set('blocks_file', new Blob([JSON.stringify(doc.blocks)]), 'blocks.json');
  const headers: Record<string, string> = {
    'X-API-Key': opts.apiKey ?? stack.env.REMOTE_OCR_API_KEY,
  };
  if (opts.key) headers['Idempotency-Key'] = opts.key;
  const res = await fetch(`${stack.client.baseUrl}/jobs`, { method: 'POST', headers, body: form });
  return { status: res.status, body: (await res.json()) as Record<string, any>, res };
}

describe('Idempotency-Key on the creating routes (real Redis and Postgres)', () => {
  let stack: Stack;
  let doc: Fixture;

  beforeAll(async () => {
    // No worker: what matters is what the api stores and answers, not the OCR.
    stack = await Stack.start({
      workers: 0,
      storage: 'disk',
      env: { CLIENT_API_KEYS: `${KEY_A}:client-a,${KEY_B}:client-b` },
    });
    doc = await fixture('12_pdkids');
  });
  afterAll(() => stack?.stop());

  const jobCount = async (taskName: string) =>
    Number(
      (await stack.query('SELECT count(*)::int AS n FROM jobs WHERE task_name = $1', [taskName]))[0]
        .n,
    );

  it('50 concurrent POST /jobs with one key make one job and 50 identical answers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => postJob(stack, doc, { key: 'burst-1', taskName: 'burst' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const bodies = new Set(answers.map((a) => JSON.stringify(a.body)));
    expect(bodies.size).toBe(1);
    expect(answers[0].body.status).toBe('queued');
    expect(await jobCount('burst')).toBe(1);
    const replayed = answers.filter((a) => a.res.headers.get('idempotent-replayed') === 'true');
    expect(replayed).toHaveLength(49);
  });

  it('the same key with a different request is refused with 422 and creates nothing', async () => {
    const first = await postJob(stack, doc, { key: 'reuse-1', taskName: 'reuse-a' });
    expect(first.status).toBe(200);
    const other = await postJob(stack, doc, { key: 'reuse-1', taskName: 'reuse-b' });
    expect(other.status).toBe(422);
    expect(other.body).toEqual({
      detail: expect.stringContaining('different request'),
      code: 'idempotency_key_reused',
    });
    expect(await jobCount('reuse-b')).toBe(0);
    const again = await postJob(stack, doc, { key: 'reuse-1', taskName: 'reuse-a' });
    expect(again.body).toEqual(first.body);
  });

  it('keeps nothing for a refused request: the key then serves a corrected one', async () => {
    const bad = await postJob(stack, doc, { key: 'refused-1', taskName: 'refused', clientId: '' });
    expect(bad.status).toBe(400);
    const good = await postJob(stack, doc, { key: 'refused-1', taskName: 'refused-ok' });
    expect(good.status).toBe(200);
    expect(await jobCount('refused-ok')).toBe(1);
  });

  it('scopes keys per client key (unscoped, the second would be a 422)', async () => {
    const a = await postJob(stack, doc, {
      key: 'shared',
      apiKey: KEY_A,
      clientId: 'client-a',
      taskName: 'scope-a',
    });
    const b = await postJob(stack, doc, {
      key: 'shared',
      apiKey: KEY_B,
      clientId: 'client-b',
      taskName: 'scope-b',
    });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('rejects a malformed key with 400', async () => {
    const bad = await postJob(stack, doc, { key: 'x'.repeat(300), taskName: 'long-key' });
    expect(bad.status).toBe(400);
    expect(await jobCount('long-key')).toBe(0);
  });

  it('replays a restart and a draft with the same key', async () => {
    const job = await postJob(stack, doc, { taskName: 'to-restart' });
    const restart = () => send(stack, `/jobs/${job.body.id}/restart`, new FormData(), 'restart-1');
    const [r1, r2] = await Promise.all([restart(), restart()]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r2.body).toEqual(r1.body);
    const [d1, d2] = await Promise.all([
      send(stack, '/jobs/draft', await draftForm(doc), 'draft-1'),
      send(stack, '/jobs/draft', await draftForm(doc), 'draft-1'),
    ]);
    expect([d1.status, d2.status]).toEqual([200, 200]);
    expect(d2.body).toEqual(d1.body);
    expect(await jobCount('a-draft')).toBe(1);
  });
});

async function send(stack: Stack, route: string, body: FormData, key: string) {
  const res = await fetch(`${stack.client.baseUrl}${route}`, {
    method: 'POST',
    headers: { 'X-API-Key': stack.env.REMOTE_OCR_API_KEY, 'Idempotency-Key': key },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function draftForm(doc: Fixture): Promise<FormData> {
  const form = new FormData();
  form.set('client_id', 'idem-client');
  form.set('document_id', doc.documentId);
  form.set('document_name', 'pdkids.pdf');
  form.set('task_name', 'a-draft');
  form.set('annotation_json', JSON.stringify(doc.annotation));
  form.set('pdf', new Blob([await readFile(doc.pdf)], { type: 'application/pdf' }), 'd.pdf');
  return form;
}
