import { DomainError, type JobRecord } from '@remote-ocr/contracts';
import type { Principal } from '@remote-ocr/server';
import type { JobStore } from '@remote-ocr/storage';

export const jobNotFound = (): DomainError => new DomainError('not_found', 'Job not found');

/** Loads a job the principal may see; another client's job answers 404 like a missing one. */
export async function findOwnedJob(
  store: JobStore,
  principal: Principal,
  id: string,
): Promise<JobRecord> {
  const job = /^[0-9a-f-]{36}$/i.test(id) ? await store.jobs.get(id) : null;
  if (!job) throw jobNotFound();
  if (principal.kind === 'client' && job.clientId !== principal.clientId) throw jobNotFound();
  return job;
}

/** The client id a new job belongs to: a client key can only create jobs for its own client. */
export function ownerOf(principal: Principal, requested: string): string {
  if (principal.kind === 'client' && principal.clientId !== requested) {
    throw new DomainError('validation_failed', "client_id does not match the API key's client");
  }
  return requested;
}
