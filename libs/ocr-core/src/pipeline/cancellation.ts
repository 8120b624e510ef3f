import { DomainError } from '@remote-ocr/contracts';

/** The error a run throws when its signal is aborted (pause, delete, time limit, shutdown). */
export function cancellationError(signal?: AbortSignal): DomainError {
  const reason: unknown = signal?.reason;
  const why =
    typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : undefined;
  return new DomainError('job_cancelled', why ? `Job cancelled: ${why}` : 'Job cancelled');
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw cancellationError(signal);
}

/**
 * Settles with `work`, or rejects with the cancellation error as soon as `signal` aborts: an
 * engine adapter that ignores its signal must not keep the job running.
 */
export async function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  throwIfCancelled(signal);
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancellationError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // An abandoned call that fails later must not become an unhandled rejection.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
