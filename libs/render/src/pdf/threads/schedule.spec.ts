import {
  entryCost,
  pageOrder,
  worthPreparing,
  pageToPrepare,
  pickRequest,
  STEAL_FACTOR,
  worthStealing,
  type PageCost,
} from './schedule.js';

const costs =
  (table: Record<string, PageCost>) =>
  (key: string): PageCost | undefined =>
    table[key];

describe('render pool scheduling', () => {
  describe('pickRequest', () => {
    it('takes a block of a page the thread holds, most recently used first', () => {
      const queue = ['1:0', '1:1', '1:2'];
      expect(pickRequest(queue, ['1:2', '1:1'], new Set(), costs({}), 0)).toBe(1);
      expect(pickRequest(queue, ['1:1', '1:2'], new Set(), costs({}), 0)).toBe(2);
    });

    it('else takes the oldest block of a page no other thread holds', () => {
      const queue = ['1:0', '1:0', '1:3', '1:4'];
      expect(pickRequest(queue, ['1:9'], new Set(['1:0']), costs({}), 0)).toBe(2);
    });

    it("leaves another thread's page alone when the second parse costs more than it saves", () => {
      const queue = ['1:0', '1:0', '1:0'];
      // 3 blocks × 100 ms of rendering against a 2 s parse.
      const cost = { '1:0': { parseMs: 2000, firstRenderMs: 150, renderMs: 100 } };
      expect(pickRequest(queue, [], new Set(['1:0']), costs(cost), 0)).toBe(-1);
    });

    it("helps with another thread's page when many blocks wait on a cheap page", () => {
      const queue = ['1:0', '1:1', '1:1', '1:1', '1:1'];
      const cost = {
        '1:0': { parseMs: 50, firstRenderMs: 100, renderMs: 100 },
        '1:1': { parseMs: 40, firstRenderMs: 60, renderMs: 50 },
      };
      // The page with the most waiting blocks, not the oldest request.
      expect(pickRequest(queue, [], new Set(['1:0', '1:1']), costs(cost), 0)).toBe(1);
      // Not when stealing is not allowed (the pool first lets the thread parse ahead).
      expect(pickRequest(queue, [], new Set(['1:0', '1:1']), costs(cost), 0, false)).toBe(-1);
    });

    it('counts the blocks of a page still to come, not only the queued ones', () => {
      const queue = ['1:0', '1:0'];
      const cost = { parseMs: 300, firstRenderMs: 300, renderMs: 100 };
      // Entering costs 300 + 200 ms: 2 queued × 100 ms < 3 × 500 ms; 22 × 100 ms ≥ 1500 ms.
      expect(pickRequest(queue, [], new Set(['1:0']), costs({ '1:0': cost }), 0)).toBe(-1);
      const coming = { '1:0': { ...cost, comingBlocks: 20 } };
      expect(pickRequest(queue, [], new Set(['1:0']), costs(coming), 0)).toBe(0);
    });

    it('returns -1 on an empty queue', () => {
      expect(pickRequest([], ['1:0'], new Set(), costs({}), 0)).toBe(-1);
    });
  });

  describe('worthStealing', () => {
    it('never before a later block of the page has been measured', () => {
      expect(worthStealing(100, undefined, 0)).toBe(false);
      expect(worthStealing(100, { parseMs: 1, firstRenderMs: 500 }, 0)).toBe(false);
    });

    it('needs at least two waiting blocks', () => {
      expect(worthStealing(1, { parseMs: 0, renderMs: 1000 }, 0)).toBe(false);
      expect(worthStealing(2, { parseMs: 0, renderMs: 1000 }, 0)).toBe(true);
    });

    it(`weighs the waiting render work against ${STEAL_FACTOR}× the cost of entering the page`, () => {
      const cost = { parseMs: 300, firstRenderMs: 400, renderMs: 100 };
      // Entering: 300 ms parse + 300 ms of first-use setup.
      expect(entryCost(cost, 0)).toBe(600);
      expect(worthStealing(18, cost, 0)).toBe(true);
      expect(worthStealing(17, cost, 0)).toBe(false);
    });

    it('adds opening the document for a thread that has not opened it', () => {
      const cost = { parseMs: 300, firstRenderMs: 100, renderMs: 100 };
      expect(entryCost({ ...cost, openMs: 400 }, 0)).toBe(700);
      expect(worthStealing(7, cost, 0)).toBe(false);
      expect(worthStealing(9, cost, 0)).toBe(true);
      expect(worthStealing(9, { ...cost, openMs: 400 }, 0)).toBe(false);
    });

    it('counts a parse still running as at least as long as it has run', () => {
      const cost = { parsingSince: 1000, renderMs: 100 };
      expect(entryCost(cost, 1600)).toBe(600);
      expect(worthStealing(10, cost, 1100)).toBe(true);
      expect(worthStealing(10, cost, 1600)).toBe(false);
    });
  });

  describe('worthPreparing', () => {
    it('always on a thread that has the document open', () => {
      expect(worthPreparing(0, undefined)).toBe(true);
    });

    it('elsewhere only when pages parse at least as slowly as the document opens', () => {
      expect(worthPreparing(400, undefined)).toBe(false);
      expect(worthPreparing(400, 250)).toBe(false);
      expect(worthPreparing(400, 900)).toBe(true);
    });
  });

  describe('pageToPrepare', () => {
    const plan = [4, 5, 29];

    it('is the page after the newest requested one when nobody holds it', () => {
      expect(pageToPrepare(plan, 0, 1, () => false)).toBe(5);
      expect(pageToPrepare(plan, -1, 1, () => false)).toBe(4);
    });

    it('skips held pages within the lookahead and stops at its end', () => {
      expect(pageToPrepare(plan, 0, 1, (page) => page === 5)).toBeUndefined();
      expect(pageToPrepare(plan, 0, 2, (page) => page === 5)).toBe(29);
    });

    it('is undefined past the last page', () => {
      expect(pageToPrepare(plan, 2, 1, () => false)).toBeUndefined();
    });
  });

  it('pageOrder lists pages in the order of their first block', () => {
    expect(pageOrder([3, 3, 0, 3, 1, 0])).toEqual([3, 0, 1]);
  });
});
