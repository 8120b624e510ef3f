import { DomainError } from '@remote-ocr/contracts';

/** A client key over one of its limits: 429 with `Retry-After` (the exception filter sets it). */
export class QuotaExceededError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('quota_exceeded', message);
  }
}

/** Seconds from `now` to the next UTC midnight, when the day's page counters start again. */
export function secondsToUtcMidnight(now = new Date()): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/** The UTC day of `now` as `YYYY-MM-DD`. */
export const utcDay = (now = new Date()): string => now.toISOString().slice(0, 10);
