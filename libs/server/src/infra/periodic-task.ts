/**
 * A task a long-lived service runs every so often (the queue and orphan sweepers, the fair
 * dispatcher, the api's stall check): never two runs at once, a timer that never keeps the process
 * alive, and a failed run handed to `onError` while the next one runs as usual.
 */
export class PeriodicTask<T> {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly run: () => Promise<T>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs the task every `intervalMs` from now on (restarting the timer if it ran). */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.runNow(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One run now: its result, or undefined when a run was already going or this one failed. */
  async runNow(): Promise<T | undefined> {
    if (this.running) return undefined;
    this.running = true;
    try {
      return await this.run();
    } catch (error) {
      this.onError(error);
      return undefined;
    } finally {
      this.running = false;
    }
  }
}
