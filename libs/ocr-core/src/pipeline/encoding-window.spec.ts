import { EncodingWindow } from './encoding-window.js';

/** A task that runs until the test resolves it. */
function gated() {
  let release!: (value: string) => void;
  const done = new Promise<string>((resolve) => (release = resolve));
  return { task: () => done, release };
}

describe('EncodingWindow', () => {
  it('starts at once while there is room and hands back the result', async () => {
    const window = new EncodingWindow(2);
    const a = gated();
    const { done } = await window.start(a.task);
    expect(window.running).toBe(1);
    a.release('strip a');
    await expect(done).resolves.toBe('strip a');
  });

  it('makes the caller wait while `limit` tasks run, and starts the next as one ends', async () => {
    const window = new EncodingWindow(2);
    const [a, b, c] = [gated(), gated(), gated()];
    await window.start(a.task);
    await window.start(b.task);
    let thirdStarted = false;
    const third = window.start(c.task).then((started) => {
      thirdStarted = true;
      return started;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(thirdStarted).toBe(false);
    expect(window.running).toBe(2);

    b.release('b');
    const { done } = await third;
    expect(window.running).toBe(2);
    a.release('a');
    c.release('c');
    await expect(done).resolves.toBe('c');
  });

  it('passes a failure to whoever awaits `done`, and frees the slot', async () => {
    const window = new EncodingWindow(1);
    const { done } = await window.start(() => Promise.reject(new Error('zlib failed')));
    await expect(done).rejects.toThrow('zlib failed');
    const next = await window.start(() => Promise.resolve('next'));
    await expect(next.done).resolves.toBe('next');
  });
});
