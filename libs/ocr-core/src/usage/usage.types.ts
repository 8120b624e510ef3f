import type { CallKind } from '../pipeline/pipeline.types.js';

/** What one engine call used (docs/costs.md): written to the usage ledger as it ends. */
export interface CallUsage {
  engine: string;
  model: string | null;
  kind: CallKind;
  /** Blocks (or windows) the call read. */
  blocks: number;
  inputTokens: number | null;
  outputTokens: number | null;
  /** The engine's own figure (OpenRouter `usage.cost`), else priced from the table; null when unknown. */
  costUsd: number | null;
  /** Pages billed (Datalab), null for engines that bill otherwise. */
  pagesBilled: number | null;
  wallMs: number;
  /** False when the call gave no answer (its cost, if any, is unknown). */
  ok: boolean;
}

/** Where a run writes each call's usage (a database ledger in the worker). */
export interface UsageMeter {
  record(call: CallUsage): Promise<void>;
}
