/**
 * api.cache semantics (docs/api.md, "Triggers and their `api`"), independent of where entries live.
 * A CacheSession serves one action: its scope's entries are loaded in one round trip on the action's first cache call,
 * calls inside the sandbox are answered synchronously from that snapshot, and the changes are written back in one
 * round trip after it. Limits are checked against the snapshot, and again by the store when it writes (another
 * execution may have written meanwhile), so a refused write never loses what is stored.
 */
import type { CacheLimits } from '../../config/config';

export interface CacheEntry {
  value: string;
  /** ms since the epoch */
  expiresAt: number;
}

export type CacheChange = { op: 'set'; key: string; value: string; expiresAt: number } | { op: 'delete'; key: string };

export type CacheErrorCode =
  | 'CacheKeySizeExceeded'
  | 'CacheValueSizeExceeded'
  | 'CacheSizeExceeded'
  | 'InvalidExpiry'
  | 'ItemAlreadyExpired'
  | 'CacheKeyDoesNotExist'
  | 'FailedToSetCacheRecord'
  | 'FailedToDeleteCacheRecord';

export type CacheWriteResult =
  { type: 'success'; record?: { value: string; expires_at: number } } | { type: 'error'; code: CacheErrorCode };

/** Whose cache: one tenant × trigger, or a draft test's own namespace. */
export interface CacheScope {
  namespace: string;
  triggerId: string;
}

/** Tenant ids are URI-encoded, so no tenant namespace can contain ':' and collide with a test namespace. */
export const liveCacheScope = (tenantId: string, triggerId: string): CacheScope => ({
  namespace: encodeURIComponent(tenantId),
  triggerId,
});
export const draftCacheScope = (tenantId: string, actionId: string, triggerId: string): CacheScope => ({
  namespace: `test:${encodeURIComponent(tenantId)}:${encodeURIComponent(actionId)}`,
  triggerId,
});

/** Where entries live. `flush` answers the keys whose writes it refused because of the limits. */
export interface CacheStore {
  load(scope: CacheScope, now: number): Promise<Map<string, CacheEntry>>;
  flush(scope: CacheScope, changes: CacheChange[], now: number): Promise<{ refused: string[] }>;
  readiness(): Promise<{ ok: boolean; error?: string }>;
  close(): Promise<void>;
}
export const CACHE_STORE = Symbol('CACHE_STORE');

export const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

const entrySize = (key: string, value: string) => bytes(key) + bytes(value);

/** Applies changes to live entries under the entry-count and total-size limits (the store-side check). */
export function applyChanges(
  entries: Map<string, CacheEntry>,
  changes: CacheChange[],
  limits: Pick<CacheLimits, 'maxEntries' | 'maxTotalBytes'>,
  now: number,
): string[] {
  for (const [k, e] of entries) if (e.expiresAt <= now) entries.delete(k);
  let total = [...entries].reduce((n, [k, e]) => n + entrySize(k, e.value), 0);
  const refused: string[] = [];
  for (const c of changes) {
    const previous = entries.get(c.key);
    const previousSize = previous ? entrySize(c.key, previous.value) : 0;
    // a set that has expired by now still overwrites: like a delete, it leaves no older value behind
    if (c.op === 'delete' || c.expiresAt <= now) {
      if (previous) entries.delete(c.key);
      total -= previousSize;
      continue;
    }
    const nextTotal = total - previousSize + entrySize(c.key, c.value);
    if ((previous ? entries.size : entries.size + 1) > limits.maxEntries || nextTotal > limits.maxTotalBytes) {
      refused.push(c.key);
      continue;
    }
    entries.set(c.key, { value: c.value, expiresAt: c.expiresAt });
    total = nextTotal;
  }
  return refused;
}

export class CacheSession {
  private readonly changes: CacheChange[] = [];
  readonly lookups = { hits: 0, misses: 0 };
  private loading?: Promise<void>;

  /** `entries` undefined = the store could not be reached: reads miss, writes fail with an error result. */
  constructor(
    private entries: Map<string, CacheEntry> | undefined,
    private readonly limits: CacheLimits,
    private readonly now: () => number,
  ) {}

