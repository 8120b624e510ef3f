import { jest } from '@jest/globals';
import { PeriodicTask } from './periodic-task.js';

describe('PeriodicTask', () => {
  it('never starts a run while one is going', async () => {
    let release!: () => void;
    let runs = 0;
    const task = new PeriodicTask(
      () => {
        runs += 1;
        return new Promise<number>((resolve) => (release = () => resolve(runs)));
      },
      () => undefined,
    );
    const first = task.runNow();
    expect(await task.runNow()).toBeUndefined();
    release();
    expect(await first).toBe(1);
    const second = task.runNow();
    release();
    expect(await second).toBe(2);
  });

  it('hands a failure to onError and runs again next time', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const task = new PeriodicTask(
      () => (fail ? Promise.reject(new Error('down')) : Promise.resolve('ok')),
      (e) => errors.push(e),
    );
    expect(await task.runNow()).toBeUndefined();
    expect(errors).toEqual([new Error('down')]);
    fail = false;
    expect(await task.runNow()).toBe('ok');
  });

  it('runs on its interval until stopped', async () => {
    jest.useFakeTimers();
    try {
      let runs = 0;
      const task = new PeriodicTask(
        () => Promise.resolve((runs += 1)),
        () => undefined,
      );
      task.start(100);
      await jest.advanceTimersByTimeAsync(350);
      expect(runs).toBe(3);
      task.stop();
      await jest.advanceTimersByTimeAsync(500);
      expect(runs).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
