import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-database.js';

jest.setTimeout(60_000);

/**
 * Issue 14 item 10: every table has row-level security and no policy, so a role like Supabase's
 * `anon` (granted table privileges, as PostgREST roles are) sees no row and can write none, while
 * the owner the server connects as is unaffected.
 */
describe('row-level security of the migrated schema (real Postgres)', () => {
  let db: TestDatabase;
  let client: pg.Client;
  const role = `rls_probe_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase('rls');
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.query(`drop owned by ${role}`).catch(() => undefined);
    await client?.query(`drop role if exists ${role}`).catch(() => undefined);
    await client?.end();
    await db?.drop();
  });

  it('enables RLS on every table of the public schema and defines no policy', async () => {
    const { rows } = await client.query<{ relname: string; rls: boolean }>(
      `select c.relname, c.relrowsecurity as rls from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
    );
    expect(rows.map((r) => r.relname)).toEqual(
      expect.arrayContaining(['block_results', 'job_files', 'job_settings', 'jobs']),
    );
    expect(rows.filter((r) => !r.rls).map((r) => r.relname)).toEqual([]);
    const policies = await client.query("select * from pg_policies where schemaname = 'public'");
    expect(policies.rows).toEqual([]);
  });

  it('shows an API role no job and refuses its writes, while the owner reads and writes', async () => {
    const id = randomUUID();
    await client.query(
      `insert into jobs (id, client_id, document_id, document_name, status, engine, r2_prefix)
       values ($1::uuid, 'c', repeat('a', 64), 'd.pdf', 'queued', 'local', 'ocr_jobs/' || $1::text)`,
      [id],
    );
    await client.query(`create role ${role} nologin`);
    await client.query(
      `grant select, insert, update, delete on all tables in schema public to ${role}`,
    );
    await client.query(`set role ${role}`);
    try {
      expect((await client.query('select id from jobs')).rows).toEqual([]);
      expect((await client.query(`update jobs set task_name = 'x'`)).rowCount).toBe(0);
      await expect(
        client.query(
          `insert into jobs (id, client_id, document_id, document_name, status, engine, r2_prefix)
           values ($1, 'c', repeat('b', 64), 'e.pdf', 'queued', 'local', 'p')`,
          [randomUUID()],
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await client.query('reset role');
    }
    expect((await client.query('select id from jobs')).rows).toEqual([{ id }]);
  });
});
