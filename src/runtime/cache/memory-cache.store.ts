/**
 * In-process cache store (the embedded default): same semantics as the Redis store. Entries vanish at their expiry
 * (reads filter them, a periodic sweep frees them), and writes are checked against the entry-count and total-size
 * limits at flush time, like the Redis script does, so concurrent executions cannot push a scope past them.
 */
import type { CacheLimits } from '../../config/config';
import { applyChanges, CacheChange, CacheEntry, CacheScope, CacheStore } from './cache-session';

const scopeKey = (s: CacheScope) => `${s.namespace}\u0000${s.triggerId}`;

export class MemoryCacheStore implements CacheStore {
  private readonly scopes = new Map<string, Map<string, CacheEntry>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly limits: Pick<CacheLimits, 'maxEntries' | 'maxTotalBytes'>,
    sweepEveryMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(Date.now()), sweepEveryMs);
    this.sweeper.unref();
  }

  async load(scope: CacheScope, now: number): Promise<Map<string, CacheEntry>> {
    const live = new Map<string, CacheEntry>();
    for (const [k, e] of this.scopes.get(scopeKey(scope)) ?? []) if (e.expiresAt > now) live.set(k, { ...e });
    return live;
  }

  async flush(scope: CacheScope, changes: CacheChange[], now: number): Promise<{ refused: string[] }> {
    if (changes.length === 0) return { refused: [] };
    const key = scopeKey(scope);
    const entries = this.scopes.get(key) ?? new Map<string, CacheEntry>();
    const refused = applyChanges(entries, changes, this.limits, now);
    if (entries.size === 0) this.scopes.delete(key);
    else this.scopes.set(key, entries);
    return { refused };
  }

  /** The raw entry as stored, for tests: undefined once expired (at `now`). */
  peek(scope: CacheScope, key: string, now = Date.now()): CacheEntry | undefined {
    const e = this.scopes.get(scopeKey(scope))?.get(key);
    return e && e.expiresAt > now ? e : undefined;
  }

  async readiness() {
    return { ok: true };
  }

  private sweep(now: number): void {
    for (const [scope, entries] of this.scopes) {
      for (const [k, e] of entries) if (e.expiresAt <= now) entries.delete(k);
      if (entries.size === 0) this.scopes.delete(scope);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.scopes.clear();
  }
}
