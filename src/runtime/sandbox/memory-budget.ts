/**
 * A bound on the memory the sandbox's isolates hold together (SANDBOX_MEMORY_BUDGET_MB; docs/security.md, "What an
 * action's code runs in"). Each isolate has its own cap (SANDBOX_MEMORY_MB) and their number is bounded
 * (SANDBOX_MAX_ISOLATES), but cap × count is far more than a machine has: tenants that logged in once keep their
 * isolate and warm contexts until the count bound or ten idle minutes push them out. The budget frees that memory when the sum gets too big:
 * - every `sampleMs` it reads each isolate's heap (isolated-vm's heap statistics: the heap V8 has committed plus
 *   memory allocated outside it, such as array buffers); a reading waits for the isolate's thread, so one that has
 *   not answered within READ_WAIT_MS (a long run) counts with its last reading, and a sample never waits for a run;
 * - while the sum is over the budget, idle isolates (no run in flight) are disposed, least recently used first;
 *   then, if it is still over, the idle warm contexts of the isolates left (all busy by then) are dropped, least
 *   recently used first, each isolate counted as freeing its reading's share of the contexts it dropped (their
 *   memory goes back at the isolate's next garbage collection; the next reading has the real figure).
 * A running isolate is never touched (its own cap bounds it). A tenant whose isolate was disposed gets a fresh one
 * at its next execution: a cold start of a few milliseconds (docs/performance.md).
 * The pools of one sandbox share one budget (Sandbox: its isolates for runs on their own thread and on the host's).
 */
import { settleWithin } from '../../shared/settle-within';
import type { TenantIsolate } from './tenant-isolate';

/** How often the isolates' heaps are read (ms). */
export const MEMORY_SAMPLE_MS = 5_000;
/** How long a reading may wait for a busy isolate's thread before its last reading stands in (ms). */
export const READ_WAIT_MS = 100;

/** What a pool lets the budget see and do (IsolatePool). */
export interface BudgetedPool {
  /** Its isolates with their keys. */
  members(): Iterable<[string, TenantIsolate]>;
  /** Disposes one of its isolates. */
  discard(isolationKey: string, t: TenantIsolate): void;
}

export interface MemoryReading {
  /** Isolates held, all pools together. */
  isolates: number;
  /** Their heaps at the last reading, bytes. */
  bytes: number;
  /** Isolates disposed, and idle warm contexts dropped, to stay within the budget since the start. */
  evicted: number;
  contextsDropped: number;
}

export class MemoryBudget {
  private readonly pools = new Set<BudgetedPool>();
  private readonly lastBytes = new WeakMap<TenantIsolate, number>();
  private timer?: NodeJS.Timeout;
  private enforcing?: Promise<void>;
  private readonly reading: MemoryReading = { isolates: 0, bytes: 0, evicted: 0, contextsDropped: 0 };

  /** `budgetBytes`: 0 never evicts and reads the heaps only when asked (enforce). */
  constructor(
    readonly budgetBytes: number,
    private readonly sampleMs = MEMORY_SAMPLE_MS,
  ) {}

  register(pool: BudgetedPool): void {
    this.pools.add(pool);
    if (this.timer || this.sampleMs <= 0 || this.budgetBytes <= 0) return;
    this.timer = setInterval(() => void this.enforce(), this.sampleMs);
    this.timer.unref();
  }

  /** The last reading (the sampler keeps it current). */
  current(): MemoryReading {
    return { ...this.reading };
  }

  /** Reads every isolate's heap and frees idle isolates, then idle contexts, while the sum is over the budget. */
  enforce(): Promise<void> {
    this.enforcing ??= this.readAndFree().finally(() => (this.enforcing = undefined));
    return this.enforcing;
  }

  private async readAndFree(): Promise<void> {
    const members = this.members();
    const sizes = await Promise.all(members.map(({ t }) => this.bytesOf(t)));
    let total = sizes.reduce((sum, n) => sum + n, 0);
    const live = members.map((m, i) => ({ ...m, bytes: sizes[i] })).sort((a, b) => a.t.lastUsed - b.t.lastUsed);
    if (this.budgetBytes > 0) {
      for (const m of live) {
        if (total <= this.budgetBytes) break;
        if (m.t.busy > 0 || m.t.disposed) continue;
        m.pool.discard(m.key, m.t);
        total -= m.bytes;
        this.reading.evicted++;
      }
      for (const m of live) {
        if (total <= this.budgetBytes) break;
        if (m.t.disposed) continue;
        const { dropped, inUse } = m.t.dropIdleContexts();
        total -= dropped === 0 ? 0 : (m.bytes * dropped) / (dropped + inUse);
        this.reading.contextsDropped += dropped;
      }
    }
    this.reading.isolates = live.filter((m) => !m.t.disposed).length;
    this.reading.bytes = total;
  }

  private members(): { pool: BudgetedPool; key: string; t: TenantIsolate }[] {
    const out: { pool: BudgetedPool; key: string; t: TenantIsolate }[] = [];
    for (const pool of this.pools) for (const [key, t] of pool.members()) if (!t.disposed) out.push({ pool, key, t });
    return out;
  }

  /** The isolate's committed heap and external memory; its last reading if its thread does not answer in time. */
  private async bytesOf(t: TenantIsolate): Promise<number> {
    if (t.lost) return this.lastBytes.get(t) ?? 0;
    const read = t.isolate.getHeapStatistics().then(
      (heap) => {
        const bytes = heap.total_heap_size + heap.externally_allocated_size;
        this.lastBytes.set(t, bytes);
        return bytes;
      },
      () => 0, // disposed meanwhile
    );
    return settleWithin(read, READ_WAIT_MS, () => this.lastBytes.get(t) ?? 0);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.pools.clear();
  }
}
