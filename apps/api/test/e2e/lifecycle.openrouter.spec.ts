import { jest } from '@jest/globals';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { blockMarker } from '@remote-ocr/ocr-core';
import {
  FakeOpenRouterServer,
  defaultAnswer,
  markersInPrompt,
  markersOfCall,
} from '@remote-ocr/testing';
import { downloadResultZip, fixture, isFinished, waitForJob, type Fixture } from './helpers.js';
import { waitFor } from './processes.js';
import { Stack } from './stack.js';

jest.setTimeout(240_000);

async function listKeys(stack: Stack, prefix: string): Promise<string[]> {
  const s3 = stack.s3!;
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    const out = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key!).sort();
  } finally {
    client.destroy();
  }
}

describe('job lifecycle over HTTP with the OpenRouter engine (built api + worker processes)', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;
  let paper: Fixture;

  beforeAll(async () => {
    paper = await fixture('11_paper_tracemonkey');
    fake = await FakeOpenRouterServer.start({ latencyMs: 50 });
    stack = await Stack.start({
      env: {
        OPENROUTER_API_KEY: 'sk-fake',
        OPENROUTER_BASE_URL: fake.url,
        OPENROUTER_ALLOWED_MODELS: 'vendor/model-x',
        // The model engine itself, not `auto` (the default with a key): every block goes to it.
        DEFAULT_ENGINE: 'openrouter',
        JOB_ENGINE_CONCURRENCY: '1',
        STRIP_MAX_HEIGHT: '1500',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  const fields = () => ({
    client_id: 'desktop-e2e',
    document_id: paper.documentId,
    document_name: 'tracemonkey.pdf',
    task_name: 'first pass',
  });

  it('creates, runs and publishes a job the way the desktop client drives it', async () => {
    const { client } = stack;
    const before = await client.request('GET', `/jobs?document_id=${paper.documentId}`);
    expect(before).toEqual({ status: 200, body: [] });

    const created = await client.createJob(fields(), paper.pdf, paper.blocks);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      status: 'queued',
      progress: 0,
      document_id: paper.documentId,
      task_name: 'first pass',
    });
    const id: string = created.body.id;

    const listed = await client.request(
      'GET',
      `/jobs?document_id=${paper.documentId}&client_id=desktop-e2e`,
    );
    expect(listed.body.map((j: any) => j.id)).toEqual([id]);
    expect(listed.body[0].created_at).toMatch(/Z$/);

    const done = await waitForJob(client, id, isFinished).catch((e: Error) => {
      throw new Error(`${e.message}\n${stack.logs()}`);
    });
    expect(done).toMatchObject({
      status: 'done',
      progress: 1,
      error_message: null,
      r2_prefix: `ocr_jobs/${id}`,
      engine: 'openrouter',
    });
    expect(done.blocks_total).toBe(paper.blocks.length);
    expect(done.blocks_done).toBe(paper.blocks.length);

    const details = (await client.request('GET', `/jobs/${id}/details`)).body;
    expect(details.block_stats).toEqual({ total: 14, text: 10, table: 2, image: 2, grouped: 12 });
    const paths = details.r2_files.map((f: any) => f.path).sort();
    const crops = paper.blocks
      .filter((b) => b.block_type === 'image')
      .map((b) => `crops/image_${b.id}.pdf`);
    expect(paths).toEqual(
      [
        'annotation.json',
        'blocks.json',
        'document.pdf',
        'result.md',
        'result.zip',
        ...crops,
      ].sort(),
    );
    expect(await listKeys(stack, `ocr_jobs/${id}/`)).toEqual(
      paths.map((p: string) => `ocr_jobs/${id}/${p}`).sort(),
    );

    const zip = await downloadResultZip(client, id);
    expect(
      Object.keys(zip.files)
        .filter((n) => !n.endsWith('/'))
        .sort(),
    ).toEqual(['annotation.json', 'document.pdf', 'result.md', ...crops].sort());
    const md = await zip.file('result.md')!.async('string');
    for (const block of paper.blocks) expect(md).toContain(`[[[BLOCK_ID: ${block.id}]]]`);
    const annotation = JSON.parse(await zip.file('annotation.json')!.async('string'));
    const outBlocks = annotation.pages.flatMap((p: any) => p.blocks);
    expect(outBlocks).toHaveLength(14);
    expect(
      outBlocks.every((b: any) => typeof b.ocr_text === 'string' && b.ocr_text.length > 0),
    ).toBe(true);

    const renamed = await client.request(
      'PATCH',
      `/jobs/${id}`,
      client.form({ task_name: 'renamed' }),
    );
    expect(renamed).toEqual({ status: 200, body: { ok: true, job_id: id, task_name: 'renamed' } });
  });

  it('pauses mid-job within 2 s, resumes from the checkpoint without redoing finished blocks', async () => {
    const { client } = stack;
    fake.defaultBehaviour = { kind: 'answer', latencyMs: 1200 };
    const callsBefore = fake.calls().length;
    const { body } = await client.createJob(
      { ...fields(), task_name: 'pause me' },
      paper.pdf,
      paper.blocks,
    );
    const id: string = body.id;
    await waitFor('two finished engine calls', () =>
      Promise.resolve(fake.calls().filter((c) => c.seq > callsBefore && c.finishedAt).length >= 2),
    );

    const paused = await client.request('POST', `/jobs/${id}/pause`);
    expect(paused).toEqual({ status: 200, body: { ok: true, job_id: id, status: 'paused' } });
    // Within 2 s the run has stopped: nothing in flight, and no new calls afterwards.
    await new Promise((r) => setTimeout(r, 2000));
    expect(fake.calls().filter((c) => c.finishedAt === undefined)).toEqual([]);
    const callsAtPause = fake.calls().length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.calls().length).toBe(callsAtPause);
    const checkpointed = await stack.query<{ block_id: string }>(
      `select block_id from block_results where job_id = $1 and part = 0 and status = 'done'`,
      [id],
    );
    expect(checkpointed.length).toBeGreaterThan(0);
    const seqAtPause = Math.max(...fake.calls().map((c) => c.seq));

    expect((await client.request('POST', `/jobs/${id}/pause`)).status).toBe(400);
    fake.defaultBehaviour = { kind: 'answer', latencyMs: 20 };
    const resumed = await client.request('POST', `/jobs/${id}/resume`);
    expect(resumed).toEqual({ status: 200, body: { ok: true, job_id: id, status: 'queued' } });
    const done = await waitForJob(client, id, isFinished);
    expect(done.status).toBe('done');
    // The resumed run sent only blocks without a checkpoint: no finished block's marker again.
    const finished = new Set(checkpointed.map((r) => blockMarker(r.block_id)));
    const later = fake
      .calls()
      .filter((c) => c.seq > seqAtPause)
      .flatMap(markersOfCall);
    expect(later.length).toBeGreaterThan(0);
    expect(later.filter((m) => finished.has(m))).toEqual([]);
    expect((await client.request('POST', `/jobs/${id}/resume`)).body.detail).toBe(
      'Job is not paused, status: done',
    );
  });

  it('restarts with new blocks, runs a started draft, deletes every row and object', async () => {
    const { client } = stack;
    const { body } = await client.createJob(
      { ...fields(), task_name: 'restart me' },
      paper.pdf,
      paper.blocks,
    );
    const id: string = body.id;
    await waitForJob(client, id, isFinished);
    const subset = paper.blocks.filter((b) => b.block_type === 'text').slice(0, 3);
    const restarted = await client.restart(id, subset);
    expect(restarted).toEqual({ status: 200, body: { ok: true, job_id: id, status: 'queued' } });
    await waitForJob(client, id, (j) => j.status === 'done' && j.blocks_total === 3);
    const zip = await downloadResultZip(client, id);
    const annotation = JSON.parse(await zip.file('annotation.json')!.async('string'));
    expect(
      annotation.pages
        .flatMap((p: any) => p.blocks)
        .map((b: any) => b.id)
        .sort(),
    ).toEqual(subset.map((b) => b.id).sort());
    const rows = await stack.query(
      `select block_id from block_results where job_id = $1 and part = 0`,
      [id],
    );
    expect(rows.map((r) => r.block_id).sort()).toEqual(subset.map((b) => b.id).sort());

    const draft = await client.createDraft(
      { ...fields(), task_name: 'draft' },
      paper.pdf,
      paper.annotation,
    );
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({
      status: 'draft',
      progress: 0,
      r2_prefix: `ocr_jobs/${draft.body.id}`,
    });
    const started = await client.request(
      'POST',
      `/jobs/${draft.body.id}/start`,
      client.form({ engine: 'openrouter', text_model: 'vendor/model-x' }),
    );
    expect(started).toEqual({
      status: 200,
      body: { ok: true, job_id: draft.body.id, status: 'queued' },
    });
    expect((await client.request('POST', `/jobs/${draft.body.id}/start`)).body.detail).toMatch(
      /^Job is not a draft, status: /,
    );
    const ran = await waitForJob(client, draft.body.id, isFinished);
    expect(ran).toMatchObject({ status: 'done', blocks_done: 14 });
    const details = (await client.request('GET', `/jobs/${draft.body.id}/details`)).body;
    expect(details.job_settings).toEqual({
      text_model: 'vendor/model-x',
      table_model: '',
      image_model: '',
    });
    const models = fake
      .calls()
      .slice(-14)
      .map((c) => JSON.parse(c.body.toString()).model);
    expect(models).toContain('vendor/model-x');

    for (const jobId of [id, draft.body.id]) {
      expect(await client.request('DELETE', `/jobs/${jobId}`)).toEqual({
        status: 200,
        body: { ok: true, deleted_job_id: jobId },
      });
      expect(await client.request('GET', `/jobs/${jobId}`)).toEqual({
        status: 404,
        body: { detail: 'Job not found', code: 'not_found' },
      });
      expect(await listKeys(stack, `ocr_jobs/${jobId}/`)).toEqual([]);
      for (const table of ['jobs', 'job_files', 'job_settings', 'block_results']) {
        const column = table === 'jobs' ? 'id' : 'job_id';
        expect(await stack.query(`select 1 from ${table} where ${column} = $1`, [jobId])).toEqual(
          [],
        );
      }
    }
  });

  it('refuses bad requests before storing anything', async () => {
    const { client } = stack;
    const jobsBefore = await stack.query('select count(*)::int as n from jobs');
    const noKey = await fetch(`${client.baseUrl}/jobs`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({
      detail: 'Invalid or missing X-API-Key',
      code: 'unauthorized',
    });
    const wrongId = await client.createJob(
      { ...fields(), document_id: 'a'.repeat(64) },
      paper.pdf,
      paper.blocks,
    );
    expect(wrongId.status).toBe(400);
    expect(wrongId.body.detail).toMatch(/document_id does not match/);
    const noEngine = await client.createJob(
      { ...fields(), engine: 'datalab' },
      paper.pdf,
      paper.blocks,
    );
    expect(noEngine.status).toBe(400);
    expect(noEngine.body.detail).toMatch(/datalab/);
    const badBlocks = await client.createJob(fields(), paper.pdf, [
      { ...paper.blocks[0], page_index: 99 },
    ]);
    expect(badBlocks.status).toBe(400);
    expect(badBlocks.body.detail).toMatch(/page/i);
    expect(await stack.query('select count(*)::int as n from jobs')).toEqual(jobsBefore);
  });

  it('serves Swagger UI and an OpenAPI document with the multipart forms', async () => {
    const ui = await fetch(`${stack.client.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger-ui/i);
    const doc: any = await (await fetch(`${stack.client.baseUrl}/docs-json`)).json();
    const create = doc.paths['/jobs'].post.requestBody.content['multipart/form-data'].schema;
    const schema = create.$ref ? doc.components.schemas[create.$ref.split('/').pop()] : create;
    expect(schema.properties.pdf).toMatchObject({ type: 'string', format: 'binary' });
    expect(schema.properties.blocks_file).toMatchObject({ type: 'string', format: 'binary' });
    expect(schema.required).toEqual(
      expect.arrayContaining(['client_id', 'document_id', 'document_name']),
    );
    for (const route of [
      '/jobs/{id}',
      '/jobs/{id}/details',
      '/jobs/{id}/result',
      '/jobs/{id}/pause',
      '/jobs/{id}/resume',
      '/jobs/{id}/restart',
      '/jobs/{id}/start',
      '/jobs/draft',
      '/jobs/{id}/retry-failed',
    ]) {
      expect(doc.paths).toHaveProperty([route]);
    }
    expect(doc.components.securitySchemes['api-key']).toMatchObject({
      type: 'apiKey',
      name: 'X-API-Key',
      in: 'header',
    });
  });

  it('records blocks the answer left out as failed, then retry-failed re-runs only those', async () => {
    const { client } = stack;
    let forgotten: string | null = null;
    let forgetting = true;
    fake.defaultBehaviour = { kind: 'answer', latencyMs: 10 };
    // While `forgetting`, the model leaves out the first block of the first multi-block strip,
    // also in the smaller strips that block is re-sent in (down to an empty one-block answer).
    fake.answer = (call) => {
      const markers = markersInPrompt(call.user);
      const leaveOut = forgotten === null ? markers.length > 1 : markers.includes(forgotten);
      if (forgetting && leaveOut) {
        forgotten ??= markers[0];
        const kept = markers.filter((m) => m !== forgotten);
        return kept.map((m) => `BLOCK: ${m}\ntext of ${m}`).join('\n\n');
      }
      return defaultAnswer(call);
    };
    try {
      const { body } = await client.createJob(
        { ...fields(), task_name: 'retry me' },
        paper.pdf,
        paper.blocks,
      );
      const first = await waitForJob(client, body.id, isFinished);
      expect(first).toMatchObject({
        status: 'done',
        blocks_failed: 1,
        error_message: '1 of 14 blocks failed',
      });
      const before = fake.calls().length;
      forgetting = false;
      const retried = await client.request('POST', `/jobs/${body.id}/retry-failed`);
      expect(retried).toEqual({
        status: 200,
        body: { ok: true, job_id: body.id, status: 'queued' },
      });
      const second = await waitForJob(
        client,
        body.id,
        (j) => isFinished(j) && j.blocks_failed === 0,
      );
      expect(second).toMatchObject({ status: 'done', error_message: null, blocks_done: 14 });
      const stripCalls = fake
        .calls()
        .slice(before)
        .filter((c) => c.body.toString().includes('BLOCK:'));
      expect(stripCalls).toHaveLength(1);
      expect(stripCalls[0].body.toString()).toContain(forgotten);
      expect((await client.request('POST', `/jobs/${body.id}/retry-failed`)).body.detail).toBe(
        'Job has no failed blocks',
      );
    } finally {
      fake.answer = defaultAnswer;
    }
  });
});
