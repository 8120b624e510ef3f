import { randomUUID } from 'node:crypto';
import { DomainError } from './errors.js';
import { parseOcrJobPayload } from './queue.js';

describe('parseOcrJobPayload', () => {
  const jobId = randomUUID();

  it('reads the job id and the run mode', () => {
    expect({ ...parseOcrJobPayload({ jobId, mode: 'failed-only' }) }).toEqual({
      jobId,
      mode: 'failed-only',
    });
  });

  it('still reads a payload an older version queued with `requestId`', () => {
    expect({ ...parseOcrJobPayload({ jobId, mode: 'full', requestId: 'req-1' }) }).toEqual({
      jobId,
      mode: 'full',
    });
  });

  it.each([{}, { jobId: 'nope' }, { jobId, mode: 'other' }, { jobId, extra: 1 }, null, 'x'])(
    'refuses %p',
    (data) => {
      expect(() => parseOcrJobPayload(data)).toThrow(DomainError);
    },
  );
});
