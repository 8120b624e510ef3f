import type { BlockCheckpoint } from '@remote-ocr/ocr-core';
import {
  STALE_RUN_SQLSTATE,
  StaleRunError,
  type BlockResultInput,
  type JobStore,
} from '@remote-ocr/storage';
import { RepositoryCheckpointStore } from './repository-checkpoint-store.js';

const JOB = '33333333-3333-4333-8333-333333333333';
const checkpoint = (blockId: string): BlockCheckpoint => ({
  blockId,
  part: 0,
  status: 'done',
  text: `text of ${blockId}`,
  confidence: 0.9,
});

/** A store whose block results only record the batches they are given. */
function recordingStore(fail?: () => Error) {
  const batches: BlockResultInput[][] = [];
  const blockResults = {
    upsertMany: (rows: readonly BlockResultInput[]) => {
      batches.push([...rows]);
      return fail ? Promise.reject(fail()) : Promise.resolve();
    },
  };
  return { store: { blockResults } as unknown as JobStore, batches };
}

describe('RepositoryCheckpointStore', () => {
  it("writes the saves of one turn (a strip's blocks) as one batch, with the run attempt", async () => {
    const { store, batches } = recordingStore();
    const checkpoints = new RepositoryCheckpointStore(store, JOB, new AbortController().signal, 4);
    await Promise.all(['a', 'b', 'c'].map((id) => checkpoints.save(checkpoint(id))));
    await checkpoints.save(checkpoint('d'));
    expect(batches.map((b) => b.map((r) => r.blockId))).toEqual([['a', 'b', 'c'], ['d']]);
    expect(batches[0][1]).toMatchObject({
      jobId: JOB,
      text: 'text of b',
      runAttempt: 4,
      confidence: 0.9,
      flags: [],
      error: null,
    });
  });

  it('fails every save of a batch the run fence refused, as StaleRunError', async () => {
    const refusal = () => Object.assign(new Error('stale'), { code: STALE_RUN_SQLSTATE });
    const { store } = recordingStore(refusal);
    const checkpoints = new RepositoryCheckpointStore(store, JOB, new AbortController().signal, 1);
    const saved = await Promise.allSettled(
      ['a', 'b'].map((id) => checkpoints.save(checkpoint(id))),
    );
    expect(saved.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    for (const s of saved)
      expect((s as PromiseRejectedResult).reason).toBeInstanceOf(StaleRunError);
  });

  it('writes nothing once the run is stopped', async () => {
    const { store, batches } = recordingStore();
    const stop = new AbortController();
    const checkpoints = new RepositoryCheckpointStore(store, JOB, stop.signal, 1);
    const pending = checkpoints.save(checkpoint('a'));
    stop.abort(new Error('stopped'));
    await expect(pending).rejects.toThrow('stopped');
    await expect(checkpoints.save(checkpoint('b'))).rejects.toThrow('stopped');
    expect(batches).toEqual([]);
  });
});
