import { makeBlock } from './__fixtures__/memory-ports.js';
import { pipelineHarness } from './__fixtures__/harness.js';
import { ScriptedEngine, echo } from './__fixtures__/scripted-engine.js';
import { runPipeline } from './run-pipeline.js';
import { FakeRenderer } from './__fixtures__/fake-renderer.js';
import {
  MemoryCheckpoints,
  MemorySink,
  MemorySource,
  tempPdf,
} from './__fixtures__/memory-ports.js';
import { BudgetExceededError, SpendLimit, SpendLimits } from '../usage/spend-limit.js';
import type { CallUsage } from '../usage/usage.types.js';

/** Three 100 px blocks a strip under 600 px: two strips and one image call, $0.50 each. */
const settings = { stripMaxHeight: 600, concurrency: 2 };
const blocks = () => [
  makeBlock('t1'),
  makeBlock('t2'),
  makeBlock('t3'),
  makeBlock('t4'),
  makeBlock('t5'),
  makeBlock('tb1', { block_type: 'table' }),
  makeBlock('img1', { block_type: 'image' }),
];
const prices = { scripted: { request: 0.5 } };

describe('runPipeline with spending caps and a usage meter', () => {
  it('halts before the call that would pass the cap, keeps the calls in flight, resumes without re-sending', async () => {
    const pdf = await tempPdf();
    const checkpoints = new MemoryCheckpoints();
    const engine = new ScriptedEngine();
    const ledger: CallUsage[] = [];
    const run = (limit: number, spent: number) =>
      runPipeline({
        engine,
        renderer: new FakeRenderer(),
        source: new MemorySource(pdf.path, blocks()),
        sink: new MemorySink(),
        checkpoints,
        documentName: 'plan.pdf',
        settings,
        prices,
        usage: { record: (call) => Promise.resolve(void ledger.push(call)) },
        spendLimits: new SpendLimits([new SpendLimit('job', limit, spent)]),
      });
    try {
      const halted = await run(1.2, 0).catch((e: unknown) => e);
      expect(halted).toBeInstanceOf(BudgetExceededError);
      expect(engine.requests).toHaveLength(2);
      // Left: the blocks of the refused call (strips and images run at once, in either order).
      const sentFirst = new Set(engine.blockIds().flat());
      const left = blocks()
        .filter((b) => !sentFirst.has(b.id))
        .map((b) => b.id);
      expect(left.length).toBeGreaterThan(0);
      expect((halted as BudgetExceededError).blocksLeft).toEqual(left);
      expect(ledger.map((c) => c.costUsd)).toEqual([0.5, 0.5]);

      const spent = ledger.reduce((n, c) => n + (c.costUsd ?? 0), 0);
      const summary = await run(2, spent);
      expect(summary).toMatchObject({ done: 7, failed: 0, engineCalls: 1 });
      const sent = engine.blockIds().flat();
      expect(new Set(sent).size).toBe(sent.length);
      expect(sent).toHaveLength(7);
      // Each block carries its share of its call: 3 blocks of a $0.50 strip, ~$0.1667 each.
      const t1 = checkpoints.rows.get('t1#0');
      expect(t1).toMatchObject({ inputTokens: 33, outputTokens: 3 });
      expect(t1?.costUsd).toBeCloseTo(0.5 / 3, 6);
      expect(t1?.wallMs).toEqual(expect.any(Number));
    } finally {
      await pdf.cleanup();
    }
  });

  it('records usage of every call, failed ones too, without caps', async () => {
    const ledger: CallUsage[] = [];
    const failing = new ScriptedEngine('scripted', (r) =>
      r.kind === 'image' ? new Error('boom') : echo(r, 0),
    );
    const h = await pipelineHarness(blocks(), { settings, engine: failing });
    const pdf = await tempPdf();
    try {
      await runPipeline({
        engine: failing,
        renderer: h.renderer,
        source: new MemorySource(pdf.path, blocks()),
        sink: h.sink,
        checkpoints: h.checkpoints,
        documentName: 'plan.pdf',
        settings,
        usage: { record: (call) => Promise.resolve(void ledger.push(call)) },
      });
      expect(ledger.map((c) => [c.kind, c.ok, c.blocks]).sort()).toEqual([
        ['image', false, 1],
        ['strip', true, 3],
        ['strip', true, 3],
      ]);
      const strip = ledger.find((c) => c.kind === 'strip');
      expect(strip).toMatchObject({ inputTokens: 100, outputTokens: 10, costUsd: null });
    } finally {
      await h.cleanup();
      await pdf.cleanup();
    }
  });
});
