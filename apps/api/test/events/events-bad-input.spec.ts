import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { jest } from '@jest/globals';
import { EventTokens } from '@remote-ocr/server';
import { sha256File } from '../e2e/helpers.js';
import { REPO_ROOT, waitFor } from '../e2e/processes.js';
import { API_KEY, Stack } from '../e2e/stack.js';
import { metricSum } from './replicas.js';
import { SseReader } from './sse-reader.js';

jest.setTimeout(120_000);

const KEY_ALPHA = 'alpha-client-key-01';
const KEY_BETA = 'beta-client-key-002';
const SECRET = 'events-token-secret-for-tests';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Bad input on the live routes: a clear 4xx, and no response or reader left open. */
describe('live routes refuse bad input', () => {
  let stack: Stack;
  let base: string;
  let jobId: string;
  let otherJobId: string;

  const get = async (route: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${route}`, { headers });
    const text = await res.text();
    return { status: res.status, body: /^[[{]/.test(text) ? JSON.parse(text) : text };
  };
  const asOperator = { 'X-API-Key': API_KEY };

  beforeAll(async () => {
    stack = await Stack.start({
      workers: 0,
      env: {
        CLIENT_API_KEYS: `${KEY_ALPHA}:alpha,${KEY_BETA}:beta`,
        EVENTS_TOKEN_SECRET: SECRET,
      },
    });
    base = stack.client.baseUrl;
    const pdf = path.join(REPO_ROOT, 'samples/sample.pdf');
    const blocks = await readFile(path.join(REPO_ROOT, 'samples/sample.blocks.json'), 'utf8');
    const fields = { document_id: await sha256File(pdf), document_name: 's.pdf', engine: 'local' };
    jobId = (await stack.client.createJob({ ...fields, client_id: 'alpha' }, pdf, blocks)).body.id;
    otherJobId = (await stack.client.createJob({ ...fields, client_id: 'beta' }, pdf, blocks)).body
      .id;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers unknown jobs 404 and wrong keys 401', async () => {
    const notFound = { detail: 'Job not found', code: 'not_found' };
    expect(await get(`/jobs/${UNKNOWN}/events`, asOperator)).toEqual({
      status: 404,
      body: notFound,
    });
    expect(await get('/jobs/not-a-job/events', asOperator)).toEqual({
      status: 404,
      body: notFound,
    });
    expect(await get(`/jobs/${otherJobId}/events`, { 'X-API-Key': KEY_ALPHA })).toEqual({
      status: 404,
      body: notFound,
    });
    const invalidKey = { detail: 'Invalid or missing X-API-Key', code: 'unauthorized' };
    expect(await get(`/jobs/${jobId}/events`)).toEqual({ status: 401, body: invalidKey });
    expect(await get(`/jobs/${jobId}/events`, { 'X-API-Key': 'wrong-key-123' })).toEqual({
      status: 401,
      body: invalidKey,
    });
    // The API key is never accepted in the URL.
    expect((await get(`/jobs/${jobId}/events?api_key=${API_KEY}`)).status).toBe(401);
    const tokenFor = await fetch(`${base}/jobs/${otherJobId}/events/token`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY_ALPHA },
    });
    expect(tokenFor.status).toBe(404);
  });

  it('accepts a fresh token for its own job only, and refuses expired or forged ones', async () => {
    const issued = await fetch(`${base}/jobs/${jobId}/events/token`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY_ALPHA },
    });
    const { token, url } = (await issued.json()) as { token: string; url: string };
    expect(url).not.toContain(KEY_ALPHA);
    const reader = await SseReader.open(`${base}${url}`);
    expect(reader.status).toBe(200);
    await reader.waitFor((e) => e.event === 'created' && e.data.job_id === jobId);
    reader.close();

    const invalidToken = { detail: 'Invalid or expired event token', code: 'unauthorized' };
    const tokens = new EventTokens(SECRET, 600);
    const scope = { kind: 'job' as const, jobId };
    const expired = tokens.issue({ kind: 'operator' }, scope, Date.now() - 3_600_000).token;
    const forged = new EventTokens('some-other-secret-000', 600).issue({ kind: 'operator' }, scope);
    for (const bad of [expired, forged.token, `${token}x`, 'garbage']) {
      expect(await get(`/jobs/${jobId}/events?token=${encodeURIComponent(bad)}`)).toEqual({
        status: 401,
        body: invalidToken,
      });
    }
    // A token of one job does not open another.
    expect((await get(`/jobs/${otherJobId}/events?token=${token}`)).status).toBe(401);
  });

  it('refuses a garbage Last-Event-ID and a client stream without a client', async () => {
    for (const headers of [{ 'Last-Event-ID': 'abc' }, { 'Last-Event-ID': '1-2-3' }]) {
      const answer = await get(`/jobs/${jobId}/events`, { ...asOperator, ...headers });
      expect(answer.status).toBe(400);
      expect(answer.body.detail).toMatch(/^Invalid Last-Event-ID/);
    }
    expect((await get(`/jobs/${jobId}/events?last_event_id=x`, asOperator)).status).toBe(400);
    expect(await get('/jobs/events', asOperator)).toEqual({
      status: 400,
      body: { detail: 'client_id is required', code: 'validation_failed' },
    });
  });

  it('refuses wait out of range and a garbage since; answers the unchanged job after the wait', async () => {
    for (const query of ['wait=61', 'wait=-1', 'wait=abc', 'wait=1.5', 'wait=5&since=yesterday']) {
      for (const route of [`/jobs/${jobId}?${query}`, `/jobs?client_id=alpha&${query}`]) {
        const answer = await get(route, asOperator);
        expect({ route, status: answer.status }).toEqual({ route, status: 400 });
        expect(answer.body.detail).toMatch(/wait|since/);
      }
    }
    const now = (await get(`/jobs/${jobId}`, asOperator)).body;
    const since = encodeURIComponent(now.updated_at);
    const waited = await get(`/jobs/${jobId}?wait=1&since=${since}`, asOperator);
    expect(waited).toMatchObject({ status: 200, body: { id: jobId, updated_at: now.updated_at } });
    const list = await get(`/jobs?client_id=alpha&wait=1&since=${since}`, asOperator);
    expect(list.status).toBe(200);
    expect(list.body.map((j: { id: string }) => j.id)).toEqual([jobId]);
  });

  it('leaves no SSE response and no stream reader behind', async () => {
    await waitFor('SSE responses and stream readers released', async () => {
      const open = await metricSum(base, API_KEY, 'remote_ocr_sse_connections');
      const watched = await metricSum(base, API_KEY, 'remote_ocr_event_streams_watched');
      return open === 0 && watched === 0 ? true : null;
    });
  });

  it('ends a long-poll whose client went away', async () => {
    const gone = new AbortController();
    const polling = fetch(`${base}/jobs/${jobId}?wait=60`, {
      headers: asOperator,
      signal: gone.signal,
    }).catch(() => 'aborted');
    await waitFor('the long-poll watching its job', async () =>
      (await metricSum(base, API_KEY, 'remote_ocr_event_streams_watched')) === 1 ? true : null,
    );
    gone.abort();
    expect(await polling).toBe('aborted');
    await waitFor('the long-poll released', async () =>
      (await metricSum(base, API_KEY, 'remote_ocr_event_streams_watched')) === 0 ? true : null,
    );
  });
});
