/**
 * api.cache semantics (runtime.md, management-api.md §4.5 and decision 8), independent of where entries live.
 * A CacheSession serves one action: its scope's entries are loaded in one round trip before the action runs,
 * calls inside the sandbox are answered synchronously from that snapshot, and the changes are written back in one
 * round trip after it. Limits are checked against the snapshot, so a refused write never loses what is stored.
 */
import type { CacheLimits } from '../../config/config';

export interface CacheEntry {
  value: string;
  /** ms since the epoch */
  expiresAt: number;
}

export type CacheChange = { op: 'set'; key: string; value: string; expiresAt: number } | { op: 'delete'; key: string };

export type CacheWriteResult =
  | { type: 'success'; record?: { value: string; expires_at: number } }
  | { type: 'error'; code: CacheErrorCode };

export type CacheErrorCode =
  | 'CacheKeySizeExceeded' | 'CacheValueSizeExceeded' | 'CacheSizeExceeded' | 'InvalidExpiry' | 'ItemAlreadyExpired'
  | 'CacheKeyDoesNotExist' | 'FailedToSetCacheRecord' | 'FailedToDeleteCacheRecord';

/** Where entries live: one scope = one tenant × trigger (or a test namespace). */
export interface CacheStore {
  load(scope: string, now: number): Promise<Map<string, CacheEntry>>;
  flush(scope: string, changes: CacheChange[], now: number): Promise<void>;
  readiness(): Promise<{ ok: boolean; error?: string }>;
  close(): Promise<void>;
}
export const CACHE_STORE = Symbol('CACHE_STORE');

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export class CacheSession {
  private readonly changes: CacheChange[] = [];

  /** `entries` undefined = the store could not be reached: reads miss, writes fail with an error result. */
  constructor(
    private readonly entries: Map<string, CacheEntry> | undefined,
    private readonly limits: CacheLimits,
    private readonly now: () => number,
  ) {}

  get available(): boolean {
    return this.entries !== undefined;
  }

  get(key: unknown): { value: string; expires_at: number } | undefined {
    if (!this.entries || typeof key !== 'string') return undefined;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return { value: e.value, expires_at: e.expiresAt };
  }

  set(key: unknown, value: unknown, options?: unknown): CacheWriteResult {
    if (!this.entries) return { type: 'error', code: 'FailedToSetCacheRecord' };
    if (typeof key !== 'string' || key.length === 0 || bytes(key) > this.limits.maxKeyBytes) return { type: 'error', code: 'CacheKeySizeExceeded' };
    if (typeof value !== 'string' || bytes(value) > this.limits.maxValueBytes) return { type: 'error', code: 'CacheValueSizeExceeded' };
    const expiry = this.expiryOf(options);
    if (typeof expiry === 'string') return { type: 'error', code: expiry };
    this.sweep();
    const others = [...this.entries].filter(([k]) => k !== key);
    if (others.length + 1 > this.limits.maxEntries) return { type: 'error', code: 'CacheSizeExceeded' };
    const total = others.reduce((n, [k, e]) => n + bytes(k) + bytes(e.value), 0) + bytes(key) + bytes(value);
    if (total > this.limits.maxTotalBytes) return { type: 'error', code: 'CacheSizeExceeded' };
    this.entries.set(key, { value, expiresAt: expiry });
    this.changes.push({ op: 'set', key, value, expiresAt: expiry });
    return { type: 'success', record: { value, expires_at: expiry } };
  }

  delete(key: unknown): CacheWriteResult {
    if (!this.entries) return { type: 'error', code: 'FailedToDeleteCacheRecord' };
    if (typeof key !== 'string' || this.get(key) === undefined) return { type: 'error', code: 'CacheKeyDoesNotExist' };
    this.entries.delete(key);
    this.changes.push({ op: 'delete', key });
    return { type: 'success' };
  }

  /** What to write back after the action. */
  pendingChanges(): CacheChange[] {
    return [...this.changes];
  }

  /** The earlier of ttl and expires_at wins; neither → the default lifetime; never beyond the maximum. */
  private expiryOf(options: unknown): number | CacheErrorCode {
    const now = this.now();
    const o = (options ?? {}) as { ttl?: unknown; expires_at?: unknown };
    if (typeof o !== 'object') return 'InvalidExpiry';
    const candidates: number[] = [];
    if (o.ttl !== undefined) {
      if (typeof o.ttl !== 'number' || !Number.isFinite(o.ttl) || o.ttl < 0) return 'InvalidExpiry';
      if (o.ttl === 0) return 'ItemAlreadyExpired';
      candidates.push(now + o.ttl);
    }
    if (o.expires_at !== undefined) {
      if (typeof o.expires_at !== 'number' || !Number.isFinite(o.expires_at)) return 'InvalidExpiry';
      if (o.expires_at <= now) return 'ItemAlreadyExpired';
      candidates.push(o.expires_at);
    }
    const wanted = candidates.length > 0 ? Math.min(...candidates) : now + this.limits.defaultTtlMs;
    return Math.floor(Math.min(wanted, now + this.limits.maxTtlMs));
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, e] of this.entries!) if (e.expiresAt <= now) this.entries!.delete(k);
  }
}
