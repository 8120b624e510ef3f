import { jest } from '@jest/globals';
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import { waitFor, type ServerProcess } from '../e2e/processes.js';
import { fixture } from '../e2e/helpers.js';
import { API_KEY, Stack } from '../e2e/stack.js';
import { metricSum, startSecondApi } from './replicas.js';
import { SseReader, type SseEvent } from './sse-reader.js';

jest.setTimeout(180_000);

const auth = { 'X-API-Key': API_KEY };
const ids = (events: SseEvent[]) => events.map((e) => e.id);

/**
 * Two api processes and two workers on real Redis and Postgres: clients on either api see the same
 * events of a job; a client whose api dies resumes on the other with Last-Event-ID.
 */
describe('live events across api replicas', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;
  let apiB: { proc: ServerProcess; url: string };

  beforeAll(async () => {
    fake = await FakeOpenRouterServer.start({ latencyMs: 500 });
    stack = await Stack.start({
      workers: 2,
      env: {
        OPENROUTER_API_KEY: 'sk-fake',
        OPENROUTER_BASE_URL: fake.url,
        JOB_ENGINE_CONCURRENCY: '1',
        STRIP_MAX_HEIGHT: '1500',
        EVENTS_PING_MS: '300',
      },
    });
    apiB = await startSecondApi(stack);
  });

  afterAll(async () => {
    await apiB?.proc.stop();
    await stack?.stop();
    await fake?.close();
  });

  it('delivers one sequence to clients of both apis, and resumes on B after A dies', async () => {
    const apiA = stack.client.baseUrl;
    const clientStream = await SseReader.open(`${apiB.url}/jobs/events?client_id=replicas`, auth);
    const doc = await fixture('11_paper_tracemonkey');
    const fields = {
      client_id: 'replicas',
      document_id: doc.documentId,
      document_name: 'p.pdf',
      engine: 'openrouter', // every block through the fake model, not `auto`
    };
    const { body: job } = await stack.client.createJob(fields, doc.pdf, doc.blocks);

    const onA = await SseReader.open(`${apiA}/jobs/${job.id}/events`, auth);
    const onB = await SseReader.open(`${apiB.url}/jobs/${job.id}/events`, auth);
    expect([onA.status, onB.status]).toEqual([200, 200]);
    await onA.waitFor((e) => e.event === 'block');
    // Slow answers keep the job running through the long-poll and the kill of api A.
    fake.defaultBehaviour = { kind: 'answer', latencyMs: 2000 };

    // Long-poll on B answers once the running job changes after what the client saw.
    const seen = (await stack.client.request('GET', `/jobs/${job.id}`)).body;
    const polled = await fetch(
      `${apiB.url}/jobs/${job.id}?wait=30&since=${encodeURIComponent(seen.updated_at)}`,
      { headers: auth },
    );
    expect(polled.status).toBe(200);
    const changed = (await polled.json()) as { updated_at: string };
    expect(Date.parse(changed.updated_at)).toBeGreaterThan(Date.parse(seen.updated_at));

    await stack.api.stop('SIGKILL');
    expect(await onA.ended).toBe('broken');
    const before = [...onA.events];
    fake.defaultBehaviour = { kind: 'answer', latencyMs: 100 };
    const resumed = await SseReader.open(`${apiB.url}/jobs/${job.id}/events`, {
      ...auth,
      'Last-Event-ID': onA.lastId as string,
    });
    expect(await resumed.ended).toBe('ended');
    expect(await onB.ended).toBe('ended');

    expect(before.length).toBeGreaterThan(0);
    expect(resumed.events.length).toBeGreaterThan(0);
    const joined = [...before, ...resumed.events];
    expect(ids(joined)).toEqual(ids(onB.events));
    expect(new Set(ids(joined)).size).toBe(joined.length);
    const names = onB.events.map((e) => e.event);
    expect(names[0]).toBe('created');
    expect(names).toEqual(expect.arrayContaining(['status', 'progress', 'block']));
    expect(names).not.toContain('stalled'); // live workers hold their locks: no false alarm
    expect(names.at(-1)).toBe('done');
    const blocks = onB.events.filter((e) => e.event === 'block');
    expect(new Set(blocks.map((e) => e.data.block_id)).size).toBe(doc.blocks.length);
    expect(blocks.every((e) => e.data.text_length > 0 && !('text' in e.data))).toBe(true);
    const done = onB.events.at(-1) as SseEvent;
    expect(done.data).toMatchObject({ job_id: job.id, status: 'done', blocks_done: 14 });
    expect((await fetch(done.data.download_url)).status).toBe(200);
    expect(onB.pings).toBeGreaterThan(0);

    // The client stream saw the job from its creation to its end, in the same order.
    await clientStream.waitFor((e) => e.event === 'done' && e.data.job_id === job.id);
    const ofJob = clientStream.events.filter((e) => e.data.job_id === job.id);
    expect(ofJob.map((e) => e.event)).toEqual(names);
    clientStream.close();

    // Everything was released: no SSE response is left open on B.
    await clientStream.ended;
    await waitFor('SSE responses released', async () =>
      (await metricSum(apiB.url, API_KEY, 'remote_ocr_sse_connections')) === 0 ? true : null,
    );
    expect(await metricSum(apiB.url, API_KEY, 'remote_ocr_sse_events_sent_total')).toBeGreaterThan(
      0,
    );
  });
});
