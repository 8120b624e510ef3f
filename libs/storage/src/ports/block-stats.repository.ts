/** Blocks of a job by type, as `GET /jobs/{id}/details` reports them (`grouped` = text + table). */
export interface BlockTypeCounts {
  total: number;
  text: number;
  table: number;
  image: number;
}

/**
 * Block statistics stored once when a job's blocks are accepted, so reading them never re-parses
 * the blocks file (docs/security.md, "Bounded work per request").
 */
export interface BlockStatsRepository {
  put(jobId: string, counts: BlockTypeCounts): Promise<void>;
  get(jobId: string): Promise<BlockTypeCounts | null>;
}

/** Database row of `job_block_stats`. */
export interface BlockStatsRow {
  job_id: string;
  total: number;
  text_count: number;
  table_count: number;
  image_count: number;
}

export const toBlockStatsRow = (jobId: string, c: BlockTypeCounts): BlockStatsRow => ({
  job_id: jobId,
  total: c.total,
  text_count: c.text,
  table_count: c.table,
  image_count: c.image,
});

export const fromBlockStatsRow = (row: Omit<BlockStatsRow, 'job_id'>): BlockTypeCounts => ({
  total: row.total,
  text: row.text_count,
  table: row.table_count,
  image: row.image_count,
});

/** Counts blocks by `block_type` (unknown types were normalised to text at validation). */
export function countBlockTypes(blocks: ReadonlyArray<{ block_type: string }>): BlockTypeCounts {
  const counts = { total: blocks.length, text: 0, table: 0, image: 0 };
  for (const b of blocks) {
    if (b.block_type === 'text' || b.block_type === 'table' || b.block_type === 'image')
      counts[b.block_type] += 1;
  }
  return counts;
}
