import { DomainError } from '@remote-ocr/contracts';
import { INTERNAL_JOB_ERROR, publicErrorMessage } from './public-error.js';

describe('publicErrorMessage (issue 14: stable messages instead of internal text)', () => {
  it('keeps the messages we wrote for users', () => {
    const error = new DomainError('invalid_pdf', 'PDF is encrypted (a password is required)');
    expect(publicErrorMessage(error)).toBe('PDF is encrypted (a password is required)');
  });

  it.each([
    new Error('connect ECONNREFUSED 10.0.3.7:5432'),
    new Error("ENOENT: no such file or directory, open '/srv/ocr/data/objects/x'"),
    'a thrown string',
  ])('replaces raw internal text: %p', (error) => {
    expect(publicErrorMessage(error)).toBe(INTERNAL_JOB_ERROR);
  });
});
