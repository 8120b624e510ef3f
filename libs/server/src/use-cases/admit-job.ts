import { DomainError, type EngineName, type JobSettings } from '@remote-ocr/contracts';
import type { JobStore } from '@remote-ocr/storage';
import type { AppConfig } from '../config/app-config.js';
import type { JobPorts } from './job-ports.js';

/** The engine a job asks for, or the server default; refused when the server has no key for it. */
export function pickEngine(
  engines: Pick<AppConfig['engines'], 'default' | 'available'>,
  requested: EngineName | undefined,
): EngineName {
  const engine = requested ?? engines.default;
  if (!engines.available.includes(engine)) {
    throw new DomainError(
      'engine_not_configured',
      `Engine "${engine}" is not available on this server (no API key configured for it); available: ${engines.available.join(', ')}`,
    );
  }
  return engine;
}

/** Refuses new work while the queue is full (MAX_QUEUE_SIZE), before anything is stored. */
export async function admitNewWork(
  fair: Pick<JobPorts['fair'], 'depth'>,
  maxQueueSize: number,
): Promise<void> {
  const depth = await fair.depth();
  if (depth >= maxQueueSize) {
    throw new DomainError(
      'queue_full',
      `Queue is full (${depth} jobs waiting or running); try again later`,
    );
  }
}

/** The model fields of a create or start form (wire names). */
export interface ModelChoice {
  text_model?: string;
  table_model?: string;
  image_model?: string;
}

/** Stores the models a job asked for; a job that named none keeps no settings row. */
export async function saveModelSettings(
  store: Pick<JobStore, 'settings'>,
  id: string,
  form: ModelChoice,
): Promise<void> {
  const settings: JobSettings = {
    textModel: form.text_model ?? '',
    tableModel: form.table_model ?? '',
    imageModel: form.image_model ?? '',
  };
  if (settings.textModel || settings.tableModel || settings.imageModel)
    await store.settings.upsert(id, settings);
}
