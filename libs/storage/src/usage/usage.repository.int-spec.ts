import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { migrate } from '../migrations/migrate.js';
import { createPostgresJobStore } from '../postgres/postgres-job-store.js';
import { FakePostgrest } from '../testing/fake-postgrest.js';
import { createTestDatabase } from '../testing/pg-test-database.js';
import { newJob } from '../testing/job-store.contract.js';
import { PostgresUsageRepository } from './postgres-usage.repository.js';
import { SupabaseUsageRepository } from './supabase-usage.repository.js';
import { utcDayStart, type UsageEntry } from './usage.repository.js';

// A fresh database and its migrations: slow on a shared two-core machine.
jest.setTimeout(240_000);

const entry = (jobId: string, over: Partial<UsageEntry> = {}): UsageEntry => ({
  jobId,
  clientId: 'issue19b-client',
  engine: 'openrouter',
  model: 'a/m',
  kind: 'strip',
  blocks: 3,
  inputTokens: 1000,
  outputTokens: 100,
  costUsd: 0.25,
  pagesBilled: null,
  wallMs: 120,
  ok: true,
  ...over,
});

/** The ledger and budgets on a migrated database reached over the Postgres wire protocol. */
function describeOn(
  name: string,
  open: () => Promise<{ url: string; close: () => Promise<void> }>,
) {
  describe(`usage ledger on ${name}`, () => {
    it('sums a job by model, a client by day, keeps the ledger when the job goes, drops its cap', async () => {
      const db = await open();
      const store = createPostgresJobStore({ connectionString: db.url });
      const usage = new PostgresUsageRepository(db.url);
      try {
        const job = await store.jobs.create(newJob());
        await usage.record(entry(job.id));
        await usage.record(entry(job.id, { kind: 'image', blocks: 1, costUsd: 0.5, wallMs: 80 }));
        await usage.record(
          entry(job.id, { ok: false, inputTokens: null, outputTokens: null, costUsd: null }),
        );
        await usage.record(
          entry(job.id, {
            engine: 'datalab',
            model: 'marker:balanced',
            pagesBilled: 1,
            inputTokens: null,
            outputTokens: null,
            costUsd: 0.003,
          }),
        );
        const totals = await usage.jobTotals(job.id);
        expect(totals).toEqual([
          {
            engine: 'openrouter',
            model: 'a/m',
            calls: 3,
            failedCalls: 1,
            inputTokens: 2000,
            outputTokens: 200,
            costUsd: 0.75,
            pagesBilled: 0,
            wallMs: 320,
          },
          {
            engine: 'datalab',
            model: 'marker:balanced',
            calls: 1,
            failedCalls: 0,
            inputTokens: 0,
            outputTokens: 0,
            costUsd: 0.003,
            pagesBilled: 1,
            wallMs: 120,
          },
        ]);
        expect(await usage.clientSpentSince('issue19b-client', utcDayStart())).toBeCloseTo(
          0.753,
          9,
        );
        expect(await usage.clientSpentSince('issue19b-client', new Date(Date.now() + 60_000))).toBe(
          0,
        );
        expect(await usage.getMaxCost(job.id)).toBeNull();
        await usage.setMaxCost(job.id, 1.5);
        await usage.setMaxCost(job.id, 2.25);
        expect(await usage.getMaxCost(job.id)).toBe(2.25);
        await store.jobs.delete(job.id);
        expect(await usage.getMaxCost(job.id)).toBeNull();
        expect(await usage.jobTotals(job.id)).toHaveLength(2);
        expect(await usage.jobTotals('not-a-uuid')).toEqual([]);
      } finally {
        await usage.close();
        await store.close();
        await db.close();
      }
    });
  });
}

describeOn('Postgres', async () => {
  const db = await createTestDatabase('issue19b_usage');
  return { url: db.url, close: db.drop };
});

describeOn('the embedded PGlite', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'remote-ocr-issue19b-pglite-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  await migrate(pg.url);
  return {
    url: pg.url,
    close: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('usage ledger through PostgREST (Supabase), wire shape', () => {
  const fake = new FakePostgrest();
  let usage: SupabaseUsageRepository;
  beforeAll(async () => {
    usage = new SupabaseUsageRepository({ url: await fake.start(), key: 'service-key' });
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('inserts ledger rows and upserts caps on job_id', async () => {
    const id = randomUUID();
    fake.reply({ status: 201, body: [] }, { status: 201, body: [] });
    await usage.record(entry(id));
    await usage.setMaxCost(id, 3);
    const [insert, upsert] = fake.requests;
    expect(insert).toMatchObject({ method: 'POST', path: '/rest/v1/engine_usage' });
    expect(insert.body).toMatchObject({
      job_id: id,
      client_id: 'issue19b-client',
      cost_usd: 0.25,
      ok: true,
    });
    expect(upsert).toMatchObject({ method: 'POST', path: '/rest/v1/job_budgets' });
    expect(upsert.query.get('on_conflict')).toBe('job_id');
    expect(upsert.body).toMatchObject({ job_id: id, max_cost: 3 });
  });

  it('sums a client day page by page', async () => {
    const page = Array.from({ length: 1000 }, () => ({ cost_usd: 0.001 }));
    fake.reply({ body: page }, { body: [{ cost_usd: 0.5 }, { cost_usd: null }] });
    const spent = await usage.clientSpentSince('c', new Date('2026-12-03T00:00:00Z'));
    expect(spent).toBeCloseTo(1.5, 9);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0].query.get('client_id')).toBe('eq.c');
    expect(fake.requests[0].query.get('created_at')).toBe('gte.2026-12-03T00:00:00.000Z');
  });

  it('reads the sums of a job from its rows', async () => {
    fake.reply({
      body: [
        {
          engine: 'openrouter',
          model: 'a/m',
          input_tokens: 5,
          output_tokens: 1,
          cost_usd: 0.1,
          pages_billed: null,
          wall_ms: 9,
          ok: true,
        },
      ],
    });
    expect(await usage.jobTotals(randomUUID())).toEqual([
      {
        engine: 'openrouter',
        model: 'a/m',
        calls: 1,
        failedCalls: 0,
        inputTokens: 5,
        outputTokens: 1,
        costUsd: 0.1,
        pagesBilled: 0,
        wallMs: 9,
      },
    ]);
  });
});
