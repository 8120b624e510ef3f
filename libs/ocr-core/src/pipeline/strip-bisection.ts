import type { BatchBlockRef, BlockAnswer } from '../parsing/answer.types.js';
import { parseBatchAnswer } from '../parsing/batch-answer-parser.js';

/** The answer of one engine call for a strip of `blocks` (as placed: 1-based `index` each). */
export interface StripCall<T extends BatchBlockRef> {
  blocks: readonly T[];
  text: string;
  truncated: boolean;
}

/** A block's final reading from a strip call, or from a smaller strip re-sent for it. */
export interface BlockReading<T extends BatchBlockRef> {
  block: T;
  /** `done` or `failed`; never `uncertain` (that is re-sent, or failed once the budget is spent). */
  answer: BlockAnswer;
  /** Read from a re-sent strip. */
  resplit: boolean;
  /** The call it was read from came back cut at the engine's limit. */
  truncated: boolean;
  /** The call it was read from (its answer is shared by the call's blocks). */
  call: StripCall<T>;
}

/** Re-sends left for one job (shared by all its strips). */
export interface ResendBudget {
  left: number;
  /** Re-sends made so far (the engine calls bisection added). */
  used: number;
}

export interface StripReader<T extends BatchBlockRef> {
  /** One engine call for these blocks as a strip (the caller renders and labels it). */
  ask(blocks: readonly T[]): Promise<StripCall<T>>;
  /** Called once per block with its reading, the moment it is known. */
  onRead(reading: BlockReading<T>): Promise<void>;
  /** Called when a re-send's engine call failed, with the blocks it held. */
  onCallFailed(blocks: readonly T[], error: unknown): Promise<void>;
  budget: ResendBudget;
}

/**
 * Reads a strip's answer, re-sending what it could not be split for with certainty (docs/contract.md §4,
 * docs/confidence.md): the uncertain blocks go back as one smaller strip when only some were
 * uncertain, else as two halves; a one-block strip's answer is that block's, so this ends. Each
 * re-send spends one unit of the job's budget; with none left, the uncertain blocks fail with the
 * reason. No block ever gets a neighbour's text: only `done` readings carry one.
 */
export async function readStripCall<T extends BatchBlockRef>(
  call: StripCall<T>,
  reader: StripReader<T>,
): Promise<void> {
  await readCall(call, reader, false);
}

async function readCall<T extends BatchBlockRef>(
  call: StripCall<T>,
  reader: StripReader<T>,
  resplit: boolean,
): Promise<void> {
  const answers = parseBatchAnswer(call.text, call.blocks, { truncated: call.truncated });
  const unsure: Array<{ block: T; reason: string }> = [];
  const reads: Array<Promise<void>> = [];
  for (const [i, answer] of answers.entries()) {
    const block = call.blocks[i];
    if (answer.status === 'uncertain') unsure.push({ block, reason: answer.error ?? 'uncertain' });
    else reads.push(reader.onRead({ block, answer, resplit, truncated: call.truncated, call }));
  }
  // All of a call's readings are handed over in one go, so the store behind `onRead` can write
  // them together (one database statement and one event batch per strip, not one per block).
  await Promise.all(reads);
  if (unsure.length === 0) return;
  const groups =
    unsure.length < call.blocks.length || unsure.length === 1
      ? [unsure]
      : [unsure.slice(0, Math.ceil(unsure.length / 2)), unsure.slice(Math.ceil(unsure.length / 2))];
  for (const group of groups) await resend(group, reader, call);
}

async function resend<T extends BatchBlockRef>(
  group: ReadonlyArray<{ block: T; reason: string }>,
  reader: StripReader<T>,
  parent: StripCall<T>,
): Promise<void> {
  if (reader.budget.left <= 0) {
    await Promise.all(
      group.map(({ block, reason }) => {
        const error = `${reason}; no re-sends left in this job's budget`;
        const answer: BlockAnswer = { blockId: block.blockId, status: 'failed', text: '', error };
        return reader.onRead({
          block,
          answer,
          resplit: false,
          truncated: parent.truncated,
          call: parent,
        });
      }),
    );
    return;
  }
  reader.budget.left -= 1;
  reader.budget.used += 1;
  const blocks = group.map((g) => g.block);
  let call: StripCall<T>;
  try {
    call = await reader.ask(blocks);
  } catch (error) {
    await reader.onCallFailed(blocks, error);
    return;
  }
  await readCall(call, reader, true);
}