  /**
   * A session whose entries are loaded only when the action first touches api.cache (`ensureLoaded`, which the
   * sandbox awaits before that call), so an action that never uses the cache costs no round trip. `load` answers
   * undefined when the store could not be reached.
   */
  static lazy(
    load: () => Promise<Map<string, CacheEntry> | undefined>,
    limits: CacheLimits,
    now: () => number,
  ): CacheSession {
    const session = new CacheSession(undefined, limits, now);
    session.loader = load;
    return session;
  }

  private loader?: () => Promise<Map<string, CacheEntry> | undefined>;

  /** Loads a lazy session's entries once; at once for a session built with its entries. */
  ensureLoaded(): Promise<void> {
    if (!this.loader) return Promise.resolve();
    this.loading ??= this.loader().then(
      (entries) => {
        this.entries = entries;
      },
      () => {
        this.entries = undefined;
      },
    );
    return this.loading;
  }

  /** Whether the entries were ever loaded (or given): a lazy session the action never touched has nothing to write. */
  get touched(): boolean {
    return !this.loader || this.loading !== undefined;
  }

  get available(): boolean {
    return this.entries !== undefined;
  }

  get(key: unknown): { value: string; expires_at: number } | undefined {
    const found = this.live(key);
    if (found) this.lookups.hits++;
    else this.lookups.misses++;
    return found && { value: found.value, expires_at: found.expiresAt };
  }

  set(key: unknown, value: unknown, options?: unknown): CacheWriteResult {
    if (!this.entries) return { type: 'error', code: 'FailedToSetCacheRecord' };
    if (typeof key !== 'string' || key.length === 0 || bytes(key) > this.limits.maxKeyBytes)
      return { type: 'error', code: 'CacheKeySizeExceeded' };
    if (typeof value !== 'string' || bytes(value) > this.limits.maxValueBytes)
      return { type: 'error', code: 'CacheValueSizeExceeded' };
    const expiry = this.expiryOf(options);
    if (typeof expiry === 'string') return { type: 'error', code: expiry };
    const change: CacheChange = { op: 'set', key, value, expiresAt: expiry };
    const trial = new Map(this.entries);
    if (applyChanges(trial, [change], this.limits, this.now()).length > 0)
      return { type: 'error', code: 'CacheSizeExceeded' };
    this.entries.set(key, { value, expiresAt: expiry });
    this.changes.push(change);
    return { type: 'success', record: { value, expires_at: expiry } };
  }

  delete(key: unknown): CacheWriteResult {
    if (!this.entries) return { type: 'error', code: 'FailedToDeleteCacheRecord' };
    if (!this.live(key)) return { type: 'error', code: 'CacheKeyDoesNotExist' };
    this.entries.delete(key as string);
    this.changes.push({ op: 'delete', key: key as string });
    return { type: 'success' };
  }

  /** What to write back after the action. */
  pendingChanges(): CacheChange[] {
    return [...this.changes];
  }

  private live(key: unknown): CacheEntry | undefined {
    if (!this.entries || typeof key !== 'string') return undefined;
    const e = this.entries.get(key);
    if (e && e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** The earlier of ttl and expires_at wins; neither → the default lifetime; never beyond the maximum. */
  private expiryOf(options: unknown): number | CacheErrorCode {
    const now = this.now();
    if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options)))
      return 'InvalidExpiry';
    const o = (options ?? {}) as { ttl?: unknown; expires_at?: unknown };
    const candidates: number[] = [];
    if (o.ttl !== undefined && o.ttl !== null) {
      if (typeof o.ttl !== 'number' || !Number.isFinite(o.ttl) || o.ttl < 0) return 'InvalidExpiry';
      if (o.ttl === 0) return 'ItemAlreadyExpired';
      candidates.push(now + o.ttl);
    }
    if (o.expires_at !== undefined && o.expires_at !== null) {
      if (typeof o.expires_at !== 'number' || !Number.isFinite(o.expires_at) || o.expires_at < 0)
        return 'InvalidExpiry';
      if (o.expires_at <= now) return 'ItemAlreadyExpired';
      candidates.push(o.expires_at);
    }
    const wanted = candidates.length > 0 ? Math.min(...candidates) : now + this.limits.defaultTtlMs;
    return Math.ceil(Math.min(wanted, now + this.limits.maxTtlMs));
  }
}
