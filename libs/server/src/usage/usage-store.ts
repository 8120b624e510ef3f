import { SpendLimit, SpendLimits } from '@remote-ocr/ocr-core';
import {
  PostgresUsageRepository,
  SupabaseUsageRepository,
  utcDayStart,
  type UsageRepository,
} from '@remote-ocr/storage';
import type { AppConfig } from '../config/app-config.js';
import { dailyBudgetOf } from '../config/costs-config.js';

/** Nest token of the usage ledger (docs/costs.md). */
export const USAGE_STORE = Symbol('USAGE_STORE');

/** The usage ledger of the configured database: Postgres (or the embedded one) or Supabase. */
export function openUsageRepository(config: AppConfig): UsageRepository {
  const db = config.database;
  if (db.kind === 'supabase') return new SupabaseUsageRepository({ url: db.url, key: db.key });
  return new PostgresUsageRepository(db.url);
}

/**
 * The caps of one run (docs/costs.md): the job's `max_cost` against everything the job has spent
 * over all its runs, and the client key's daily budget against its spend since 00:00 UTC. The
 * daily figure is read when the run starts: runs of one client going at once each see the spend
 * of the others as it was then.
 */
export async function spendLimitsFor(
  usage: UsageRepository,
  config: AppConfig,
  job: { id: string; clientId: string },
): Promise<SpendLimits> {
  const limits: SpendLimit[] = [];
  const maxCost = await usage.getMaxCost(job.id);
  if (maxCost !== null) {
    const spent = (await usage.jobTotals(job.id)).reduce((n, t) => n + t.costUsd, 0);
    limits.push(new SpendLimit('job', maxCost, spent));
  }
  const daily = dailyBudgetOf(config.costs, job.clientId);
  if (daily !== undefined) {
    const spent = await usage.clientSpentSince(job.clientId, utcDayStart());
    limits.push(new SpendLimit('client_daily', daily, spent));
  }
  return new SpendLimits(limits);
}
