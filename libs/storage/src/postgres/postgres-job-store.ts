import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { JobStore } from '../ports/job.repository.js';
import type { Database } from './db-schema.js';
import { openKysely } from './open-kysely.js';
import { PostgresBlockResultRepository } from './postgres-block-result.repository.js';
import { PostgresJobFileRepository } from './postgres-job-file.repository.js';
import { PostgresBlockStatsRepository } from './postgres-block-stats.repository.js';
import { PostgresJobSettingsRepository } from './postgres-job-settings.repository.js';
import { PostgresJobRepository } from './postgres-job.repository.js';

export type PostgresJobStoreOptions =
  | {
      /** e.g. `postgres://postgres@127.0.0.1:5432/remote_ocr`; the store owns and ends its pool. */
      connectionString: string;
      /** Pool size (node-postgres default 10). */
      maxConnections?: number;
      /** Milliseconds to wait for a connection before failing (default 10 s). */
      connectionTimeoutMs?: number;
    }
  | {
      /** A pool owned by the caller: `close()` leaves it open. */
      pool: pg.Pool;
    };

/** A JobStore on Postgres that can also run several repository calls in one transaction. */
export interface PostgresJobStore extends JobStore {
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (store: JobStore) => Promise<T>): Promise<T>;
}

/** Creates the Postgres JobStore (node-postgres pool + Kysely). Apply migrations first (`migrate`). */
export function createPostgresJobStore(options: PostgresJobStoreOptions): PostgresJobStore {
  const ownsPool = !('pool' in options);
  const db =
    'pool' in options
      ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: options.pool }) })
      : openKysely<Database>(options.connectionString, {
          max: options.maxConnections,
          connectionTimeoutMs: options.connectionTimeoutMs,
        });
  return {
    ...repositories(db),
    transaction: (work) => db.transaction().execute((trx) => work(transactionStore(trx))),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      // Kysely's destroy ends the pool, so only call it when we created the pool.
      if (ownsPool) await db.destroy();
    },
  };
}

function repositories(db: Kysely<Database>) {
  return {
    jobs: new PostgresJobRepository(db),
    files: new PostgresJobFileRepository(db),
    settings: new PostgresJobSettingsRepository(db),
    blockStats: new PostgresBlockStatsRepository(db),
    blockResults: new PostgresBlockResultRepository(db),
  };
}

function transactionStore(trx: Kysely<Database>): JobStore {
  return {
    ...repositories(trx),
    ping: async () => {
      await sql`select 1`.execute(trx);
    },
    close: () => Promise.reject(new Error('close() is not available inside a transaction')),
  };
}
