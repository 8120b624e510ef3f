import type { BlockCheckpoint } from '../ports/pipeline.ports.js';

/**
 * What is known about a job's blocks, from the store plus this run's results.
 *
 * Part numbering (our convention on top of the port's `part ≥ 0`): part 0 is the block's outcome;
 * parts 1…n are the windows of a block split for height. A split block gets its part 0 once every
 * window has an outcome, so "part 0 done" alone means "nothing left to do" on a resume, without
 * re-rendering to learn how many windows there were.
 */
export class CheckpointBook {
  private readonly outcomes = new Map<string, BlockCheckpoint>();
  private readonly windows = new Map<string, Map<number, BlockCheckpoint>>();
  private readonly finalised = new Set<string>();

  constructor(stored: readonly BlockCheckpoint[]) {
    for (const checkpoint of stored) {
      // A failed window from an earlier run is redone, so only finished ones are remembered.
      if (checkpoint.part > 0 && checkpoint.status !== 'done') continue;
      this.record(checkpoint);
    }
  }

  record(checkpoint: BlockCheckpoint): void {
    if (checkpoint.part === 0) {
      this.outcomes.set(checkpoint.blockId, checkpoint);
      return;
    }
    const byPart = this.windows.get(checkpoint.blockId) ?? new Map<number, BlockCheckpoint>();
    byPart.set(checkpoint.part, checkpoint);
    this.windows.set(checkpoint.blockId, byPart);
  }

  isDone(blockId: string): boolean {
    return this.outcomes.get(blockId)?.status === 'done';
  }

  outcome(blockId: string): BlockCheckpoint | undefined {
    return this.outcomes.get(blockId);
  }

  /** Window `partIndex` (0-based) of a split block finished in this or an earlier run. */
  isWindowDone(blockId: string, partIndex: number): boolean {
    return this.windows.get(blockId)?.get(partIndex + 1)?.status === 'done';
  }

  /**
   * Once every window of a split block has an outcome, returns them in order — exactly once per
   * block, so two windows finishing together do not both write the block's outcome.
   */
  takeCompleteWindows(blockId: string, partCount: number): BlockCheckpoint[] | undefined {
    if (this.finalised.has(blockId)) return undefined;
    const byPart = this.windows.get(blockId);
    const parts = Array.from({ length: partCount }, (_, i) => byPart?.get(i + 1));
    if (parts.some((p) => p === undefined)) return undefined;
    this.finalised.add(blockId);
    return parts as BlockCheckpoint[];
  }
}

/**
 * Joins the texts of a split block's windows. Windows overlap (100 px), so a line cut by the
 * boundary may be read twice; an exact repeat of the previous window's last line is dropped. A
 * window whose whole text repeats the previous one's is dropped too: engines answering from the
 * block's text layer (the `local` engine) give every window the same, whole-block text.
 */
export function joinWindowTexts(texts: readonly string[]): string {
  let joined = '';
  let previous: string | undefined;
  for (const raw of texts) {
    const text = raw.trim();
    if (text === previous) continue;
    previous = text;
    if (joined === '') {
      joined = text;
      continue;
    }
    const lastLine = joined.split('\n').at(-1)?.trim();
    const lines = text.split('\n');
    const rest = lines[0]?.trim() === lastLine ? lines.slice(1) : lines;
    if (rest.length > 0) joined = `${joined}\n${rest.join('\n')}`;
  }
  return joined;
}
