import { jest } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, dropDatabase, TEST_PG_SERVER } from '../testing/pg-test-database.js';
import { ensureDatabase, migrate } from './migrate.js';
import { defaultMigrationsDir } from './migrations-dir.js';

// The workspace runs jest in projects mode, where the preset's testTimeout is not applied.
jest.setTimeout(60_000);

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by 1",
    );
    return rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
}

describe('migrate', () => {
  it('finds the repository migrations from the sources', () => {
    expect(defaultMigrationsDir()).toMatch(/supabase\/migrations$/);
  });

  it('creates the schema once even when several processes migrate at the same time', async () => {
    const db = await createTestDatabase('migrate', { migrated: false });
    try {
      const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
      const appliedCounts = results.map((r) => r.applied.length).sort();
      expect(appliedCounts.slice(0, 2)).toEqual([0, 0]);
      expect(appliedCounts[2]).toBeGreaterThan(0);
      expect(await tables(db.url)).toEqual(
        expect.arrayContaining([
          'block_results',
          'job_files',
          'job_settings',
          'jobs',
          'remote_ocr_migrations',
        ]),
      );
      const again = await migrate(db.url);
      expect(again.applied).toEqual([]);
      expect(again.skipped).toEqual(results.find((r) => r.applied.length > 0)!.applied);
    } finally {
      await db.drop();
    }
  });

  it('applies files in name order, rolls back a failing one and refuses edited history', async () => {
    const db = await createTestDatabase('order', { migrated: false });
    const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    try {
      await writeFile(join(dir, '002_b.sql'), 'alter table t add column b int;');
      await writeFile(join(dir, '001_a.sql'), 'create table t (a int);');
      await writeFile(join(dir, '003_bad.sql'), 'create table u (x int); select nope();');
      await writeFile(join(dir, 'README.md'), 'not a migration');
      await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(/003_bad\.sql failed/);
      expect(await tables(db.url)).toEqual(['remote_ocr_migrations', 't']);
      await rm(join(dir, '003_bad.sql'));
      expect(await migrate(db.url, { migrationsDir: dir })).toEqual({
        applied: [],
        skipped: ['001_a.sql', '002_b.sql'],
      });
      await writeFile(join(dir, '001_a.sql'), 'create table t (a bigint);');
      await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(/001_a\.sql changed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await db.drop();
    }
  });

  it('accepts a pool it does not end', async () => {
    const db = await createTestDatabase('pool', { migrated: false });
    const pool = new pg.Pool({ connectionString: db.url });
    try {
      expect((await migrate(pool)).applied.length).toBeGreaterThan(0);
      const { rows } = await pool.query<{ n: string }>('select count(*) as n from jobs');
      expect(rows[0].n).toBe('0');
    } finally {
      await pool.end();
      await db.drop();
    }
  });
});

describe('ensureDatabase', () => {
  it('creates a missing database once, also when raced', async () => {
    const name = `remote_ocr_test_ensure_${Date.now().toString(36)}`;
    const url = `${TEST_PG_SERVER}/${name}`;
    try {
      const created = await Promise.all([ensureDatabase(url), ensureDatabase(url)]);
      expect(created.filter(Boolean)).toHaveLength(1);
      expect(await ensureDatabase(url)).toBe(false);
      expect(await tables(url)).toEqual([]);
    } finally {
      await dropDatabase(name);
    }
  });
});
