import { EngineError } from '../errors/engine-error.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { retryDelayMs } from './retry.js';

const err = (retryAfterMs?: number): EngineError =>
  new EngineError('server_error', 'x', { engine: 'e', retryAfterMs });

describe('retryDelayMs', () => {
  it.each([
    [0, 0.999, 99],
    [1, 0.999, 199],
    [3, 0.5, 400],
    [10, 0.999, 4995],
  ])('full jitter: attempt %i, random %f → %i ms', (attempt, r, expected) => {
    expect(
      retryDelayMs(err(), attempt, { baseDelayMs: 100, maxDelayMs: 5000, random: () => r }),
    ).toBe(expected);
  });

  it('uses Retry-After instead of backoff, within the allowed maximum', () => {
    expect(retryDelayMs(err(2500), 0, { random: () => 0 })).toBe(2500);
    expect(retryDelayMs(err(400_000), 0, { maxRetryAfterMs: 300_000 })).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1500],
    ['Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%p → %p', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
