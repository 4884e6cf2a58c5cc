/** In-process cache store (embedded default): same semantics as Redis, entries vanish at their expiry. */
import type { CacheChange, CacheEntry, CacheStore } from './cache-session';

export class MemoryCacheStore implements CacheStore {
  private readonly scopes = new Map<string, Map<string, CacheEntry>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(sweepEveryMs = 60_000) {
    this.sweeper = setInterval(() => this.sweep(Date.now()), sweepEveryMs);
    this.sweeper.unref();
  }

  async load(scope: string, now: number): Promise<Map<string, CacheEntry>> {
    const entries = this.scopes.get(scope);
    const live = new Map<string, CacheEntry>();
    for (const [k, e] of entries ?? []) if (e.expiresAt > now) live.set(k, { ...e });
    return live;
  }

  async flush(scope: string, changes: CacheChange[], now: number): Promise<void> {
    let entries = this.scopes.get(scope);
    if (!entries) this.scopes.set(scope, (entries = new Map()));
    for (const c of changes) {
      if (c.op === 'set') entries.set(c.key, { value: c.value, expiresAt: c.expiresAt });
      else entries.delete(c.key);
    }
    for (const [k, e] of entries) if (e.expiresAt <= now) entries.delete(k);
    if (entries.size === 0) this.scopes.delete(scope);
  }

  /** Raw lookup, for tests: undefined once expired. */
  peek(scope: string, key: string, now = Date.now()): CacheEntry | undefined {
    const e = this.scopes.get(scope)?.get(key);
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
