import type { JobStore } from './ports/job.repository.js';
import type { ObjectStore } from './ports/object-store.js';
import { ensureDatabase, migrate } from './migrations/migrate.js';
import { DiskObjectStore, type DiskObjectStoreOptions } from './object-store/disk-object-store.js';
import { S3ObjectStore, type S3ObjectStoreOptions } from './object-store/s3-object-store.js';
import { createPostgresJobStore } from './postgres/postgres-job-store.js';
import {
  createSupabaseJobStore,
  type SupabaseJobStoreOptions,
} from './supabase/supabase-job-store.js';

/** The database the server uses when nothing is configured (docs/contract.md §7 local defaults). */
export const DEFAULT_LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/remote_ocr';

export type ObjectStoreConfig =
  ({ kind: 's3' } & S3ObjectStoreOptions) | ({ kind: 'disk' } & DiskObjectStoreOptions);

export interface PostgresJobStoreConfig {
  kind: 'postgres';
  connectionString: string;
  maxConnections?: number;
  /** Apply `supabase/migrations` before use (under an advisory lock; safe with many replicas). */
  migrate?: boolean;
  /** Create the database first when it does not exist (the local default). */
  createDatabase?: boolean;
}

export type JobStoreConfig =
  PostgresJobStoreConfig | ({ kind: 'supabase' } & SupabaseJobStoreOptions);

/** Builds the configured object store: S3/R2 or local disk. */
export function createObjectStore(config: ObjectStoreConfig): ObjectStore {
  switch (config.kind) {
    case 's3': {
      const { kind: _kind, ...options } = config;
      return new S3ObjectStore(options);
    }
    case 'disk': {
      const { kind: _kind, ...options } = config;
      return new DiskObjectStore(options);
    }
  }
}

/** Builds the configured job store without touching the schema. */
export function createJobStore(config: JobStoreConfig): JobStore {
  switch (config.kind) {
    case 'postgres':
      return createPostgresJobStore({
        connectionString: config.connectionString,
        maxConnections: config.maxConnections,
      });
    case 'supabase': {
      const { kind: _kind, ...options } = config;
      return createSupabaseJobStore(options);
    }
  }
}

/**
 * Prepares the database as configured (create it, apply migrations; Postgres only: a Supabase
 * project gets its schema from `supabase db push`), then builds the job store.
 */
export async function openJobStore(config: JobStoreConfig): Promise<JobStore> {
  if (config.kind === 'postgres') {
    if (config.createDatabase) await ensureDatabase(config.connectionString);
    if (config.migrate) await migrate(config.connectionString);
  }
  return createJobStore(config);
}
