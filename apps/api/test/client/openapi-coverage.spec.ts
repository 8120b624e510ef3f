import { readFile } from 'node:fs/promises';
import { jest } from '@jest/globals';
import { OcrApiError, OcrClient } from '@remote-ocr/client';
import { fixture, type Fixture } from '../e2e/helpers.js';
import { API_KEY, Stack } from '../e2e/stack.js';

jest.setTimeout(120_000);

interface Sent {
  method: string;
  path: string;
  query: string[];
  headers: string[];
  fields: string[];
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: Array<{ in: string; name: string }>;
  fields: string[];
}

/** Headers every call may carry that the document describes elsewhere (security, content types). */
const TRANSPORT_HEADERS = new Set(['x-api-key', 'accept', 'content-type']);
/**
 * Documented inputs the client deliberately leaves to others: `token` authenticates EventSource
 * URLs, which cannot send headers; the client sends `X-API-Key` and hands the token URL out.
 */
const NOT_SENT_BY_DESIGN = new Set([
  'GET /jobs/events query token',
  'GET /jobs/{id}/events query token',
]);

function fieldsOf(body: RequestInit['body']): string[] {
  if (body instanceof FormData || body instanceof URLSearchParams) return [...new Set(body.keys())];
  if (typeof body === 'string') return Object.keys(JSON.parse(body) as object);
  return [];
}

/** A fetch that records what the client sends, then sends it. */
function recorder(log: Sent[]): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(input);
    log.push({
      method: init.method ?? 'GET',
      path: url.pathname,
      query: [...url.searchParams.keys()],
      headers: Object.keys((init.headers ?? {}) as Record<string, string>).map((h) =>
        h.toLowerCase(),
      ),
      fields: fieldsOf(init.body),
    });
    return fetch(input, init);
  };
}

function operations(doc: any): Operation[] {
  const schemas = doc.components.schemas;
  return Object.entries(doc.paths as Record<string, any>).flatMap(([template, ops]) =>
    Object.entries(ops as Record<string, any>).map(([method, op]) => {
      const content = Object.values<any>(op.requestBody?.content ?? {});
      const refs = content.map((c) =>
        String(c.schema?.$ref ?? '')
          .split('/')
          .pop()!,
      );
      return {
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (op.parameters ?? []).filter((p: any) => p.in !== 'path'),
        fields: [...new Set(refs.flatMap((r) => Object.keys(schemas[r]?.properties ?? {})))],
      };
    }),
  );
}

/** Every call of the client, with every optional input set, against a server without workers. */
/** Inputs of other servers' features, sent only where the document describes them. */
interface Optional {
  withCallback: boolean;
  withBlocks: boolean;
  withRetryOptions: boolean;
}

async function exerciseEveryCall(
  client: OcrClient,
  doc: Fixture,
  { withCallback, withBlocks, withRetryOptions }: Optional,
): Promise<void> {
  const models = { engine: 'local' as const, textModel: 't', tableModel: 'u', imageModel: 'i' };
  // `callback_url` belongs to servers with webhooks: sent once the document describes it.
  const callback = withCallback ? { callbackUrl: 'http://127.0.0.1:9/hook' } : {};
  const base = {
    clientId: 'oa',
    documentName: 'd.pdf',
    taskName: 'x',
    ...models,
    ...callback,
    maxCost: 5,
  };
  const pdf = await readFile(doc.pdf);
  const job = await client.createJob({ ...base, pdf, blocks: doc.blocks });
  const draft = await client.createDraft({ ...base, pdf, annotation: doc.annotation });
  const hook = { url: 'http://127.0.0.1:9/ep', client_id: 'oa', progress_interval_s: 5 };
  const endpoint = await client.webhookEndpoints.create({ ...hook, events: ['job.done'] });
  const calls: Array<() => Promise<unknown>> = [
    () => client.health(),
    () => client.ready(),
    () => client.usage('oa'),
    () => client.listJobs({ clientId: 'oa', documentId: doc.documentId, limit: 5, offset: 0 }),
    () => client.listJobs({}, { wait: 0, since: new Date().toISOString() }),
    () => client.getJob(job.id, { wait: 0, since: new Date().toISOString() }),
    () => client.getDetails(job.id),
    () => client.getResultLink(job.id),
    () => client.rename(job.id, 'renamed'),
    () => client.estimate({ ...base, pdf, blocks: doc.blocks }),
    () => client.estimateDraft(draft.id, { ...models, maxCost: 5 }),
    () => client.start(draft.id, { ...models, maxCost: 5 }),
    () => client.pause(job.id),
    () => client.resume(job.id, 5),
    () => client.restart(job.id, doc.blocks, { maxCost: 5 }),
    () => client.retryFailed(job.id, withRetryOptions ? { includeFlagged: true, model: 'm' } : {}),
    ...(withBlocks
      ? [() => client.getBlocks(job.id, { flag: 'x', status: 'done', limit: 5, offset: 0 })]
      : []),
    () => client.listWebhookDeliveries(job.id),
    // An unknown delivery is refused (404); what matters here is the request.
    () => client.redeliverWebhook(job.id, '00000000-0000-4000-8000-000000000000'),
    () => client.webhookEndpoints.list(),
    () => client.webhookEndpoints.get(endpoint.id),
    () => client.webhookEndpoints.update(endpoint.id, { ...hook, events: ['job.error'] }),
    () => client.webhookEndpoints.rotateSecret(endpoint.id, { overlap_s: 60 }),
    () => client.webhookEndpoints.delete(endpoint.id),
    () => client.jobEventsToken(job.id),
    () => client.clientEventsToken('oa'),
    () => cancelled(client.openJobEvents(job.id, '1-0')),
    () => cancelled(client.openClientEvents('oa', '1-0')),
    () => client.deleteJob(draft.id),
  ];
  for (const call of calls) {
    // Some answers are refusals (no result yet, nothing failed): what matters here is the request.
    await call().catch((error: unknown) => {
      if (!(error instanceof OcrApiError)) throw error;
    });
  }
}

