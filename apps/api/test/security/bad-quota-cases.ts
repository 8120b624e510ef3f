import {
  documentWith,
  draftRequest,
  postJob,
  type BadInputCase,
  type SentRequest,
} from './bad-input-kit.js';

/** Client keys of the quota cases and their limits (docs/quotas.md), for the stack's env. */
const KEYS = {
  'quota-none': 'bad-quota-key-none-01',
  'quota-pages': 'bad-quota-key-pages-02',
  'quota-upload': 'bad-quota-key-upload-03',
};

export const QUOTA_CASE_ENV = {
  CLIENT_API_KEYS: Object.entries(KEYS)
    .map(([client, key]) => `${key}:${client}`)
    .join(','),
  CLIENT_QUOTAS: JSON.stringify({
    'quota-none': { max_queued_jobs: 0 },
    'quota-pages': { max_pages_per_day: 1 },
    'quota-upload': { max_upload_mb: 0.5 },
  }),
};

const as = (client: keyof typeof KEYS, req: SentRequest): SentRequest => ({
  ...req,
  headers: { ...req.headers, 'X-API-Key': KEYS[client] },
});

/** Requests over a client key's limits: 429 (or 413 for size) and nothing stored. */
export const BAD_QUOTA_CASES: BadInputCase[] = [
  {
    name: 'quota: a queued job over max_queued_jobs',
    send: (c) => as('quota-none', postJob(c, { fields: { client_id: 'quota-none' } })),
    status: 429,
    detail: /has 0 queued jobs and may have 0 \(max_queued_jobs\)/,
  },
  {
    name: 'quota: a 2-page PDF over max_pages_per_day of 1',
    send: (c) => as('quota-pages', postJob(c, { fields: { client_id: 'quota-pages' } })),
    status: 429,
    detail: /submitted 0 of its 1 pages today \(max_pages_per_day, UTC\); this PDF has 2/,
  },
  {
    name: 'quota: a draft over max_pages_per_day of 1',
    send: (c) =>
      as(
        'quota-pages',
        draftRequest(c, JSON.stringify(documentWith()), { client_id: 'quota-pages' }),
      ),
    status: 429,
    detail: /\(max_pages_per_day, UTC\)/,
  },
  {
    name: 'quota: an upload over max_upload_mb (refused on its Content-Length)',
    send: (c) =>
      as(
        'quota-upload',
        postJob(c, {
          // 1 MB of padding: over the client's 0.5 MB, within the server's MAX_UPLOAD_MB.
          pdf: Buffer.concat([Buffer.from(c.samples.good), Buffer.alloc(1024 * 1024, 0x20)]),
          fields: { client_id: 'quota-upload' },
        }),
      ),
    status: 413,
    detail: /larger than the 0\.5 MB client "quota-upload" may send \(max_upload_mb\)/,
  },
  {
    name: 'usage: another client’s usage',
    send: () => as('quota-pages', { method: 'GET', route: '/usage?client=quota-none' }),
    status: 404,
    detail: /^Client not found$/,
  },
  {
    name: 'usage: a client parameter that is no client id',
    send: () => ({ method: 'GET', route: `/usage?client=${'%2F'.repeat(3)}` }),
    status: 400,
    detail: /client must be a client id/,
  },
];
