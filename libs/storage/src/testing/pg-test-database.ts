import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensureDatabase, migrate } from '../migrations/migrate.js';

/** Server the integration tests use (trust auth on this machine). */
export const TEST_PG_SERVER = 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates a uniquely named, migrated database so test files can run in parallel. */
export async function createTestDatabase(
  tag: string,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const name = `remote_ocr_test_${tag}_${randomBytes(4).toString('hex')}`;
  const url = `${TEST_PG_SERVER}/${name}`;
  await ensureDatabase(url);
  if (options.migrated !== false) await migrate(url);
  return { name, url, drop: () => dropDatabase(name) };
}

/**
 * Drops a test database. A pool's `end()` resolves before its sockets are gone, so first wait
 * briefly for the sessions to leave; `WITH (FORCE)` then only removes real leftovers.
 */
export async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${TEST_PG_SERVER}/postgres` });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 50 && (await sessionsOn(client, name)) > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  } finally {
    await client.end();
  }
}

async function sessionsOn(client: pg.Client, name: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    'select count(*)::int as n from pg_stat_activity where datname = $1',
    [name],
  );
  return rows[0].n;
}
