import { answerWithMarkers, markersInPrompt } from './answer-with-markers.js';
import { busiestWindow, maxInFlight } from './load-stats.js';

const rec = (arrivedAt: number, finishedAt?: number) => ({ arrivedAt, finishedAt });

describe('load stats', () => {
  it('counts the most requests open at once; a hand-over is not an overlap', () => {
    expect(maxInFlight([rec(0, 10), rec(5, 15), rec(6, 7), rec(10, 20)])).toBe(3);
    expect(maxInFlight([rec(0, 10), rec(10, 20), rec(20, 30)])).toBe(1);
    expect(maxInFlight([rec(0), rec(100, 101)])).toBe(2);
    expect(maxInFlight([])).toBe(0);
  });

  it('finds the busiest half-open window of arrivals', () => {
    const arrivals = [0, 100, 950, 999, 1000, 1001, 1500].map((t) => rec(t));
    expect(busiestWindow(arrivals, 1000)).toEqual({ count: 5, start: 100 });
    expect(busiestWindow([rec(0), rec(1000)], 1000).count).toBe(1);
  });
});

describe('answerWithMarkers', () => {
  it('answers each marker listed in the prompt, in order, once', () => {
    const prompt =
      'Blocks: BLOCK: AB12-CD34-EF5, [[[BLOCK_ID: 0a6f7348-cb0f-5050-8da7-5167811c6fc2]]], BLOCK: AB12-CD34-EF5';
    expect(markersInPrompt(prompt)).toEqual([
      'AB12-CD34-EF5',
      '0a6f7348-cb0f-5050-8da7-5167811c6fc2',
    ]);
    expect(answerWithMarkers(prompt, (m, i) => `#${i} ${m.slice(0, 4)}`)).toBe(
      'BLOCK: AB12-CD34-EF5\n#0 AB12\n\nBLOCK: 0a6f7348-cb0f-5050-8da7-5167811c6fc2\n#1 0a6f',
    );
  });
});
