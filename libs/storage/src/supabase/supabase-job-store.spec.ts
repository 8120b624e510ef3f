import { randomUUID } from 'node:crypto';
import type { JobStore } from '../ports/job.repository.js';
import { FakePostgrest } from '../testing/fake-postgrest.js';
import { newJob } from '../testing/job-store.contract.js';
import { createSupabaseJobStore } from './supabase-job-store.js';
import { SupabaseStoreError } from './supabase-schema.js';

const ID = randomUUID();

function jobRow(overrides: Record<string, unknown> = {}) {
  return {
    id: ID,
    client_id: 'c',
    document_id: 'd',
    document_name: 'doc.pdf',
    task_name: '',
    status: 'queued',
    progress: 0,
    engine: 'local',
    r2_prefix: `ocr_jobs/${ID}`,
    error_message: null,
    error_code: null,
    blocks_total: 0,
    blocks_done: 0,
    blocks_failed: 0,
    attempts: 0,
    started_at: null,
    finished_at: null,
    created_at: '2025-03-01T10:00:00.123456+00:00',
    updated_at: '2025-03-01T10:00:01+00:00',
    ...overrides,
  };
}

describe('Supabase job store: requests on the wire', () => {
  const server = new FakePostgrest();
  let store: JobStore;
  beforeAll(async () => {
    store = createSupabaseJobStore({ url: await server.start(), key: 'service-key' });
  });
  afterEach(() => server.reset());
  afterAll(() => server.stop());
  const only = () => {
    expect(server.requests).toHaveLength(1);
    return server.requests[0];
  };

  it('creates a job with one POST returning the row, authenticated by the key', async () => {
    server.reply({ status: 201, body: jobRow() });
    const job = await store.jobs.create(newJob({ id: ID, clientId: 'c', documentId: 'd' }));
    const req = only();
    expect([req.method, req.path, req.query.get('select')]).toEqual(['POST', '/rest/v1/jobs', '*']);
    expect(req.headers.prefer).toContain('return=representation');
    expect(req.headers.apikey).toBe('service-key');
    expect(req.headers.authorization).toBe('Bearer service-key');
    expect(req.body).toMatchObject({
      id: ID,
      client_id: 'c',
      document_id: 'd',
      status: 'queued',
      r2_prefix: `ocr_jobs/${ID}`,
    });
    expect(job.createdAt).toEqual(new Date('2025-03-01T10:00:00.123Z'));
    expect(job).toMatchObject({ clientId: 'c', startedAt: null, attempts: 0 });
  });

  it('lists with AND-ed eq filters, newest first, as a range', async () => {
    server.reply({ body: [jobRow()] });
    const jobs = await store.jobs.list({
      clientId: 'c',
      documentId: 'd',
      status: ['queued', 'processing'],
      limit: 20,
      offset: 40,
    });
    const req = only();
    expect(req.method).toBe('GET');
    expect(req.query.get('client_id')).toBe('eq.c');
    expect(req.query.get('document_id')).toBe('eq.d');
    expect(req.query.get('status')).toBe('in.(queued,processing)');
    expect(req.query.get('order')).toBe('created_at.desc,id.desc');
    expect([req.query.get('offset'), req.query.get('limit')]).toEqual(['40', '20']);
    expect(jobs.map((j) => j.id)).toEqual([ID]);
  });

  it('guards a transition with a status filter on one PATCH and reports a lost guard as null', async () => {
    server.reply({ body: [jobRow({ status: 'paused' })] }, { body: [] });
    const won = await store.jobs.transition(ID, ['queued', 'processing'], 'paused', {
      finishedAt: new Date('2025-03-02T00:00:00Z'),
      errorMessage: null,
    });
    const lost = await store.jobs.transition(ID, ['paused'], 'queued');
    const [first, second] = server.requests;
    expect([first.method, first.path]).toEqual(['PATCH', '/rest/v1/jobs']);
    expect(first.query.get('id')).toBe(`eq.${ID}`);
    expect(first.query.get('status')).toBe('in.(queued,processing)');
    expect(first.headers.prefer).toContain('return=representation');
    expect(first.body).toEqual({
      status: 'paused',
      finished_at: '2025-03-02T00:00:00.000Z',
      error_message: null,
    });
    expect(second.query.get('status')).toBe('in.(paused)');
    expect(won?.status).toBe('paused');
    expect(lost).toBeNull();
  });

  it('increments attempts by compare-and-set on the value it read', async () => {
    server.reply(
      { body: jobRow({ attempts: 2 }) },
      { body: [jobRow({ status: 'processing', attempts: 3 })] },
    );
    const job = await store.jobs.transition(ID, ['queued'], 'processing', {
      incrementAttempts: true,
    });
    const [read, write] = server.requests;
    expect([read.method, read.query.get('id')]).toEqual(['GET', `eq.${ID}`]);
    expect(write.method).toBe('PATCH');
    expect(write.query.get('attempts')).toBe('eq.2');
    expect(write.query.get('status')).toBe('in.(queued)');
    expect(write.body).toEqual({ status: 'processing', attempts: 3 });
    expect(job?.attempts).toBe(3);
  });

  it('does not write when the read status is outside the guard', async () => {
    server.reply({ body: jobRow({ status: 'done' }) });
    expect(
      await store.jobs.transition(ID, ['queued'], 'processing', { incrementAttempts: true }),
    ).toBeNull();
    expect(only().method).toBe('GET');
  });

  it('writes progress only on a processing row', async () => {
    server.reply({ body: [{ id: ID }] });
    expect(await store.jobs.updateProgress(ID, { progress: 0.4, blocksDone: 3 })).toBe(true);
    const req = only();
    expect(req.query.get('status')).toBe('eq.processing');
    expect(req.body).toEqual({ progress: 0.4, blocks_done: 3 });
  });

  it('counts by status with exact HEAD counts', async () => {
    server.reply(
      ...Array.from({ length: 6 }, (_, i) => ({ headers: { 'content-range': `*/${i}` } })),
    );
    const counts = await store.jobs.countByStatus();
    expect(server.requests.map((r) => r.method)).toEqual(Array(6).fill('HEAD'));
    expect(server.requests.every((r) => String(r.headers.prefer).includes('count=exact'))).toBe(
      true,
    );
    const byStatus = new Map(server.requests.map((r, i) => [r.query.get('status'), i]));
    expect(counts.draft).toBe(byStatus.get('eq.draft'));
    expect(counts.paused).toBe(byStatus.get('eq.paused'));
  });

  it('upserts files, settings and block results on their unique keys', async () => {
    const fileRow = {
      job_id: ID,
      file_type: 'pdf',
      r2_key: 'k',
      file_name: 'document.pdf',
      file_size: 7,
      created_at: '2025-03-01T10:00:00Z',
      id: 1,
    };
    server.reply({ status: 201, body: fileRow }, { status: 201 }, { status: 201 });
    const file = await store.files.add({
      jobId: ID,
      fileType: 'pdf',
      objectKey: 'k',
      fileName: 'document.pdf',
      fileSize: 7,
    });
    await store.settings.upsert(ID, { textModel: 't', tableModel: '', imageModel: 'i' });
    await store.blockResults.upsert({
      jobId: ID,
      blockId: 'b',
      part: 0,
      status: 'done',
      text: 'x',
      error: null,
      engine: 'local',
      model: null,
      inputTokens: 1,
      outputTokens: 2,
    });
    const [files, settings, blocks] = server.requests;
    expect(files.query.get('on_conflict')).toBe('job_id,r2_key');
    expect(settings.query.get('on_conflict')).toBe('job_id');
    expect(blocks.query.get('on_conflict')).toBe('job_id,block_id,part');
    for (const req of server.requests) {
      expect(req.method).toBe('POST');
      expect(req.headers.prefer).toContain('resolution=merge-duplicates');
    }
    expect(settings.body).toEqual({
      job_id: ID,
      text_model: 't',
      table_model: '',
      image_model: 'i',
    });
    expect(blocks.body).toMatchObject({
      block_id: 'b',
      input_tokens: 1,
      output_tokens: 2,
      status: 'done',
    });
    expect(file).toMatchObject({ fileSize: 7, fileType: 'pdf' });
    // A strip's blocks go in one request; a key given twice is sent once, with its last row.
    const row = { jobId: ID, part: 0, status: 'done' as const, error: null, engine: null };
    const none = { model: null, inputTokens: null, outputTokens: null };
    await store.blockResults.upsertMany([
      { ...row, ...none, blockId: 'b1', text: 'old' },
      { ...row, ...none, blockId: 'b2', text: 'two' },
      { ...row, ...none, blockId: 'b1', text: 'new' },
    ]);
    const many = server.requests[3];
    expect(many.query.get('on_conflict')).toBe('job_id,block_id,part');
    expect((many.body as Array<{ block_id: string; text: string }>).map((r) => r.text)).toEqual([
      'two',
      'new',
    ]);
  });

  it('deletes by type and resets failed checkpoints with exact counts', async () => {
    server.reply({ headers: { 'content-range': '*/2' } }, { headers: { 'content-range': '*/5' } });
    expect(await store.files.deleteByType(ID, ['crop', 'result_md'])).toBe(2);
    expect(await store.blockResults.resetFailed(ID)).toBe(5);
    const [files, blocks] = server.requests;
    expect([files.method, files.query.get('file_type')]).toEqual(['DELETE', 'in.(crop,result_md)']);
    expect(files.headers.prefer).toContain('count=exact');
    expect([blocks.path, blocks.query.get('status'), blocks.query.get('job_id')]).toEqual([
      '/rest/v1/block_results',
      'eq.failed',
      `eq.${ID}`,
    ]);
  });

  it('turns PostgREST errors into thrown errors naming the operation', async () => {
    server.reply({
      status: 409,
      body: { code: '23505', message: 'duplicate key value', details: null, hint: null },
    });
    const error = await store.jobs.create(newJob()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupabaseStoreError);
    expect((error as Error).message).toMatch(/jobs\.create failed: duplicate key value \(23505\)/);
  });

  it('answers malformed ids without a request', async () => {
    expect(await store.jobs.get('../etc')).toBeNull();
    expect(await store.files.list('x')).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});
