import type { JobEventInput } from '@remote-ocr/contracts';

/**
 * Where live job events go (the server's Redis streams; nowhere in the one-shot CLI). Publishing
 * never throws: an event that cannot be delivered must not fail the job it describes.
 */
export interface JobEventPublisher {
  /** Publishes the event; resolves to its stream id, or null when it could not be stored. */
  publish(event: JobEventInput): Promise<string | null>;
}

/** A publisher that drops everything (tools that run a job without a server). */
export const NO_JOB_EVENTS: JobEventPublisher = { publish: () => Promise.resolve(null) };