async function cancelled(response: Promise<Response>): Promise<void> {
  await (await response).body?.cancel();
}

describe('@remote-ocr/client against the live OpenAPI document', () => {
  let stack: Stack;
  let ops: Operation[];
  const sent: Sent[] = [];

  beforeAll(async () => {
    // Any model and a loopback callback: this test checks which fields are sent, not those rules.
    stack = await Stack.start({
      workers: 0,
      storage: 'disk',
      env: { OPENROUTER_ALLOWED_MODELS: '*', WEBHOOK_ALLOW_PRIVATE: 'true' },
    });
    const res = await fetch(`${stack.client.baseUrl}/docs-json`, {
      headers: { 'X-API-Key': API_KEY },
    });
    ops = operations(await res.json());
    const client = new OcrClient({
      baseUrl: stack.client.baseUrl,
      apiKey: API_KEY,
      fetch: recorder(sent),
    });
    const has = (test: (op: Operation) => boolean) => ops.some(test);
    await exerciseEveryCall(client, await fixture('12_pdkids'), {
      withCallback: has((op) => op.fields.includes('callback_url')),
      withBlocks: has((op) => op.template === '/jobs/{id}/blocks'),
      withRetryOptions: has((op) => op.params.some((p) => p.name === 'include_flagged')),
    });
  });
  afterAll(() => stack?.stop());

  /** The operation of a request; a literal route (`/jobs/events`) wins over `/jobs/{id}`. */
  const opOf = (s: Sent): Operation | undefined => {
    const candidates = ops.filter((o) => o.method === s.method && o.pattern.test(s.path));
    return candidates.find((o) => o.template === s.path) ?? candidates[0];
  };
  const matching = (op: Operation) => sent.filter((s) => opOf(s) === op);

  it('covers every documented route, parameter and form field', () => {
    const missing: string[] = [];
    for (const op of ops) {
      const calls = matching(op);
      const name = `${op.method} ${op.template}`;
      if (calls.length === 0) missing.push(name);
      for (const p of op.params) {
        const where = p.in === 'query' ? 'query' : 'headers';
        const label = `${name} ${p.in} ${p.name}`;
        const used = calls.some((c) =>
          c[where].includes(p.in === 'header' ? p.name.toLowerCase() : p.name),
        );
        if (!used && !NOT_SENT_BY_DESIGN.has(label)) missing.push(label);
      }
      for (const f of op.fields) {
        if (!calls.some((c) => c.fields.includes(f))) missing.push(`${name} field ${f}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('sends nothing the document does not describe', () => {
    const undocumented: string[] = [];
    for (const s of sent) {
      const op = opOf(s);
      const name = `${s.method} ${s.path}`;
      if (!op) {
        undocumented.push(name);
        continue;
      }
      const names = (where: string) => op.params.filter((p) => p.in === where).map((p) => p.name);
      for (const q of s.query) if (!names('query').includes(q)) undocumented.push(`${name} ?${q}`);
      const headers = names('header').map((h) => h.toLowerCase());
      for (const h of s.headers)
        if (!TRANSPORT_HEADERS.has(h) && !headers.includes(h)) undocumented.push(`${name} ${h}:`);
      for (const f of s.fields) if (!op.fields.includes(f)) undocumented.push(`${name} field ${f}`);
    }
    expect(undocumented).toEqual([]);
  });
});
