/**
 * One api.cache load per execution instead of one per action. The executor hands every action of one execution the
 * same CacheScope object; this store remembers the entries loaded for that object (weakly: they go with the
 * execution) and answers later loads of the same execution with a fresh copy, without a round trip. A flush (an
 * action that wrote) goes to the real store and forgets the memo, so the next action loads again and sees what the
 * store kept, exactly as before. A failed load is not remembered (the next action tries again).
 */
import type { CacheChange, CacheEntry, CacheScope, CacheStore } from './cache-session';

export class ExecutionScopedCache implements CacheStore {
  private readonly loaded = new WeakMap<CacheScope, Promise<Map<string, CacheEntry>>>();

  constructor(private readonly store: CacheStore) {}

  async load(scope: CacheScope, now: number): Promise<Map<string, CacheEntry>> {
    let entries = this.loaded.get(scope);
    if (!entries) {
      entries = this.store.load(scope, now);
      this.loaded.set(scope, entries);
      entries.catch(() => {
        if (this.loaded.get(scope) === entries) this.loaded.delete(scope);
      });
    }
    const snapshot = await entries;
    const copy = new Map<string, CacheEntry>();
    for (const [k, e] of snapshot) if (e.expiresAt > now) copy.set(k, { value: e.value, expiresAt: e.expiresAt });
    return copy;
  }

  flush(scope: CacheScope, changes: CacheChange[], now: number): Promise<{ refused: string[] }> {
    if (changes.length > 0) this.loaded.delete(scope);
    return this.store.flush(scope, changes, now);
  }

  readiness() {
    return this.store.readiness();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
