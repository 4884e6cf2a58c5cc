/**
 * The process's isolates. Memory-capped V8 isolates per isolation key (a tenant, or a tenant's draft tests),
 * never shared between keys, so no object, prototype or global is ever shared between tenants, and a draft that blows
 * up cannot reset the tenant's live executions. A key has one isolate, and a busy key up to `isolatesPerKey` (its runs
 * spread over their threads, so a busy tenant can use more than one core; each has its own cap). Inside an isolate
 * (tenant-isolate.ts, context-boot.ts): compiled module scripts per artifact (compiled once, run in every new context
 * of that version) and a bounded pool of idle warm contexts per version (module loaded once).
 * Everything is LRU-bounded: isolates per process, idle contexts per isolate and per version, scripts per isolate;
 * and with a memory budget (memory-budget.ts), the isolates' heaps together.
 */
import { Quarantine } from './isolate-loss';
import type { BudgetedPool, MemoryBudget } from './memory-budget';
import { TenantIsolate } from './tenant-isolate';

export interface PoolLimits {
  memoryLimitMb: number;
  maxIsolates: number;
  /** Isolates one key may have at once (default 1): a busy key's runs spread over them (each its own thread and cap). */
  isolatesPerKey?: number;
  idleContextsPerIsolate: number;
  idleContextsPerVersion: number;
  scriptsPerIsolate: number;
}

/** Which isolate limit an isolated-vm error reports: the time bound, the memory cap, or neither. */
export function limitHit(error: unknown): 'timeout' | 'memory' | undefined {
  const message = String((error as Partial<Error> | undefined)?.message ?? error);
  if (/memory limit/i.test(message)) return 'memory';
  if (/timed out/i.test(message)) return 'timeout';
  return undefined;
}

/** An isolate no run has used for this long is disposed (checked whenever a run takes an isolate). */
export const IDLE_ISOLATE_MS = 10 * 60_000;

/** In-flight runs on a key's least busy isolate from which another isolate of the key may be worth its boot time. */
export const SPREAD_AT_BUSY = 4;

export class IsolatePool implements BudgetedPool {
  /** Per key, its isolates (never shared between keys); keys in least-recently-used order. */
  private readonly isolates = new Map<string, TenantIsolate[]>();
  /**
   * `onLost`: told when an isolate is lost (isolate-loss.ts), with its key and how many were lost so far.
   * `quarantine`: shared by pools holding isolates of the same keys (a key lost in one is refused by all).
   * `budget`: the memory budget this pool's isolates count against (shared by a sandbox's pools), if any.
   */
  constructor(
    private readonly limits: PoolLimits,
    private readonly onLost?: (isolationKey: string, lostSoFar: number) => void,
    readonly quarantine = new Quarantine(),
    budget?: MemoryBudget,
  ) {
    budget?.register(this);
  }

  *members(): Iterable<[string, TenantIsolate]> {
    for (const [key, group] of this.isolates) for (const t of group) yield [key, t];
  }

  /**
   * An isolate of this key for one run: the key's least busy one; a new one if it has none (or only disposed ones),
   * or if even the least busy has SPREAD_AT_BUSY runs in flight, its thread is saturated (isSaturated) and the key
   * has fewer than `isolatesPerKey` (a busy tenant's load then spreads over more than one thread, so more than one
   * core). Only a saturated isolate counts: while the main thread is the limit, a second isolate's thread only adds
   * hand-offs to a sleeping thread and contexts to boot (docs/performance.md). The key becomes most recently used.
   * Throws QuarantinedError while the key is quarantined.
   */
  acquire(isolationKey: string, now = Date.now()): TenantIsolate {
    this.quarantine.check(isolationKey, now);
    this.disposeIdleSince(now - IDLE_ISOLATE_MS);
    let group = this.isolates.get(isolationKey) ?? [];
    if (group.some((t) => t.disposed || t.lost)) group = group.filter((t) => !t.disposed && !t.lost);
    this.isolates.delete(isolationKey);
    let t: TenantIsolate | undefined;
    for (const candidate of group) if (!t || candidate.busy < t.busy) t = candidate;
    const spread = (x: TenantIsolate) =>
      group.length < (this.limits.isolatesPerKey ?? 1) && x.busy >= SPREAD_AT_BUSY && x.isSaturated(now);
    if (!t || spread(t)) {
      t = new TenantIsolate(this.limits, () => {
        this.quarantine.add(isolationKey);
        this.onLost?.(isolationKey, this.quarantine.lost);
      });
      group.push(t);
      this.evictIdleIsolates();
    }
    t.lastUsed = now;
    this.isolates.set(isolationKey, group);
    return t;
  }

  /**
   * Frees the isolates no run has taken since `cutoff` (a tenant that stopped logging in): memory goes back to the
   * process instead of waiting for the count bound. The map is in least-recently-used order, so it stops at the
   * first key used after the cutoff.
   */
  disposeIdleSince(cutoff: number): void {
    for (const [key, group] of this.isolates) {
      if (group.every((t) => t.lastUsed >= cutoff)) return;
      for (const t of [...group]) if (t.lastUsed < cutoff && t.busy === 0) this.discard(key, t);
    }
  }

  /** Disposes an isolate (deadline passed, memory cap hit): every context in it is gone; the next run gets a new one. */
  discard(isolationKey: string, t: TenantIsolate): void {
    const group = this.isolates.get(isolationKey);
    const at = group?.indexOf(t) ?? -1;
    if (group && at >= 0) {
      group.splice(at, 1);
      if (group.length === 0) this.isolates.delete(isolationKey);
    }
    t.dispose();
  }

  /** Isolates held, all keys together. */
  size(): number {
    let n = 0;
    for (const group of this.isolates.values()) n += group.length;
    return n;
  }

  /** Isolates held for one key. */
  sizeOf(isolationKey: string): number {
    return this.isolates.get(isolationKey)?.length ?? 0;
  }

  private evictIdleIsolates(): void {
    let total = this.size();
    for (const [key, group] of this.isolates) {
      for (const t of [...group]) {
        if (total < this.limits.maxIsolates) return;
        if (t.busy === 0) {
          this.discard(key, t);
          total--;
        }
      }
    }
  }

  dispose(): void {
    for (const [key, group] of this.isolates) for (const t of [...group]) this.discard(key, t);
  }
}
