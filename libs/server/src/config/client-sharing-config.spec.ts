import { parseClientSharing, quotaOf } from './client-sharing-config.js';

describe('parseClientSharing', () => {
  it('is on with a lookahead of 2, no weights and no quotas by default', () => {
    const { fairness, quotas, problems } = parseClientSharing({});
    expect(problems).toEqual([]);
    expect(fairness).toEqual({ enabled: true, lookahead: 2, weights: new Map() });
    expect(quotaOf(quotas, 'anyone')).toEqual({
      maxQueuedJobs: null,
      maxPagesPerDay: null,
      maxUploadBytes: null,
    });
  });

  it('reads quotas by client, a "*" fallback, and weights from both variables', () => {
    const { fairness, quotas, problems } = parseClientSharing({
      FAIR_QUEUE_LOOKAHEAD: '4',
      CLIENT_WEIGHTS: '{"acme": 2}',
      CLIENT_QUOTAS: JSON.stringify({
        acme: { max_queued_jobs: 10, max_pages_per_day: 500, max_upload_mb: 1.5, weight: 5 },
        beta: { weight: 0.5, max_queued_jobs: 0 },
        '*': { max_pages_per_day: 100 },
      }),
    });
    expect(problems).toEqual([]);
    expect(fairness.lookahead).toBe(4);
    // CLIENT_WEIGHTS wins over a weight in CLIENT_QUOTAS.
    expect([...fairness.weights]).toEqual([
      ['acme', 2],
      ['beta', 0.5],
    ]);
    expect(quotaOf(quotas, 'acme')).toEqual({
      maxQueuedJobs: 10,
      maxPagesPerDay: 500,
      maxUploadBytes: 1_572_864,
    });
    expect(quotaOf(quotas, 'beta').maxQueuedJobs).toBe(0);
    expect(quotaOf(quotas, 'other')).toEqual({
      maxQueuedJobs: null,
      maxPagesPerDay: 100,
      maxUploadBytes: null,
    });
  });

  it.each([
    [{ CLIENT_QUOTAS: '[1]' }, /CLIENT_QUOTAS: expected a JSON object/],
    [{ CLIENT_QUOTAS: '{nope' }, /CLIENT_QUOTAS: expected a JSON object/],
    [{ CLIENT_QUOTAS: '{"a": 3}' }, /CLIENT_QUOTAS\["a"\]: expected an object/],
    [{ CLIENT_QUOTAS: '{"a": {"max_jobs": 3}}' }, /max_jobs: unknown/],
    [{ CLIENT_QUOTAS: '{"a": {"max_queued_jobs": 2.5}}' }, /max_queued_jobs=2.5: expected/],
    [{ CLIENT_QUOTAS: '{"a": {"max_upload_mb": -1}}' }, /max_upload_mb=-1: expected/],
    [{ CLIENT_QUOTAS: '{"a": {"weight": 0}}' }, /weight=0: expected/],
    [{ CLIENT_WEIGHTS: '{"a": "2"}' }, /CLIENT_WEIGHTS\["a"\]="2": expected/],
    [{ FAIR_SHARING: 'maybe' }, /FAIR_SHARING="maybe"/],
    [{ FAIR_QUEUE_LOOKAHEAD: '0' }, /FAIR_QUEUE_LOOKAHEAD="0"/],
  ])('refuses %j', (env, problem) => {
    const { problems } = parseClientSharing(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('turns sharing off with FAIR_SHARING=false', () => {
    expect(parseClientSharing({ FAIR_SHARING: 'false' }).fairness.enabled).toBe(false);
  });
});
