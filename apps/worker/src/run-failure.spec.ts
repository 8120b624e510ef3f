import { DomainError } from '@remote-ocr/contracts';
import { EngineError } from '@remote-ocr/engines';
import { classifyRunFailure } from './run-failure.js';

describe('classifyRunFailure: the worker retries what the taxonomy calls retryable', () => {
  it.each([
    [new DomainError('invalid_pdf', 'bad'), { code: 'invalid_pdf', retryable: false }],
    [new DomainError('invalid_blocks', 'bad'), { code: 'invalid_blocks', retryable: false }],
    [new DomainError('not_found', 'gone'), { code: 'not_found', retryable: false }],
    [
      new DomainError('engine_not_configured', 'x'),
      { code: 'engine_not_configured', retryable: false },
    ],
    [new DomainError('storage_failed', 'x'), { code: 'storage_failed', retryable: true }],
    [new TypeError('a bug'), { code: 'internal', retryable: true }],
  ])('%s → %o', (error, expected) => {
    expect(classifyRunFailure(error)).toEqual(expected);
  });

  it('reads EngineError.retryable, not just its code', () => {
    const timeout = new EngineError('timeout', 'slow', { engine: 'openrouter' });
    const auth = new EngineError('auth', 'bad key', { engine: 'openrouter' });
    expect(timeout.code).toBe(auth.code);
    expect(classifyRunFailure(timeout)).toEqual({ code: 'engine_unavailable', retryable: true });
    expect(classifyRunFailure(auth)).toEqual({ code: 'engine_unavailable', retryable: false });
  });

  it('wraps Postgres and socket failures as retryable, a vanished job as permanent', () => {
    const down = Object.assign(new Error('terminating connection'), { code: '57P01' });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const gone = Object.assign(new Error('fk'), {
      code: '23503',
      constraint: 'job_files_job_id_fkey',
    });
    expect(classifyRunFailure(down)).toEqual({ code: 'database_unavailable', retryable: true });
    expect(classifyRunFailure(refused)).toEqual({ code: 'database_unavailable', retryable: true });
    expect(classifyRunFailure(gone)).toEqual({ code: 'not_found', retryable: false });
  });
});
