export * from './ports/job.repository.js';
export * from './ports/object-store.js';
export * from './ports/block-stats.repository.js';
export * from './ports/run-fence.js';

export {
  migrate,
  ensureDatabase,
  type MigrateOptions,
  type MigrateResult,
} from './migrations/migrate.js';
export { defaultMigrationsDir } from './migrations/migrations-dir.js';
export { DEFAULT_JOB_LIST_LIMIT } from './rows/row-mappers.js';

export {
  createPostgresJobStore,
  type PostgresJobStore,
  type PostgresJobStoreOptions,
} from './postgres/postgres-job-store.js';
export {
  createSupabaseJobStore,
  type SupabaseJobStoreOptions,
} from './supabase/supabase-job-store.js';
export { SupabaseStoreError } from './supabase/supabase-schema.js';

export { S3ObjectStore, type S3ObjectStoreOptions } from './object-store/s3-object-store.js';
export { DiskObjectStore, type DiskObjectStoreOptions } from './object-store/disk-object-store.js';
export { verifyDownloadSignature, signDownload } from './object-store/download-signature.js';
export { readObjectText } from './object-store/read-object-text.js';
export {
  InvalidObjectKeyError,
  ObjectNotFoundError,
  normalizeObjectKey,
  normalizeObjectPrefix,
  encodeKeyPath,
} from './object-store/object-key.js';

export {
  createObjectStore,
  createJobStore,
  openJobStore,
  DEFAULT_LOCAL_DATABASE_URL,
  type ObjectStoreConfig,
  type JobStoreConfig,
  type PostgresJobStoreConfig,
} from './factory.js';

export {
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './embedded/embedded-postgres.js';
export {
  OwnerLock,
  readOwner,
  waitForOwnerPort,
  type OwnerRecord,
  type OwnerLockResult,
} from './embedded/owner-lock.js';
export * from './webhooks/webhook.repository.js';
export { PostgresWebhookRepository } from './webhooks/postgres-webhook.repository.js';
export * from './webhooks/webhook-endpoint.repository.js';
export { PostgresWebhookEndpointRepository } from './webhooks/postgres-webhook-endpoint.repository.js';
export * from './usage/usage.repository.js';
export { PostgresUsageRepository } from './usage/postgres-usage.repository.js';
export { SupabaseUsageRepository } from './usage/supabase-usage.repository.js';
export * from './errors/infrastructure-error.js';
