/**
 * `GET /usage` (docs/quotas.md): what each client key has used today against its limits. A client
 * key sees its own entry; the operator key sees every known client, or one with `?client=`.
 */
export interface UsageLimits {
  /** Jobs in `queued` at once; null: no limit. */
  max_queued_jobs: number | null;
  /** PDF pages submitted per UTC day; null: no limit. */
  max_pages_per_day: number | null;
  /** Bytes of one uploaded file; null: only the server's `MAX_UPLOAD_MB`. */
  max_upload_bytes: number | null;
}

export interface ClientUsage {
  client_id: string;
  /** Jobs of the client in `queued` now. */
  queued_jobs: number;
  /** PDF pages the client submitted this UTC day. */
  pages_today: number;
  /** Jobs waiting in the fair order (not yet handed to a worker queue). */
  waiting_jobs: number;
  /** Share of the workers in the fair order (docs/scaling-fairness.md); 1 unless configured. */
  weight: number;
  limits: UsageLimits;
}

export interface UsageAnswer {
  /** The UTC day `pages_today` counts, `YYYY-MM-DD`. */
  day: string;
  /** When the day's page counters start again (next UTC midnight), ISO 8601. */
  resets_at: string;
  clients: ClientUsage[];
}
