import { parseConfig } from '@remote-ocr/server';
import { Command, InvalidArgumentError } from 'commander';
import type { CliIo } from '../common/cli-io.js';
import { formatActions, formatStatus } from './format.js';
import { openOps, type OpsContext } from './ops-context.js';
import { purgeQueue, requeueStuck, retryFailed } from './queue-actions.js';
import { queueStatus } from './queue-status.js';

const nonNegativeInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
};

async function withOps<T>(io: CliIo, work: (ctx: OpsContext) => Promise<T>): Promise<T> {
  const ctx = await openOps(parseConfig(io.env));
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

function print(io: CliIo, json: boolean | undefined, value: unknown, text: string): void {
  io.out(json ? JSON.stringify(value, null, 2) : text);
}

/** `queue status|purge|requeue-stuck|retry-failed` on the queue and database of the environment. */
// eslint-disable-next-line max-lines-per-function -- commander declarations of four subcommands, one chained statement each, with their help texts
export function queueCommand(io: CliIo): Command {
  const queue = new Command('queue').description(
    'inspect and repair the OCR queue (Redis and database from the environment: REDIS_URL, QUEUE_PREFIX, DATABASE_URL…)',
  );
  queue
    .command('status')
    .description('active, waiting, delayed and failed runs with their jobs')
    .option('--limit <n>', 'most entries listed per state', nonNegativeInt, 50)
    .option('--json', 'machine-readable output')
    .action(async (o: { limit: number; json?: boolean }) => {
      const status = await withOps(io, (ctx) => queueStatus(ctx, o.limit));
      print(io, o.json, status, formatStatus(status));
    });
  queue
    .command('purge')
    .description('stop every waiting job: each becomes paused (resumable) — or deleted with --hard')
    .option('--hard', 'delete the jobs, their rows and stored files instead of pausing them')
    .option('--json', 'machine-readable output')
    .action(async (o: { hard?: boolean; json?: boolean }) => {
      const actions = await withOps(io, (ctx) => purgeQueue(ctx, o.hard));
      print(
        io,
        o.json,
        actions,
        formatActions(o.hard ? 'purged (deleted)' : 'purged (paused)', actions),
      );
    });
  queue
    .command('requeue-stuck')
    .description('enqueue again processing jobs whose run is gone and queued jobs the queue lost')
    .option(
      '--min-age <seconds>',
      'only processing jobs idle at least this long',
      nonNegativeInt,
      60,
    )
    .option('--json', 'machine-readable output')
    .action(async (o: { minAge: number; json?: boolean }) => {
      const actions = await withOps(io, (ctx) => requeueStuck(ctx, o.minAge * 1000));
      print(io, o.json, actions, formatActions('requeued', actions));
    });
  queue
    .command('retry-failed')
    .description('run failed queue entries again (checkpointed blocks are not redone)')
    .option('--errors', 'also queue again jobs whose status is error')
    .option('--json', 'machine-readable output')
    .action(async (o: { errors?: boolean; json?: boolean }) => {
      const actions = await withOps(io, (ctx) => retryFailed(ctx, o.errors));
      print(io, o.json, actions, formatActions('retried', actions));
    });
  return queue;
}
