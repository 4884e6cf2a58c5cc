/**
 * What isolated-vm cannot contain: one large allocation near an isolate's cap (a Map, a Set or an array growing
 * past it, `Atomics.waitAsync` in a loop) can end in V8's fatal out-of-memory handler instead of the isolate's
 * memory-limit error. Without an `onCatastrophicError` handler that aborts the whole process (every tenant's
 * executions with it); with one, isolated-vm parks the isolate's thread for good and the process goes on, having
 * lost that isolate's memory (about its cap) and thread.
 * So every isolate gets the handler (tenant-isolate.ts): the run in it ends with the memory-limit error, the isolate
 * is dropped, and its isolation key (the tenant, its drafts, or its build checks) is quarantined for a while, so
 * the same code cannot lose isolate after isolate: each repeat would leak another cap's worth of memory.
 * See docs/security.md, "Sandbox".
 */
import { LRUCache } from 'lru-cache';

/** A run's isolate was lost to an out-of-memory error isolated-vm could not contain. */
export class IsolateLostError extends Error {
  override readonly name = 'IsolateLostError';
}

/** Runs of this isolation key are refused until `until` (epoch ms): its code lost an isolate. */
export class QuarantinedError extends Error {
  override readonly name = 'QuarantinedError';
  constructor(readonly until: number) {
    super(
      `The sandbox refuses this tenant's code until ${new Date(until).toISOString()}: a run exhausted its isolate's memory in a way that could not be contained`,
    );
  }
}

/** How long an isolation key is refused after its code lost an isolate. */
export const QUARANTINE_MS = 10 * 60_000;
const MAX_QUARANTINED = 10_000;

export class Quarantine {
  /** Quarantined keys, the one added longest ago dropped first past MAX_QUARANTINED (a check does not count as use). */
  private readonly until = new LRUCache<string, number>({ max: MAX_QUARANTINED });
  /** Isolates lost since start (each holds on to about one cap of memory and one thread). */
  lost = 0;

  constructor(private readonly ms = QUARANTINE_MS) {}

  add(key: string, now = Date.now()): void {
    this.lost++;
    this.until.set(key, now + this.ms);
  }

  /** Throws QuarantinedError while the key is quarantined. */
  check(key: string, now = Date.now()): void {
    const until = this.until.peek(key);
    if (until === undefined) return;
    if (until <= now) {
      this.until.delete(key);
      return;
    }
    throw new QuarantinedError(until);
  }
}
