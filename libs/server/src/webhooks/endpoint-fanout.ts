import type { JobEvent } from '@remote-ocr/contracts';
import type {
  WebhookEndpointRecord,
  WebhookEndpointRepository,
  WebhookEventType,
  WebhookRepository,
} from '@remote-ocr/storage';
import type { Job, Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import type { EventKeys } from '../events/event-keys.js';
import { enqueueWebhook } from './webhook-delivery.js';

/**
 * Operator endpoints' share of one job event (docs/webhooks.md): a delivery per matching endpoint
 * (its client or all, its event selection, not disabled), signed by `endpoint:<id>`. Like the
 * job's own callback, each delivery id is derived from the stream entry id plus the endpoint id,
 * so handling an entry twice (a dead dispatcher's, claimed again) stores and queues nothing new.
 *
 * `job.progress` is throttled per endpoint and job: the first one goes out at once, later ones
 * within `progress_interval_s` become one delayed delivery at the end of the interval whose body
 * each newer event replaces (the last state wins). The throttle state is a Redis key per endpoint
 * and job; two dispatchers handling progress of the same job at the same instant may both send
 * (at-least-once, never a lost final state — `job.done` follows anyway).
 */

export interface FanoutDeps {
  redis: Redis | Cluster;
  keys: EventKeys;
  deliveries: WebhookRepository;
  endpoints: WebhookEndpointRepository;
  queue: Queue;
  scheduleLength: number;
  now?: () => number;
}

interface Throttle {
  /** Epoch ms from which the next progress may leave. */
  next: number;
  /** A delayed delivery still waiting for `next`, whose body newer progress replaces. */
  pending: string | null;
}

const endpointSigner = (endpointId: string) => `endpoint:${endpointId}`;

/**
 * Whose secrets sign a stored delivery: an endpoint's delivery id ends with `_<endpoint id>`
 * (endpoint ids are `ep_…`, made here), anything else is the job's own callback.
 */
export function deliverySigner(deliveryId: string, jobId: string): string {
  const endpointId = /_(ep_[\w-]+)$/.exec(deliveryId)?.[1];
  return endpointId ? endpointSigner(endpointId) : `job:${jobId}`;
}

function endpointDeliveryId(entryId: string, endpointId: string): string {
  return `msg_${entryId.replace('-', '_')}_${endpointId}`;
}

/** Queues one delivery per endpoint that wants this event. */
export async function fanOutToEndpoints(
  deps: FanoutDeps,
  entryId: string,
  event: JobEvent,
  type: WebhookEventType,
  body: string,
): Promise<void> {
  const { client_id: clientId, job_id: jobId } = event.data;
  const endpoints = await deps.endpoints.matching(clientId, type);
  for (const endpoint of endpoints) {
    const id = endpointDeliveryId(entryId, endpoint.id);
    if (type === 'job.progress') await throttledProgress(deps, endpoint, jobId, id, body);
    else await deliver(deps, endpoint, jobId, { id, type, body, delayMs: 0 });
  }
}

async function deliver(
  deps: FanoutDeps,
  endpoint: WebhookEndpointRecord,
  jobId: string,
  d: { id: string; type: string; body: string; delayMs: number },
): Promise<void> {
  await deps.deliveries.addDelivery({
    id: d.id,
    jobId,
    event: d.type,
    url: endpoint.url,
    body: d.body,
  });
  const payload = {
    webhookId: d.id,
    url: endpoint.url,
    signer: endpointSigner(endpoint.id),
    body: d.body,
  };
  await enqueueWebhook(deps.queue, payload, deps.scheduleLength, d.delayMs);
}

/** Replaces the body of a delivery still waiting for its slot; false when it already left. */
async function replaceWaiting(deps: FanoutDeps, deliveryId: string, body: string) {
  const job = (await deps.queue.getJob(deliveryId)) as Job | undefined;
  if (!job || (await job.getState()) !== 'delayed') return false;
  if (!(await deps.endpoints.replacePendingBody(deliveryId, body))) return false;
  await job.updateData({ ...job.data, body });
  return true;
}

async function throttledProgress(
  deps: FanoutDeps,
  endpoint: WebhookEndpointRecord,
  jobId: string,
  id: string,
  body: string,
): Promise<void> {
  const key = deps.keys.webhookProgress(endpoint.id, jobId);
  const raw = await deps.redis.get(key);
  const state = raw ? (JSON.parse(raw) as Throttle) : null;
  if (state?.pending && (await replaceWaiting(deps, state.pending, body))) return;
  const clock = deps.now ?? Date.now;
  const now = clock();
  const intervalMs = endpoint.progressIntervalS * 1000;
  const waiting = state !== null && now < state.next;
  const delayMs = waiting ? state.next - now : 0;
  await deliver(deps, endpoint, jobId, { id, type: 'job.progress', body, delayMs });
  // The clock read after queueing is never before the BullMQ job's own timestamp, so the next
  // slot starts a full interval after the moment this delivery is due.
  const next: Throttle = { next: clock() + delayMs + intervalMs, pending: waiting ? id : null };
  await deps.redis.set(key, JSON.stringify(next), 'PX', delayMs + intervalMs + 60_000);
}
