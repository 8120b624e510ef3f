import type { EngineUsageTable } from '../postgres/db-schema.js';

/** One engine call in the usage ledger (docs/costs.md). */
export interface UsageEntry {
  jobId: string;
  clientId: string;
  engine: string;
  model: string | null;
  kind: 'strip' | 'image';
  blocks: number;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  pagesBilled: number | null;
  wallMs: number;
  ok: boolean;
}

/** Usage summed for one engine and model. */
export interface UsageTotals {
  engine: string;
  model: string | null;
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  pagesBilled: number;
  wallMs: number;
}

/** The usage ledger and the per-job spending caps. */
export interface UsageRepository {
  record(entry: UsageEntry): Promise<void>;
  /** A job's usage by engine and model, over all its runs. */
  jobTotals(jobId: string): Promise<UsageTotals[]>;
  /** USD a client key spent since `since` (for its daily budget). */
  clientSpentSince(clientId: string, since: Date): Promise<number>;
  /** Sets (a number) or clears (null) a job's `max_cost`. */
  setMaxCost(jobId: string, maxCost: number | null): Promise<void>;
  getMaxCost(jobId: string): Promise<number | null>;
  close(): Promise<void>;
}

/** A usage ledger row as written, the same for Postgres and PostgREST (db-schema.ts). */
export type UsageWireRow = Omit<EngineUsageTable, 'id' | 'created_at'>;

/** The ledger columns `sumUsageRows` reads. */
export const LEDGER_COLUMNS = [
  'engine',
  'model',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'pages_billed',
  'wall_ms',
  'ok',
] as const;

type LedgerRow = Pick<UsageWireRow, (typeof LEDGER_COLUMNS)[number]>;

/** The row both stores write for one engine call. */
export const usageRow = (e: UsageEntry): UsageWireRow => ({
  job_id: e.jobId,
  client_id: e.clientId,
  engine: e.engine,
  model: e.model,
  kind: e.kind,
  blocks: e.blocks,
  input_tokens: e.inputTokens,
  output_tokens: e.outputTokens,
  cost_usd: e.costUsd,
  pages_billed: e.pagesBilled,
  wall_ms: e.wallMs,
  ok: e.ok,
});

/** Sums ledger rows by engine and model (the stores read rows; a job has few calls). */
export function sumUsageRows(rows: readonly LedgerRow[]): UsageTotals[] {
  const totals = new Map<string, UsageTotals>();
  for (const row of rows) {
    const key = `${row.engine}\u0000${row.model ?? ''}`;
    const t = totals.get(key) ?? emptyTotals(row.engine, row.model);
    t.calls += 1;
    if (!row.ok) t.failedCalls += 1;
    t.inputTokens += row.input_tokens ?? 0;
    t.outputTokens += row.output_tokens ?? 0;
    t.costUsd += row.cost_usd ?? 0;
    t.pagesBilled += row.pages_billed ?? 0;
    t.wallMs += row.wall_ms;
    totals.set(key, t);
  }
  return [...totals.values()];
}

const emptyTotals = (engine: string, model: string | null): UsageTotals => ({
  engine,
  model,
  calls: 0,
  failedCalls: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  pagesBilled: 0,
  wallMs: 0,
});

/** Start of the current UTC day: daily budgets reset at 00:00 UTC. */
export const utcDayStart = (now = new Date()): Date =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
