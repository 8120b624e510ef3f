// The fake OpenRouter server of @remote-ocr/testing, set up for long benchmark runs, plus the
// figures a benchmark reads off its request records.
import { FakeOpenRouterServer } from '@remote-ocr/testing';

/**
 * Starts the fake with `latencyMs`. The fake records every request body (strip PNGs, megabytes
 * each); a 2,000-block job would hold them all, so bodies of answered requests are dropped.
 */
export async function startFakeEngine(latencyMs) {
  const fake = await FakeOpenRouterServer.start({ latencyMs });
  const trim = setInterval(() => {
    for (const r of fake.requests) if (r.finishedAt !== undefined) r.body = Buffer.alloc(0);
  }, 250);
  const close = fake.close.bind(fake);
  fake.close = async () => {
    clearInterval(trim);
    await close();
  };
  return fake;
}

export function setLatency(fake, latencyMs) {
  fake.defaultBehaviour = { kind: 'answer', latencyMs };
}

/**
 * From chat-call records: count, first arrival, last finish, and how full the `slots` were
 * between them (busy slot-time / (slots × span)): below 1 means the engine waited for work.
 */
export function callStats(records, slots) {
  if (records.length === 0) return { calls: 0 };
  const first = Math.min(...records.map((r) => r.arrivedAt));
  const last = Math.max(...records.map((r) => r.finishedAt ?? r.arrivedAt));
  const busy = records.reduce((s, r) => s + ((r.finishedAt ?? last) - r.arrivedAt), 0);
  return {
    calls: records.length,
    first,
    last,
    occupancy: busy / (slots * (last - first)),
    meanServiceMs: busy / records.length,
  };
}
