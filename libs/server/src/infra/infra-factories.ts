import {
  createObjectStore,
  openJobStore as openStore,
  type JobStore,
  type JobStoreConfig,
  type ObjectStore,
  type ObjectStoreConfig as StorageObjectStoreConfig,
} from '@remote-ocr/storage';
import type { AppConfig } from '../config/app-config.js';

function jobStoreConfig(config: AppConfig): JobStoreConfig {
  const db = config.database;
  if (db.kind === 'supabase') return { kind: 'supabase', url: db.url, key: db.key };
  // The local default database is created on first start; migrations run under an advisory lock,
  // so every replica may apply them at boot.
  return {
    kind: 'postgres',
    connectionString: db.url,
    migrate: db.autoMigrate,
    createDatabase: db.autoMigrate,
  };
}

function objectStoreConfig(config: AppConfig): StorageObjectStoreConfig {
  const s = config.objectStore;
  if (s.kind === 'disk')
    return { kind: 'disk', root: s.root, baseUrl: s.publicBaseUrl, secret: s.secret };
  return {
    kind: 's3',
    endpoint: s.endpoint,
    region: s.region,
    bucket: s.bucket,
    accessKeyId: s.accessKeyId,
    secretAccessKey: s.secretAccessKey,
    forcePathStyle: s.forcePathStyle,
    publicUrl: s.publicUrl ?? undefined,
  };
}

/** Opens the job store of the configuration (creating and migrating a Postgres database when configured to). */
export function openJobStore(config: AppConfig): Promise<JobStore> {
  return openStore(jobStoreConfig(config));
}

export function openObjectStore(config: AppConfig): ObjectStore {
  return createObjectStore(objectStoreConfig(config));
}
