import { EventTokens } from './event-token.js';

describe('EventTokens', () => {
  const tokens = new EventTokens('a-secret-of-sixteen+', 600);
  const job = { kind: 'job' as const, jobId: 'a1b2' };
  const now = Date.UTC(2026, 0, 1);

  it.each([
    ['operator', { kind: 'operator' as const }],
    ['client', { kind: 'client' as const, clientId: 'alpha' }],
  ])('gives back the %s principal that asked, within its lifetime', (_, principal) => {
    const { token, expiresAt } = tokens.issue(principal, job, now);
    expect(expiresAt.getTime()).toBe(now + 600_000);
    expect(tokens.verify(token, job, now + 599_000)).toEqual(principal);
  });

  it('refuses an expired token, another scope, a forged or malformed one', () => {
    const { token } = tokens.issue({ kind: 'operator' }, job, now);
    expect(tokens.verify(token, job, now + 600_000)).toBeNull();
    expect(tokens.verify(token, { kind: 'job', jobId: 'other' }, now)).toBeNull();
    expect(tokens.verify(token, { kind: 'client', clientId: 'a1b2' }, now)).toBeNull();
    const forged = new EventTokens('another-secret-0000', 600).issue(
      { kind: 'operator' },
      job,
      now,
    );
    expect(tokens.verify(forged.token, job, now)).toBeNull();
    const [payload] = token.split('.');
    for (const bad of ['', 'x', `${payload}.`, `${token}.x`, `${payload}.${'A'.repeat(43)}`])
      expect(tokens.verify(bad, job, now)).toBeNull();
  });

  it('never carries an API key, only scope, client and expiry', () => {
    const { token } = tokens.issue({ kind: 'client', clientId: 'alpha' }, job, now);
    const body = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    expect(Object.keys(body).sort()).toEqual(['e', 'p', 's']);
  });
});
