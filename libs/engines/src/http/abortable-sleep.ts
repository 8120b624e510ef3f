import { setTimeout as delay } from 'node:timers/promises';
import { abortedError } from './http-call.js';

/** Waits `ms`; rejects with an `aborted` EngineError as soon as `signal` aborts. */
export async function abortableSleep(
  ms: number,
  engine: string,
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) throw abortedError(engine, signal);
  try {
    await delay(ms, undefined, { signal });
  } catch (err) {
    if (signal?.aborted) throw abortedError(engine, signal);
    throw err;
  }
}
