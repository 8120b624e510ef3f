import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { defaultMigrationsDir } from './migrations-dir.js';

/** Arbitrary constant identifying our migration lock among other advisory locks. */
const MIGRATION_LOCK_KEY = 7_316_040_421;
const MIGRATION_FILE = /^\d+_[\w-]+\.sql$/;

export interface MigrateOptions {
  /** Defaults to the repository's `supabase/migrations` (or the copy shipped in `dist/`). */
  migrationsDir?: string;
  /** Table recording applied migrations. */
  table?: string;
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/**
 * Applies pending SQL migrations in file-name order, each in its own transaction, recording them
 * in a table. Holds a session advisory lock for the whole run so processes starting together
 * apply every migration exactly once (the others wait, then find nothing to do).
 */
export async function migrate(
  target: pg.Pool | string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const files = await readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const table = pg.escapeIdentifier(options.table ?? 'remote_ocr_migrations');
  const session = await openSession(target);
  try {
    await session.client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await applyPending(session.client, table, files);
    } finally {
      await session.client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await session.close();
  }
}

/**
 * One connection for the whole run (session advisory locks belong to a connection). For a URL we
 * use a bare Client rather than a Pool: `client.end()` resolves only once the server has let go.
 */
async function openSession(
  target: pg.Pool | string,
): Promise<{ client: pg.ClientBase; close(): Promise<void> }> {
  if (typeof target !== 'string') {
    const client = await target.connect();
    return { client, close: () => Promise.resolve(client.release()) };
  }
  const client = new pg.Client({ connectionString: target });
  client.on('error', () => undefined); // a dropped idle connection must not crash the process
  await client.connect();
  return { client, close: () => client.end() };
}

async function applyPending(
  client: pg.ClientBase,
  table: string,
  files: MigrationFile[],
): Promise<MigrateResult> {
  await client.query(
    `create table if not exists ${table} (
       name text primary key, checksum text not null, applied_at timestamptz not null default now())`,
  );
  const { rows } = await client.query<{ name: string; checksum: string }>(
    `select name, checksum from ${table}`,
  );
  const done = new Map(rows.map((row) => [row.name, row.checksum]));
  const result: MigrateResult = { applied: [], skipped: [] };
  for (const file of files) {
    const known = done.get(file.name);
    if (known !== undefined) {
      // An edited, already-applied migration means the database and the files disagree.
      if (known !== file.checksum)
        throw new Error(`Migration ${file.name} changed after it was applied`);
      result.skipped.push(file.name);
      continue;
    }
    await applyOne(client, table, file);
    result.applied.push(file.name);
  }
  return result;
}

async function applyOne(client: pg.ClientBase, table: string, file: MigrationFile): Promise<void> {
  await client.query('begin');
  try {
    await client.query(file.sql);
    await client.query(`insert into ${table} (name, checksum) values ($1, $2)`, [
      file.name,
      file.checksum,
    ]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw new Error(`Migration ${file.name} failed: ${(error as Error).message}`, { cause: error });
  }
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => MIGRATION_FILE.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * Creates the database named in `url` when it does not exist yet (connecting to the server's
 * `postgres` maintenance database). Returns true when it created it. Safe to race: a concurrent
 * creation is treated as success.
 */
export async function ensureDatabase(url: string, maintenanceDb = 'postgres'): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('The database URL names no database');
  const admin = new URL(url);
  admin.pathname = `/${maintenanceDb}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`create database ${pg.escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    // Another process created it between our check and our create (duplicate_database, or the
    // unique index on pg_database when both creates ran at once).
    const code = (error as { code?: string }).code;
    if (code === '42P04' || code === '23505') return false;
    throw error;
  } finally {
    await client.end();
  }
}
