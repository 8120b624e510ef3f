import { Inject, Injectable } from '@nestjs/common';
import type { BlockResultRecord } from '@remote-ocr/contracts';
import { isFlagged, WARNING_FLAGS } from '@remote-ocr/ocr-core';
import { JOB_STORE, type Principal } from '@remote-ocr/server';
import type { JobStore } from '@remote-ocr/storage';
import { findOwnedJob } from './job-access.js';
import type { JobBlocksQuery } from './job-blocks.dto.js';

/** One block in `GET /jobs/{id}/blocks`. */
export interface BlockView {
  block_id: string;
  status: 'done' | 'failed';
  text: string | null;
  error: string | null;
  read_method: string | null;
  flags: string[];
  confidence: number | null;
  flagged: boolean;
  engine: string | null;
  model: string | null;
  /** Where a done block's text came from: `text_layer` or the engine's name (docs/auto-engine.md). */
  source: string | null;
}

/**
 * Per-block results of a job (docs/confidence.md): one entry per block that has a result (part
 * 0 of its checkpoints), filtered by `flag` and `status` and paged. Filtering happens here over
 * the job's results: a job's blocks number in the thousands at most and one query reads them.
 */
@Injectable()
export class JobBlocksService {
  constructor(@Inject(JOB_STORE) private readonly store: JobStore) {}

  async list(principal: Principal, id: string, query: JobBlocksQuery) {
    const job = await findOwnedJob(this.store, principal, id);
    const results = (await this.store.blockResults.list(job.id)).filter((r) => r.part === 0);
    const wanted = results.filter((r) => matches(r, query));
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 100;
    return {
      job_id: job.id,
      total: wanted.length,
      offset,
      limit,
      blocks: wanted.slice(offset, offset + limit).map(blockView),
    };
  }

  /** Done blocks with a warning flag (`blocks_flagged` of job answers). */
  countFlagged(jobId: string): Promise<number> {
    return this.store.blockResults.countFlagged(jobId, WARNING_FLAGS);
  }
}

function matches(r: BlockResultRecord, query: JobBlocksQuery): boolean {
  if (query.flag && !(r.flags ?? []).includes(query.flag)) return false;
  switch (query.status) {
    case undefined:
      return true;
    case 'flagged':
      return r.status === 'done' && isFlagged(r.flags);
    case 'pending':
      return false; // only blocks with a result are listed; pending ones have none yet
    case 'done':
    case 'failed':
      return r.status === query.status;
  }
}

function blockView(r: BlockResultRecord): BlockView {
  const done = r.status === 'done';
  return {
    block_id: r.blockId,
    status: r.status,
    text: done ? r.text : null,
    error: r.error,
    read_method: r.readMethod ?? null,
    flags: r.flags ?? [],
    confidence: r.confidence ?? null,
    flagged: done && isFlagged(r.flags),
    engine: r.engine,
    model: r.model,
    source: done ? r.engine : null,
  };
}
