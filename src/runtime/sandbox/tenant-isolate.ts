/**
 * One memory-capped V8 isolate of an isolation key (isolate-pool.ts), and a bounded pool of its idle warm contexts
 * per version (module loaded once; made by context-boot.ts), LRU-bounded per isolate and per version. Also whether
 * its thread is saturated (isolate-pool.ts spreads a busy key's runs then), which calls run on its own thread
 * (sync-runs.ts), and its loss (isolate-loss.ts).
 */
import ivm from 'isolated-vm';
import { ContextBoot, WarmContext } from './context-boot';
import { IsolateLostError } from './isolate-loss';
import type { PoolLimits } from './isolate-pool';

/** How often an isolate's occupancy is sampled (ms), and the share of the window that counts as saturated. */
export const SATURATION_WINDOW_MS = 250;
export const SATURATED_SHARE = 0.75;

export class TenantIsolate {
  readonly isolate: ivm.Isolate;
  busy = 0;
  /** Runs of more than one action in one call holding contexts now (Sandbox.runSeries bounds them). */
  chainsInFlight = 0;
  /**
   * Calls running on the isolate's own thread now (runs, context boots): a call on the host's thread would wait for
   * the isolate's lock while one does, so none is made then (sync-runs.ts).
   */
  onThread = 0;
  /** When a run last took this isolate (ms since the epoch). */
  lastUsed = Date.now();
  /** Compiled scripts and new contexts (context-boot.ts). */
  readonly boot: ContextBoot;
  private readonly idle = new Map<string, WarmContext[]>();
  private idleCount = 0;
  /**
   * The pending guarded calls' rejections, called with IsolateLostError when isolated-vm reports a catastrophic error
   * in this isolate (isolate-loss.ts). A Set, not a race against one never-settling promise: every race would leave a
   * reaction on that promise, holding its call's whole continuation for as long as the isolate lives.
   */
  private readonly guarded = new Set<(e: Error) => void>();
  private lostError?: IsolateLostError;

  constructor(
    private readonly limits: PoolLimits,
    onLost: () => void = () => undefined,
  ) {
    this.isolate = new ivm.Isolate({
      memoryLimit: limits.memoryLimitMb,
      onCatastrophicError: (message: string) => {
        this.lostError = new IsolateLostError(`Isolate lost: ${message}`);
        for (const reject of this.guarded) reject(this.lostError);
        this.guarded.clear();
        onLost();
      },
    });
    this.boot = new ContextBoot(this.isolate, limits.scriptsPerIsolate);
  }

  /** isolated-vm reported a catastrophic error in this isolate: it is never called again. */
  get lost(): boolean {
    return this.lostError !== undefined;
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  private sampledAt = 0;
  private sampledWallNs = 0n;
  private saturated = false;

  /**
   * Whether the isolate's thread was occupied (running code, or blocked on a host call) for most of the last
   * sampling window: its runs queue behind each other, and another isolate would take them on another core.
   */
  isSaturated(now: number): boolean {
    if (now - this.sampledAt < SATURATION_WINDOW_MS || this.disposed) return this.saturated;
    const wallNs = this.isolate.wallTime;
    if (this.sampledAt > 0)
      this.saturated = Number(wallNs - this.sampledWallNs) / 1e6 >= SATURATED_SHARE * (now - this.sampledAt);
    this.sampledAt = now;
    this.sampledWallNs = wallNs;
    return this.saturated;
  }

  /** Counts `work` (calls into the isolate on its own thread) in `onThread` until it settles. */
  onItsThread<T>(work: Promise<T>): Promise<T> {
    this.onThread++;
    return work.finally(() => {
      if (--this.onThread > 0) return;
      const waiting = this.threadWaiters.splice(0);
      for (const wake of waiting) wake();
    });
  }

  /** Settles once no call runs on the isolate's own thread. */
  threadIdle(): Promise<void> {
    if (this.onThread === 0) return Promise.resolve();
    return new Promise((resolve) => this.threadWaiters.push(resolve));
  }

  private readonly threadWaiters: (() => void)[] = [];

  /** The call's result, or IsolateLostError as soon as the isolate is lost (its pending calls never settle then). */
  guard<T>(call: Promise<T>): Promise<T> {
    if (this.lostError) {
      call.catch(() => undefined);
      return Promise.reject(this.lostError);
    }
    return new Promise<T>((resolve, reject) => {
      this.guarded.add(reject);
      call.then(
        (value) => {
          this.guarded.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.guarded.delete(reject);
          reject(error);
        },
      );
    });
  }

  /** An idle warm context of this version, if any (the version becomes most recently used). */
  take(key: string): WarmContext | undefined {
    const pool = this.idle.get(key);
    const warm = pool?.pop();
    if (!warm) return undefined;
    this.idleCount--;
    this.idle.delete(key);
    if (pool!.length > 0) this.idle.set(key, pool!);
    return warm;
  }

  /** Contexts of each version checked out now, and the runs waiting for one. */
  private readonly inUse = new Map<string, number>();
  private readonly waiting = new Map<string, ((warm: WarmContext | undefined) => void)[]>();

  /**
   * How many contexts one version may have checked out at once: up to idleContextsPerVersion, but never more than its
   * share of idleContextsPerIsolate, so every version's contexts can go back to the idle pool without evicting another
   * version's (32 executions marching through 20 bound versions together would otherwise boot contexts all the time).
   * A run past it waits for one of the version's contexts: an invocation holds the isolate for a fraction of a
   * millisecond, a new context costs milliseconds of it.
   */
  private versionCap(): number {
    let versions = this.idle.size;
    for (const k of this.inUse.keys()) if (!this.idle.has(k)) versions++;
    return Math.max(
      4,
      Math.min(
        this.limits.idleContextsPerVersion,
        Math.floor(this.limits.idleContextsPerIsolate / Math.max(1, versions)),
      ),
    );
  }

  private count(key: string, delta: number): void {
    const n = (this.inUse.get(key) ?? 0) + delta;
    if (n > 0) this.inUse.set(key, n);
    else this.inUse.delete(key);
  }

  /** Hands `warm` (or, with undefined, a free slot) to the oldest run waiting for this version; false if none waits. */
  private wake(key: string, warm: WarmContext | undefined): boolean {
    const queue = this.waiting.get(key);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(key);
    if (next) next(warm);
    return next !== undefined;
  }

  /** A context of this version for one run: an idle one, a new one within the version's cap, else the next one given back. */
  async checkout(key: string, create: () => Promise<WarmContext>, waitMs: number): Promise<WarmContext> {
    for (;;) {
      const free = await this.checkoutFree(key, create);
      if (free) return free;
      const handed = await new Promise<WarmContext | undefined>((resolve, reject) => {
        const queue = this.waiting.get(key) ?? [];
        const timer = setTimeout(() => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(new Error('timed out waiting for a warm context of this version'));
        }, waitMs);
        const waiter = (warm: WarmContext | undefined) => {
          clearTimeout(timer);
          resolve(warm);
        };
        queue.push(waiter);
        this.waiting.set(key, queue);
      });
      if (handed) return handed; // still counted as in use: it went from one run to the next
    }
  }

