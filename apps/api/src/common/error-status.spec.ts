import { DomainError, ERROR_CODES } from '@remote-ocr/contracts';
import { mapDomainError } from './error-status.js';

describe('mapDomainError', () => {
  it.each([
    ['validation_failed', 400],
    ['invalid_pdf', 400],
    ['invalid_blocks', 400],
    ['invalid_state', 400],
    ['engine_not_configured', 400],
    ['payload_too_large', 413],
    ['unauthorized', 401],
    ['not_found', 404],
    ['queue_full', 503],
    ['database_unavailable', 503],
  ] as const)('%s → %i with {detail, code}', (code, status) => {
    expect(mapDomainError(new DomainError(code, 'why'))).toEqual({
      status,
      body: { detail: 'why', code },
    });
  });

  it('has a status for every error code', () => {
    for (const code of ERROR_CODES)
      expect(mapDomainError(new DomainError(code, 'x'))?.status).toBeGreaterThanOrEqual(400);
  });

  it.each([
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    }),
    new Error('Connection terminated unexpectedly'),
  ])('answers 503 when a backing service is down: %s', (error) => {
    expect(mapDomainError(error)?.status).toBe(503);
  });

  it('answers 404 when a write hits a job deleted meanwhile (foreign key)', () => {
    const error = Object.assign(
      new Error('insert or update on table "job_files" violates foreign key constraint'),
      {
        code: '23503',
        constraint: 'job_files_job_id_fkey',
      },
    );
    expect(mapDomainError(error)).toEqual({
      status: 404,
      body: { detail: 'Job not found', code: 'not_found' },
    });
  });

  it('leaves unknown errors to the filter (500)', () => {
    expect(mapDomainError(new TypeError('boom'))).toBeNull();
  });
});
