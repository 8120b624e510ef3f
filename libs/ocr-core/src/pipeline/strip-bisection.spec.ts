import type { BatchBlockRef } from '../parsing/answer.types.js';
import { readStripCall, type BlockReading } from './strip-bisection.js';

const MARKERS = ['UQUV-RUUK-WN6', 'HUY4-AFAA-JTL', 'AC4E-9KLM-QRT', 'K7PD-M2XQ-B4N'];
const blocks: BatchBlockRef[] = MARKERS.map((marker, i) => ({
  blockId: `b${i + 1}`,
  marker,
  index: i + 1,
}));
const answer = blocks.map((b) => `BLOCK: ${b.marker}\ntext of ${b.blockId}`).join('\n');

describe('readStripCall', () => {
  it("hands all of a call's readings over at once, so a store can write them together", async () => {
    let inFlight = 0;
    let most = 0;
    const read: string[] = [];
    await readStripCall(
      { blocks, text: answer, truncated: false },
      {
        ask: () => Promise.reject(new Error('no re-send expected')),
        onRead: async (reading: BlockReading<BatchBlockRef>) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          read.push(`${reading.block.blockId}: ${reading.answer.text}`);
          inFlight -= 1;
        },
        onCallFailed: () => Promise.reject(new Error('no failure expected')),
        budget: { left: 0, used: 0 },
      },
    );
    expect(most).toBe(blocks.length);
    expect(read.sort()).toEqual(blocks.map((b) => `${b.blockId}: text of ${b.blockId}`));
  });
});
