import {
  createJobStore,
  createObjectStore,
  type JobStore,
  type ObjectStore,
} from '@remote-ocr/storage';
import type { AppConfig } from '../config/app-config.js';

/** Opens the job store of the configuration (migrating a Postgres database when configured to). */
export async function openJobStore(config: AppConfig): Promise<JobStore> {
  return createJobStore(config.database);
}

export function openObjectStore(config: AppConfig): ObjectStore {
  return createObjectStore(config.objectStore);
}
