import {
  openObjectStore,
  parseConfig,
  sweepOrphanObjects,
  type OrphanPrefix,
} from '@remote-ocr/server';
import { Command, InvalidArgumentError } from 'commander';
import type { CliIo } from '../common/cli-io.js';
import { openStore } from './ops-context.js';

const MIN_GRACE_S = 60; // as ORPHAN_SWEEP_GRACE_S: never sweep an upload that may still be racing

const graceSeconds = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < MIN_GRACE_S)
    throw new InvalidArgumentError(`expected a whole number of seconds ≥ ${MIN_GRACE_S}`);
  return n;
};

interface SweepOptions {
  dryRun?: boolean;
  grace?: number;
  json?: boolean;
}

/** Every page of job prefixes, one bounded sweep each, until the listing is finished. */
async function sweepAll(io: CliIo, o: SweepOptions): Promise<OrphanPrefix[]> {
  const config = parseConfig(io.env);
  const store = await openStore(config);
  const objects = openObjectStore(config);
  const graceMs = (o.grace ?? config.orphanSweep.graceMs / 1000) * 1000;
  const removed: OrphanPrefix[] = [];
  try {
    let startAfter: string | undefined;
    do {
      const run = await sweepOrphanObjects(store, objects, {
        graceMs,
        startAfter,
        dryRun: o.dryRun,
      });
      removed.push(...run.removed);
      startAfter = run.next ?? undefined;
    } while (startAfter);
  } finally {
    await store.close();
  }
  return removed;
}

function format(removed: OrphanPrefix[], dryRun: boolean | undefined): string {
  const verb = dryRun ? 'would remove' : 'removed';
  if (removed.length === 0) return `${verb} nothing: no orphaned job prefixes`;
  const lines = removed.map((r) => `  ${r.prefix}  ${r.objects} object(s)`);
  return [`${verb} ${removed.length} orphaned job prefix(es):`, ...lines].join('\n');
}

/** `storage sweep-orphans`: removes objects whose job row is gone (docs/security.md). */
export function storageCommand(io: CliIo): Command {
  const storage = new Command('storage').description(
    'maintain the object store (database and store from the environment: DATABASE_URL, R2_*/S3_*…)',
  );
  storage
    .command('sweep-orphans')
    .description(
      'remove objects under ocr_jobs/<id>/ whose job no longer exists and that are older than the grace',
    )
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--grace <seconds>', 'keep prefixes written within this many seconds', graceSeconds)
    .option('--json', 'machine-readable output')
    .action(async (o: SweepOptions) => {
      const removed = await sweepAll(io, o);
      io.out(
        o.json
          ? JSON.stringify({ dryRun: !!o.dryRun, removed }, null, 2)
          : format(removed, o.dryRun),
      );
    });
  return storage;
}
