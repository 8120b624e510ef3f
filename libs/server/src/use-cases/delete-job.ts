import { jobPrefix, type JobStatus } from '@remote-ocr/contracts';
import { waitForRunToStop } from '../queue/ocr-queue.js';
import type { JobPorts } from './job-ports.js';

/** Removes every stored object and every row of a job whose queue entry is already gone. */
export async function removeJobData(
  ports: Pick<JobPorts, 'store' | 'objects'>,
  id: string,
): Promise<void> {
  await ports.objects.deletePrefix(`${jobPrefix(id)}/`);
  await ports.store.jobs.delete(id);
}

/**
 * Deletes a job: its queue entry, every stored object and every row. A running job is told to
 * stop (set to `paused`) and given time to stop, so its worker writes nothing after the delete.
 */
export async function deleteJob(ports: JobPorts, id: string, status: JobStatus): Promise<void> {
  if (!(await ports.fair.dequeue(id)) && status === 'processing') {
    await ports.store.jobs.transition(id, ['processing'], 'paused');
    await waitForRunToStop(ports.queue, id);
  }
  await removeJobData(ports, id);
}

/**
 * Best-effort removal of whatever a failed creation left; never throws.
 * @returns the errors of the steps that failed, for the caller to log
 */
export async function discardJob(
  ports: Pick<JobPorts, 'store' | 'objects'>,
  id: string,
): Promise<unknown[]> {
  const results = await Promise.allSettled([
    ports.objects.deletePrefix(`${jobPrefix(id)}/`),
    ports.store.jobs.delete(id),
  ]);
  return results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
}
