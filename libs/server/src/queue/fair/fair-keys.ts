/**
 * Every Redis key of fair sharing (docs/scaling-fairness.md). A fixed set of seven keys whatever
 * the number of clients: the waiting order, job metadata, per-client fields that disappear once a
 * client has nothing waiting and the clock has passed its last turn, the virtual clock, and the
 * jobs being handed to BullMQ right now. `base` is the queue's own key builder (`queue.toKey`), so these keys share
 * the queue's prefix — and its hash tag on a Redis Cluster — and one script may touch them with
 * the queue's `wait` list.
 */
export interface FairKeys {
  /** ZSET job id → virtual start tag: the order jobs are handed to the queue. */
  order: string;
  /** HASH job id → `client_id\nmode` of every waiting job. */
  jobs: string;
  /** HASH client id → virtual finish tag of its last job, while the clock has not passed it. */
  last: string;
  /** HASH client id → number of its waiting jobs (absent: nothing waiting). */
  count: string;
  /** STRING: start tag of the job handed to the queue last (the virtual clock). */
  clock: string;
  /** ZSET job id → ms since epoch: taken from `order`, not yet added to the queue. */
  inflight: string;
  /** ZSET client id → finish tag, of clients with nothing waiting whose `last` is still kept. */
  idle: string;
  /** The BullMQ queue's `wait` list (read only: how many are already handed over). */
  queueWait: string;
}

export function fairKeys(base: (name: string) => string): FairKeys {
  return {
    order: base('fair:order'),
    jobs: base('fair:jobs'),
    last: base('fair:last'),
    count: base('fair:count'),
    clock: base('fair:clock'),
    inflight: base('fair:inflight'),
    idle: base('fair:idle'),
    queueWait: base('wait'),
  };
}
