import type { SupabaseClient } from '@supabase/supabase-js';
import type { BlockStatsRow } from '../ports/block-stats.repository.js';
import type { UsageWireRow } from '../usage/usage.repository.js';
import type {
  BlockResultWireRow,
  JobFileWireRow,
  JobSettingsWireRow,
  JobWireRow,
} from '../rows/row-mappers.js';

/** Mapped copy: supabase-js needs type aliases (index-signature compatible), not interfaces. */
type Plain<T> = { [K in keyof T]: T[K] };

type Table<Row, Insert> = {
  Row: Plain<Row>;
  Insert: Plain<Insert>;
  Update: Partial<Plain<Insert>>;
  Relationships: [];
};

type Dates<T> = { [K in keyof T]: Date extends T[K] ? Exclude<T[K], Date> : T[K] };

/** The migrations' tables as PostgREST serves them (timestamps as ISO strings). */
export type SupabaseDatabase = {
  public: {
    Tables: {
      jobs: Table<
        Dates<JobWireRow>,
        Partial<Dates<JobWireRow>> & Pick<JobWireRow, 'id' | 'client_id' | 'status'>
      >;
      job_files: Table<
        Dates<JobFileWireRow> & { id: number },
        Omit<Dates<JobFileWireRow>, 'created_at' | 'file_size'> & { file_size: number }
      >;
      job_settings: Table<
        JobSettingsWireRow & { job_id: string; updated_at: string },
        JobSettingsWireRow & { job_id: string }
      >;
      block_results: Table<
        Dates<BlockResultWireRow>,
        Omit<Dates<BlockResultWireRow>, 'updated_at'>
      >;
      job_block_stats: Table<BlockStatsRow & { updated_at: string }, BlockStatsRow>;
      engine_usage: Table<UsageWireRow & { id: number; created_at: string }, UsageWireRow>;
      job_budgets: Table<
        { job_id: string; max_cost: number; updated_at: string },
        { job_id: string; max_cost: number; updated_at?: string }
      >;
    };
    Views: { [_ in never]: never };
    Functions: { [_ in never]: never };
    Enums: { [_ in never]: never };
    CompositeTypes: { [_ in never]: never };
  };
};

export type Supabase = SupabaseClient<SupabaseDatabase>;

/** supabase-js reports failures in the result; the repositories throw them instead. */
export class SupabaseStoreError extends Error {
  constructor(
    operation: string,
    readonly reason: { message: string; code?: string },
  ) {
    super(
      `Supabase ${operation} failed: ${reason.message}${reason.code ? ` (${reason.code})` : ''}`,
    );
    this.name = 'SupabaseStoreError';
  }
}

interface ErrorLike {
  message: string;
  code?: string;
}

/** Returns `data` or throws the error of a supabase-js result. */
export function unwrap<T>(
  operation: string,
  result: { data: T; error: null } | { data: null; error: ErrorLike },
): T {
  if (result.error) throw new SupabaseStoreError(operation, result.error);
  return result.data;
}

/** Returns the exact `count` of a `{ count: 'exact' }` request, or throws its error. */
export function unwrapCount(
  operation: string,
  result: { count: number | null; error: ErrorLike | null },
): number {
  if (result.error) throw new SupabaseStoreError(operation, result.error);
  return result.count ?? 0;
}
