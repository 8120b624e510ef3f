import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/**
 * A Kysely over a node-postgres pool of its own, as every Postgres store of this lib opens one
 * (`destroy()` ends the pool). An idle pooled connection dropped by the server (restart, failover,
 * `DROP DATABASE … FORCE`) emits 'error' on the pool; unhandled, that would crash the process.
 * The pool discards the client by itself and the next query connects anew, so nothing else is
 * done here.
 */
export function openKysely<Tables>(
  connectionString: string,
  options: { max?: number; connectionTimeoutMs?: number } = {},
): Kysely<Tables> {
  const pool = new pg.Pool({
    connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
  });
  pool.on('error', () => undefined);
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}
