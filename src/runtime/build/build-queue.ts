/**
 * Bounded build concurrency (BUILD_CONCURRENCY; docs/security.md, "Build containment"): at most `limit` jobs of one
 * kind run at once, the rest wait in arrival order. The build step keeps one queue for npm installs and one for
 * bundles, so a build without dependencies (milliseconds of esbuild) never waits behind npm. `status()` is what
 * /metrics and the operator see.
 */
export interface QueueStatus {
  limit: number;
  running: number;
  queued: number;
  /** Jobs finished since start (succeeded or failed). */
  done: number;
}

export class BuildQueue {
  private running = 0;
  private done = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('A build queue needs a limit of at least 1.');
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await job();
    } finally {
      this.done++;
      const next = this.waiting.shift();
      if (next)
        next(); // the slot passes to the next job as is
      else this.running--;
    }
  }

  status(): QueueStatus {
    return { limit: this.limit, running: this.running, queued: this.waiting.length, done: this.done };
  }
}
