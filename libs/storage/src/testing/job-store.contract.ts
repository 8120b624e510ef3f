import { randomUUID } from 'node:crypto';
import { jobListItem, type JobListItem } from '@remote-ocr/contracts';
import type { JobStore, NewJob } from '../ports/job.repository.js';

/** Builds a new job with full defaults; override what a test cares about. */
export function newJob(overrides: Partial<NewJob> = {}): NewJob {
  const id = overrides.id ?? randomUUID();
  return {
    id,
    clientId: 'client-a',
    documentId: 'a'.repeat(64),
    documentName: 'drawing.pdf',
    taskName: '',
    status: 'queued',
    engine: 'local',
    r2Prefix: `ocr_jobs/${id}`,
    ...overrides,
  };
}

export interface JobStoreHarness {
  store: JobStore;
  /** Called after all tests of the suite. */
  dispose(): Promise<void>;
}

/**
 * Behaviour every JobStore must have, whatever the backend. Call inside a test file with a
 * factory giving a store on an empty schema.
 */
export function describeJobStoreContract(
  name: string,
  setup: () => Promise<JobStoreHarness>,
): void {
  describe(`JobStore contract: ${name}`, () => {
    let harness: JobStoreHarness;
    let store: JobStore;
    beforeAll(async () => {
      harness = await setup();
      store = harness.store;
    });
    afterAll(async () => {
      await harness?.dispose();
    });

    it('creates a job with defaults and reads it back', async () => {
      const created = await store.jobs.create(newJob({ taskName: 'Sheet 1' }));
      expect(created).toMatchObject({
        status: 'queued',
        progress: 0,
        attempts: 0,
        taskName: 'Sheet 1',
      });
      expect(created).toMatchObject({
        errorMessage: null,
        errorCode: null,
        startedAt: null,
        blocksTotal: 0,
      });
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(await store.jobs.get(created.id)).toEqual(created);
    });

    it('answers null for unknown and malformed ids', async () => {
      expect(await store.jobs.get(randomUUID())).toBeNull();
      expect(await store.jobs.get('not-a-uuid')).toBeNull();
      expect(await store.jobs.transition('nope', ['queued'], 'paused')).toBeNull();
      expect(await store.jobs.delete(randomUUID())).toBe(false);
    });

    it('lists with AND-combined filters, newest first, with limit and offset', async () => {
      const clientId = `list-${randomUUID()}`;
      const ids: string[] = [];
      for (const documentId of ['d1', 'd2', 'd1', 'd1']) {
        ids.push((await store.jobs.create(newJob({ clientId, documentId }))).id);
      }
      await store.jobs.create(newJob({ clientId: `${clientId}-other`, documentId: 'd1' }));
      const all = await store.jobs.list({ clientId });
      expect(all.map((j) => j.id)).toEqual([...ids].reverse());
      const d1 = await store.jobs.list({ clientId, documentId: 'd1' });
      expect(d1.map((j) => j.id)).toEqual([ids[3], ids[2], ids[0]]);
      const page = await store.jobs.list({ clientId, documentId: 'd1', limit: 1, offset: 1 });
      expect(page.map((j) => j.id)).toEqual([ids[2]]);
      await store.jobs.transition(ids[0], ['queued'], 'paused');
      const paused = await store.jobs.list({ clientId, status: ['paused', 'done'] });
      expect(paused.map((j) => j.id)).toEqual([ids[0]]);
    });

    it('serialises a list page exactly as jobListItem does, filters and paging included', async () => {
      const clientId = `json-${randomUUID()}`;
      const made: string[] = [];
      for (const documentId of ['j1', 'j2', 'j1']) {
        made.push((await store.jobs.create(newJob({ clientId, documentId }))).id);
      }
      // One running job well past the estimate threshold, one failed with a message.
      const startedAt = new Date(Date.now() - 120_000);
      await store.jobs.transition(made[0], ['queued'], 'processing', { startedAt });
      await store.jobs.updateProgress(made[0], {
        progress: 0.4,
        blocksTotal: 10,
        blocksDone: 3,
        blocksFailed: 1,
      });
      await store.jobs.transition(made[1], ['queued'], 'error', { errorMessage: 'Ошибка "x"\n' });
      const filters = [
        { clientId },
        { clientId, documentId: 'j1' },
        { clientId, limit: 1, offset: 1 },
        { clientId, status: [] },
        { clientId: `${clientId}-nobody` },
      ];
      for (const filter of filters) {
        const now = Date.now();
        const fromJson = JSON.parse(await store.jobs.listJson(filter)) as JobListItem[];
        const expected = (await store.jobs.list(filter)).map((job) => jobListItem(job, now));
        expect(fromJson.map(({ eta_seconds: _, ...rest }) => rest)).toEqual(
          expected.map(({ eta_seconds: _, ...rest }) => rest),
        );
        // The estimate depends on the clock of each side: equal within a second.
        fromJson.forEach((item, i) => {
          const want = expected[i].eta_seconds;
          if (want === null) expect(item.eta_seconds).toBeNull();
          else expect(Math.abs((item.eta_seconds ?? -99) - want)).toBeLessThanOrEqual(1);
        });
      }
      const j1 = JSON.parse(
        await store.jobs.listJson({ clientId, documentId: 'j1' }),
      ) as JobListItem[];
      expect(j1.at(-1)).toMatchObject({ id: made[0], status: 'processing', blocks_done: 3 });
      expect(j1.at(-1)?.eta_seconds).toBeGreaterThanOrEqual(175);
    });

    it('applies a guarded transition with its patch only from the allowed states', async () => {
      const job = await store.jobs.create(newJob({ status: 'draft' }));
      expect(await store.jobs.transition(job.id, ['queued', 'processing'], 'paused')).toBeNull();
      const startedAt = new Date('2025-03-01T10:00:00.000Z');
      const started = await store.jobs.transition(job.id, ['draft'], 'queued', {
        engine: 'openrouter',
        progress: 0.05,
        startedAt,
        errorMessage: 'x',
        errorCode: 'internal',
        incrementAttempts: true,
      });
      expect(started).toMatchObject({
        status: 'queued',
        engine: 'openrouter',
        progress: 0.05,
        attempts: 1,
      });
      expect(started).toMatchObject({ startedAt, errorMessage: 'x', errorCode: 'internal' });
      expect(started!.updatedAt.getTime()).toBeGreaterThanOrEqual(job.updatedAt.getTime());
      expect(await store.jobs.transition(job.id, ['draft'], 'queued')).toBeNull();
      const cleared = await store.jobs.transition(job.id, ['queued'], 'processing', {
        errorMessage: null,
      });
      expect(cleared).toMatchObject({ status: 'processing', errorMessage: null, attempts: 1 });
    });

    it('lets exactly one of several racing transitions win', async () => {
      const job = await store.jobs.create(newJob());
      const attempts = Array.from({ length: 8 }, () =>
        store.jobs.transition(job.id, ['queued'], 'processing', { incrementAttempts: true }),
      );
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await store.jobs.get(job.id)).toMatchObject({ status: 'processing', attempts: 1 });
    });

    it('writes progress only while processing', async () => {
      const job = await store.jobs.create(newJob());
      expect(await store.jobs.updateProgress(job.id, { progress: 0.5 })).toBe(false);
      await store.jobs.transition(job.id, ['queued'], 'processing');
      const patch = { progress: 0.5, blocksTotal: 10, blocksDone: 4, blocksFailed: 1 };
      expect(await store.jobs.updateProgress(job.id, patch)).toBe(true);
      expect(await store.jobs.get(job.id)).toMatchObject(patch);
      expect(await store.jobs.updateProgress(job.id, { progress: 0.6 })).toBe(true);
      expect(await store.jobs.get(job.id)).toMatchObject({ progress: 0.6, blocksDone: 4 });
    });

    it('renames a job', async () => {
      const job = await store.jobs.create(newJob());
      expect(await store.jobs.rename(job.id, 'Новое имя')).toMatchObject({ taskName: 'Новое имя' });
      expect(await store.jobs.rename(randomUUID(), 'x')).toBeNull();
    });

    it('counts jobs by status, with every status present', async () => {
      const before = await store.jobs.countByStatus();
      await store.jobs.create(newJob({ status: 'draft' }));
      const after = await store.jobs.countByStatus();
      expect(after.draft).toBe(before.draft + 1);
      expect(Object.keys(after).sort()).toEqual([
        'done',
        'draft',
        'error',
        'paused',
        'processing',
        'queued',
      ]);
    });

    it('upserts settings, one row per job', async () => {
      const job = await store.jobs.create(newJob());
      expect(await store.settings.get(job.id)).toBeNull();
      await store.settings.upsert(job.id, { textModel: 'a', tableModel: 'b', imageModel: '' });
      await store.settings.upsert(job.id, { textModel: 'c', tableModel: 'b', imageModel: 'i' });
      expect(await store.settings.get(job.id)).toEqual({
        textModel: 'c',
        tableModel: 'b',
        imageModel: 'i',
      });
    });

    it('adds, lists by type, replaces by key and deletes files', async () => {
      const job = await store.jobs.create(newJob());
      const key = (name: string) => `${job.r2Prefix}/${name}`;
      const pdf = await store.files.add({
        jobId: job.id,
        fileType: 'pdf',
        objectKey: key('document.pdf'),
        fileName: 'document.pdf',
        fileSize: 5_000_000_000,
      });
      expect(pdf).toMatchObject({ fileSize: 5_000_000_000, fileType: 'pdf' });
      expect(pdf.createdAt).toBeInstanceOf(Date);
      await store.files.add({
        jobId: job.id,
        fileType: 'crop',
        objectKey: key('crops/a.pdf'),
        fileName: 'a.pdf',
        fileSize: 1,
      });
      await store.files.add({
        jobId: job.id,
        fileType: 'crop',
        objectKey: key('crops/a.pdf'),
        fileName: 'a.pdf',
        fileSize: 2,
      });
      await store.files.add({
        jobId: job.id,
        fileType: 'result_md',
        objectKey: key('result.md'),
        fileName: 'result.md',
        fileSize: 3,
      });
      expect(await store.files.list(job.id)).toHaveLength(3);
      const crops = await store.files.list(job.id, ['crop']);
      expect(crops.map((f) => [f.objectKey, f.fileSize])).toEqual([[key('crops/a.pdf'), 2]]);
      expect(await store.files.deleteByType(job.id, ['crop', 'result_md'])).toBe(2);
      expect((await store.files.list(job.id)).map((f) => f.fileType)).toEqual(['pdf']);
    });

    it('upserts, lists and resets block results', async () => {
      const job = await store.jobs.create(newJob());
      const base = {
        jobId: job.id,
        part: 0,
        text: '',
        error: null,
        engine: 'local',
        model: null,
        inputTokens: null,
        outputTokens: null,
      };
      await store.blockResults.upsert({
        ...base,
        blockId: 'b1',
        status: 'failed',
        error: 'timeout',
      });
      await store.blockResults.upsert({
        ...base,
        blockId: 'b1',
        status: 'done',
        text: 'Текст',
        inputTokens: 10,
        outputTokens: 5,
        readMethod: 'marker-fuzzy',
        flags: ['fuzzy_marker', 'text_layer_mismatch'],
        confidence: 0.36,
      });
      await store.blockResults.upsert({
        ...base,
        blockId: 'b2',
        part: 1,
        status: 'failed',
        error: 'boom',
      });
      await store.blockResults.upsert({ ...base, blockId: 'b3', status: 'done', text: 'ok' });
      const listed = await store.blockResults.list(job.id);
      expect(listed.map((r) => [r.blockId, r.part, r.status])).toEqual([
        ['b1', 0, 'done'],
        ['b2', 1, 'failed'],
        ['b3', 0, 'done'],
      ]);
      expect(listed[0]).toMatchObject({
        text: 'Текст',
        error: null,
        inputTokens: 10,
        outputTokens: 5,
        readMethod: 'marker-fuzzy',
        flags: ['fuzzy_marker', 'text_layer_mismatch'],
      });
      expect(listed[0].confidence).toBeCloseTo(0.36, 5);
      // A result written without a reading (a failure, or an older writer) has none.
      expect(listed[1]).toMatchObject({ readMethod: null, flags: [], confidence: null });
      expect(listed[0].updatedAt).toBeInstanceOf(Date);
      expect(await store.blockResults.countFlagged(job.id, ['text_layer_mismatch'])).toBe(1);
      expect(await store.blockResults.countFlagged(job.id, ['repetition'])).toBe(0);
      expect(await store.blockResults.resetFailed(job.id)).toBe(1);
      expect((await store.blockResults.list(job.id)).map((r) => r.blockId)).toEqual(['b1', 'b3']);
      expect(await store.blockResults.resetAll(job.id)).toBe(2);
      expect(await store.blockResults.list(job.id)).toEqual([]);
    });

    it('upserts many block results in one call: new and old rows, a repeated key keeps its last', async () => {
      const job = await store.jobs.create(newJob());
      const row = (blockId: string, part: number, text: string) => ({
        jobId: job.id,
        blockId,
        part,
        status: 'done' as const,
        text,
        error: null,
        engine: 'local',
        model: null,
        inputTokens: null,
        outputTokens: null,
        confidence: 0.5,
      });
      await store.blockResults.upsert(row('b1', 0, 'first'));
      await store.blockResults.upsertMany([
        row('b1', 0, 'second'),
        row('b2', 0, 'x'),
        row('b2', 1, 'window'),
        { ...row('b2', 0, 'y'), status: 'failed', text: '', error: 'late' },
      ]);
      await store.blockResults.upsertMany([]);
      const listed = await store.blockResults.list(job.id);
      expect(listed.map((r) => [r.blockId, r.part, r.status, r.text, r.error])).toEqual([
        ['b1', 0, 'done', 'second', null],
        ['b2', 0, 'failed', '', 'late'],
        ['b2', 1, 'done', 'window', null],
      ]);
      expect(listed[1].confidence).toBeCloseTo(0.5, 5);
    });

    it('counts and resets flagged blocks with all their parts', async () => {
      const job = await store.jobs.create(newJob());
      const row = (blockId: string, part: number, flags: string[]) => ({
        jobId: job.id,
        blockId,
        part,
        status: 'done' as const,
        text: 't',
        error: null,
        engine: null,
        model: null,
        inputTokens: null,
        outputTokens: null,
        flags,
      });
      await store.blockResults.upsert(row('split', 0, ['repetition']));
      await store.blockResults.upsert(row('split', 1, []));
      await store.blockResults.upsert(row('split', 2, ['repetition']));
      await store.blockResults.upsert(row('fuzzy', 0, ['fuzzy_marker']));
      await store.blockResults.upsert(row('clean', 0, []));
      const warnings = ['repetition', 'text_layer_mismatch'];
      expect(await store.blockResults.countFlagged(job.id, warnings)).toBe(1);
      expect(await store.blockResults.resetFlagged(job.id, warnings)).toBe(1);
      const left = await store.blockResults.list(job.id);
      expect(left.map((r) => `${r.blockId}/${r.part}`)).toEqual(['clean/0', 'fuzzy/0']);
      expect(await store.blockResults.resetFlagged(job.id, warnings)).toBe(0);
    });

    it('deletes a job with its files, settings and block results', async () => {
      const job = await store.jobs.create(newJob());
      await store.settings.upsert(job.id, { textModel: 'a', tableModel: '', imageModel: '' });
      await store.files.add({
        jobId: job.id,
        fileType: 'pdf',
        objectKey: `${job.r2Prefix}/document.pdf`,
        fileName: 'document.pdf',
        fileSize: 1,
      });
      await store.blockResults.upsert({
        jobId: job.id,
        blockId: 'b',
        part: 0,
        status: 'done',
        text: 't',
        error: null,
        engine: null,
        model: null,
        inputTokens: null,
        outputTokens: null,
      });
      expect(await store.jobs.delete(job.id)).toBe(true);
      expect(await store.jobs.get(job.id)).toBeNull();
      expect(await store.files.list(job.id)).toEqual([]);
      expect(await store.settings.get(job.id)).toBeNull();
      expect(await store.blockResults.list(job.id)).toEqual([]);
      expect(await store.jobs.delete(job.id)).toBe(false);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