  /**
   * A context of this version if one is free now: an idle one, or a new one within the version's cap; undefined
   * otherwise (never waits). The later actions of a chain take theirs this way: a run holding contexts never waits
   * for another, so runs of chains in different orders cannot hold each other up.
   */
  async checkoutFree(key: string, create: () => Promise<WarmContext>): Promise<WarmContext | undefined> {
    const idle = this.take(key);
    if (idle) {
      this.count(key, 1);
      return idle;
    }
    if ((this.inUse.get(key) ?? 0) >= this.versionCap()) return undefined;
    this.count(key, 1);
    try {
      return await create();
    } catch (e) {
      this.count(key, -1);
      this.wake(key, undefined);
      throw e;
    }
  }

  /** A checked-out context whose run failed: not reused; a waiting run may create another. */
  abandon(warm: WarmContext): void {
    this.count(warm.key, -1);
    this.release(warm);
    this.wake(warm.key, undefined);
  }

  /** Idle contexts are kept only while the isolate's heap is under half its cap (checked every 256 give-backs). */
  private heapHigh = false;
  private giveBacks = 0;

  private checkHeap(): void {
    if (++this.giveBacks % 256 !== 0) return;
    this.isolate.getHeapStatistics().then(
      (h) => {
        this.heapHigh = h.used_heap_size > (this.limits.memoryLimitMb * 1024 * 1024) / 2;
      },
      () => undefined,
    );
  }

  giveBack(warm: WarmContext): void {
    warm.current = undefined;
    if (this.disposed || this.lost) return;
    if (!warm.retire && this.wake(warm.key, warm)) return; // straight to the next run of this version
    this.count(warm.key, -1);
    if (warm.retire) {
      this.release(warm);
      this.wake(warm.key, undefined);
      return;
    }
    this.checkHeap();
    if (this.heapHigh) return this.release(warm); // heavy modules: fewer warm contexts rather than hitting the cap
    const pool = this.idle.get(warm.key) ?? [];
    if (pool.length >= this.limits.idleContextsPerVersion) return this.release(warm);
    this.idle.delete(warm.key);
    this.idle.set(warm.key, [...pool, warm]);
    this.idleCount++;
    while (this.idleCount > this.limits.idleContextsPerIsolate) {
      // From the version keeping the most idle contexts (least recently used first among equals): with many bound
      // versions taking turns, evicting the least recently used version would drop the very contexts needed next.
      let victimKey: string | undefined;
      let victim: WarmContext[] | undefined;
      for (const [k, pool] of this.idle) if (!victim || pool.length > victim.length) [victimKey, victim] = [k, pool];
      const evicted = victim!.shift()!;
      if (victim!.length === 0) this.idle.delete(victimKey!);
      this.idleCount--;
      this.release(evicted);
    }
  }

  /** Drops every idle warm context (memory-budget.ts); answers how many, and how many runs hold one now. */
  dropIdleContexts(): { dropped: number; inUse: number } {
    const idle = [...this.idle.values()].flat();
    this.idle.clear();
    this.idleCount = 0;
    for (const warm of idle) this.release(warm);
    let inUse = 0;
    for (const n of this.inUse.values()) inUse += n;
    return { dropped: idle.length, inUse };
  }

  /** A context that is not reused (its run failed, or the pool is full). */
  release(warm: WarmContext): void {
    warm.current = undefined;
    if (this.disposed || this.lost) return;
    warm.invoke.release();
    warm.invokeChained.release();
    warm.settle.release();
    warm.context.release();
  }

  dispose(): void {
    this.idle.clear();
    this.inUse.clear();
    for (const [key] of this.waiting) while (this.wake(key, undefined));
    this.boot.dropScripts();
    this.idleCount = 0;
    if (!this.disposed) this.isolate.dispose();
  }
}
