/**
 * An in-memory view kept per tenant and key (what a trigger runs, how an action is presented), for reads that are
 * far more frequent than writes. It is correct only together with its invalidation: wire `invalidate` to
 * ProjectionRunner.onBatchApplied, which runs after a batch committed and before anyone waiting for it is answered,
 * so every entry of a tenant is gone before a write of that tenant is acknowledged. A rebuild (no events) clears
 * everything. A safety age bounds how long an entry is trusted if a change ever reached the tables some other way
 * (a rebuild run by another process).
 */
import { LRUCache } from 'lru-cache';
import type { RecordedEvent } from '../event-store/port';

export interface TenantViewOptions {
  /** Tenants kept (least recently read dropped first). */
  tenants?: number;
  /** Entries kept per tenant (the one computed longest ago dropped first: reads do not count as use). */
  perTenant?: number;
  /** An entry older than this is computed again even without an event (ms). */
  maxAgeMs?: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  at: number;
}

export class TenantView<V> {
  private readonly view: LRUCache<string, LRUCache<string, Entry<V>>>;
  private readonly perTenant: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private sweptAt: number;

  constructor(options: TenantViewOptions = {}) {
    this.view = new LRUCache({ max: options.tenants ?? 10_000 });
    this.perTenant = options.perTenant ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.sweptAt = this.now();
  }

  /** The kept value, else `compute()` (kept unless undefined). */
  get(tenantId: string, key: string, compute: () => V | undefined): V | undefined {
    const now = this.now();
    if (now - this.sweptAt >= this.maxAgeMs) this.sweep(now);
    let entries = this.view.get(tenantId);
    const known = entries?.peek(key);
    if (known && now - known.at < this.maxAgeMs) return known.value;
    const value = compute();
    if (value === undefined) return undefined;
    if (!entries) this.view.set(tenantId, (entries = new LRUCache({ max: this.perTenant })));
    entries.set(key, { value, at: now });
    return value;
  }

  /** Forgets every entry of the events' tenants; everything when `events` is undefined or names no tenant. */
  invalidate(events?: readonly RecordedEvent[]): void {
    if (!events) return this.view.clear();
    let last: string | undefined;
    for (const e of events) {
      const tenantId = e.metadata?.tenantId ?? (e.data as { tenantId?: unknown } | undefined)?.tenantId;
      if (typeof tenantId !== 'string') return this.view.clear();
      if (tenantId !== last) this.view.delete(tenantId);
      last = tenantId;
    }
  }

  /** Drops the entries past the safety age (never answered again), and the tenants left with none. */
  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [tenantId, entries] of [...this.view.entries()]) {
      for (const [key, entry] of [...entries.entries()]) if (now - entry.at >= this.maxAgeMs) entries.delete(key);
      if (entries.size === 0) this.view.delete(tenantId);
    }
  }

  /** Entries kept, over all tenants. */
  size(): number {
    let n = 0;
    for (const entries of this.view.values()) n += entries.size;
    return n;
  }
}
