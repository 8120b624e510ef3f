import { ERROR_CLASSES } from './error-classes.js';
import { DomainError, ERROR_CODES } from './errors.js';

describe('the error taxonomy', () => {
  it('classifies every code: an error status and a retry decision', () => {
    expect(Object.keys(ERROR_CLASSES).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      expect(ERROR_CLASSES[code].httpStatus).toBeGreaterThanOrEqual(400);
      expect(typeof ERROR_CLASSES[code].retryable).toBe('boolean');
    }
  });

  it('gives a DomainError its status and retry decision from the table', () => {
    const bad = new DomainError('invalid_blocks', 'why');
    expect([bad.httpStatus, bad.retryable]).toEqual([400, false]);
    const full = new DomainError('queue_full', 'later');
    expect([full.httpStatus, full.retryable]).toEqual([503, true]);
    expect(full.toJSON()).toEqual({ detail: 'later', code: 'queue_full' });
  });

  it('answers 4xx for the caller’s mistakes and never retries them', () => {
    for (const code of ERROR_CODES) {
      const { httpStatus, retryable } = ERROR_CLASSES[code];
      // 409 request_in_progress and 429 (a quota, with Retry-After) say "later", not "wrong".
      const later = code === 'request_in_progress' || httpStatus === 429;
      if (httpStatus >= 400 && httpStatus < 500 && !later)
        expect([code, retryable]).toEqual([code, false]);
    }
    expect(ERROR_CLASSES.quota_exceeded).toEqual({ httpStatus: 429, retryable: true });
  });
});
