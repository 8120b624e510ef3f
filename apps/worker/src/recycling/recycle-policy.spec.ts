import { describeReason, recycleReason } from './recycle-policy.js';

const MB = 1024 * 1024;

describe('recycleReason', () => {
  it('never recycles with both caps off', () => {
    expect(recycleReason({ maxRssMb: 0, maxJobs: 0 }, { taken: 10_000, rssBytes: 8000 * MB })).toBe(
      null,
    );
  });

  it('recycles once the worker has taken WORKER_MAX_JOBS jobs', () => {
    const caps = { maxRssMb: 0, maxJobs: 3 };
    expect(recycleReason(caps, { taken: 2, rssBytes: 100 * MB })).toBe(null);
    expect(recycleReason(caps, { taken: 3, rssBytes: 100 * MB })).toEqual({
      kind: 'jobs',
      taken: 3,
    });
  });

  it('recycles above WORKER_MAX_RSS_MB, but only after taking a job', () => {
    const caps = { maxRssMb: 200, maxJobs: 0 };
    expect(recycleReason(caps, { taken: 0, rssBytes: 900 * MB })).toBe(null);
    expect(recycleReason(caps, { taken: 1, rssBytes: 200 * MB })).toBe(null);
    expect(recycleReason(caps, { taken: 1, rssBytes: 201 * MB })).toEqual({
      kind: 'rss',
      rssMb: 201,
    });
  });

  it('names the cap it hit', () => {
    const caps = { maxRssMb: 200, maxJobs: 5 };
    expect(describeReason({ kind: 'rss', rssMb: 250 }, caps)).toContain('WORKER_MAX_RSS_MB=200');
    expect(describeReason({ kind: 'jobs', taken: 5 }, caps)).toContain('WORKER_MAX_JOBS=5');
  });
});
