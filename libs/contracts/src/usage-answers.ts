/** Usage of one engine and model (docs/costs.md). */
export interface ModelUsageAnswer {
  engine: string;
  model: string | null;
  calls: number;
  failed_calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  pages_billed: number;
  wall_ms: number;
}

/** `usage` of `GET /jobs/{id}` and its details: every engine call of the job, over all its runs. */
export interface JobUsageAnswer {
  calls: number;
  failed_calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  pages_billed: number;
  wall_ms: number;
  /** The job's spending cap in USD, null when none. */
  max_cost: number | null;
  by_model: ModelUsageAnswer[];
}

/** `POST /jobs/estimate`, and `estimate` of a draft's `dry_run` start. */
export interface JobEstimateAnswer {
  engine?: string;
  pages: number;
  blocks: { total: number; text: number; table: number; image: number };
  strips: number;
  model_calls: number;
  /** Blocks the `auto` engine reads from the PDF's text layer (no model call). */
  text_layer_blocks: number;
  input_tokens: number;
  output_tokens: number;
  /** Null when the server has no price for the engine or model. */
  cost_usd: number | null;
  by_model: Array<{
    engine: string;
    model: string | null;
    calls: number;
    input_tokens: number;
    output_tokens: number;
    cost_usd: number | null;
  }>;
}

/** Answer of `POST /jobs/{id}/start` with `dry_run=true`: the draft stays a draft. */
export interface DryRunAnswer {
  ok: true;
  job_id: string;
  status: 'draft';
  dry_run: true;
  estimate: JobEstimateAnswer;
}
