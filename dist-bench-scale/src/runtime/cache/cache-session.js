"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CacheSession = exports.bytes = exports.CACHE_STORE = exports.draftCacheScope = exports.liveCacheScope = void 0;
exports.applyChanges = applyChanges;
/** Tenant ids are URI-encoded, so no tenant namespace can contain ':' and collide with a test namespace. */
const liveCacheScope = (tenantId, triggerId) => ({ namespace: encodeURIComponent(tenantId), triggerId });
exports.liveCacheScope = liveCacheScope;
const draftCacheScope = (tenantId, actionId, triggerId) => ({ namespace: `test:${encodeURIComponent(tenantId)}:${encodeURIComponent(actionId)}`, triggerId });
exports.draftCacheScope = draftCacheScope;
exports.CACHE_STORE = Symbol('CACHE_STORE');
const bytes = (s) => Buffer.byteLength(s, 'utf8');
exports.bytes = bytes;
const entrySize = (key, value) => (0, exports.bytes)(key) + (0, exports.bytes)(value);
/** Applies changes to live entries under the entry-count and total-size limits (the store-side check). */
function applyChanges(entries, changes, limits, now) {
    for (const [k, e] of entries)
        if (e.expiresAt <= now)
            entries.delete(k);
    let total = [...entries].reduce((n, [k, e]) => n + entrySize(k, e.value), 0);
    const refused = [];
    for (const c of changes) {
        const previous = entries.get(c.key);
        const previousSize = previous ? entrySize(c.key, previous.value) : 0;
        // a set that has expired by now still overwrites: like a delete, it leaves no older value behind
        if (c.op === 'delete' || c.expiresAt <= now) {
            if (previous)
                entries.delete(c.key);
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
class CacheSession {
    entries;
    limits;
    now;
    changes = [];
    lookups = { hits: 0, misses: 0 };
    loading;
    /** `entries` undefined = the store could not be reached: reads miss, writes fail with an error result. */
    constructor(entries, limits, now) {
        this.entries = entries;
        this.limits = limits;
        this.now = now;
    }
    /**
     * A session whose entries are loaded only when the action first touches api.cache (`ensureLoaded`, which the
     * sandbox awaits before that call), so an action that never uses the cache costs no round trip. `load` answers
     * undefined when the store could not be reached.
     */
    static lazy(load, limits, now) {
        const session = new CacheSession(undefined, limits, now);
        session.loader = load;
        return session;
    }
    loader;
    /** Loads a lazy session's entries once; at once for a session built with its entries. */
    ensureLoaded() {
        if (!this.loader)
            return Promise.resolve();
        this.loading ??= this.loader().then((entries) => { this.entries = entries; }, () => { this.entries = undefined; });
        return this.loading;
    }
    /** Whether the entries were ever loaded (or given): a lazy session the action never touched has nothing to write. */
    get touched() {
        return !this.loader || this.loading !== undefined;
    }
    get available() {
        return this.entries !== undefined;
    }
    get(key) {
        const found = this.live(key);
        if (found)
            this.lookups.hits++;
        else
            this.lookups.misses++;
        return found && { value: found.value, expires_at: found.expiresAt };
    }
    set(key, value, options) {
        if (!this.entries)
            return { type: 'error', code: 'FailedToSetCacheRecord' };
        if (typeof key !== 'string' || key.length === 0 || (0, exports.bytes)(key) > this.limits.maxKeyBytes)
            return { type: 'error', code: 'CacheKeySizeExceeded' };
        if (typeof value !== 'string' || (0, exports.bytes)(value) > this.limits.maxValueBytes)
            return { type: 'error', code: 'CacheValueSizeExceeded' };
        const expiry = this.expiryOf(options);
        if (typeof expiry === 'string')
            return { type: 'error', code: expiry };
        const change = { op: 'set', key, value, expiresAt: expiry };
        const trial = new Map(this.entries);
        if (applyChanges(trial, [change], this.limits, this.now()).length > 0)
            return { type: 'error', code: 'CacheSizeExceeded' };
        this.entries.set(key, { value, expiresAt: expiry });
        this.changes.push(change);
        return { type: 'success', record: { value, expires_at: expiry } };
    }
    delete(key) {
        if (!this.entries)
            return { type: 'error', code: 'FailedToDeleteCacheRecord' };
        if (!this.live(key))
            return { type: 'error', code: 'CacheKeyDoesNotExist' };
        this.entries.delete(key);
        this.changes.push({ op: 'delete', key: key });
        return { type: 'success' };
    }
    /** What to write back after the action. */
    pendingChanges() {
        return [...this.changes];
    }
    live(key) {
        if (!this.entries || typeof key !== 'string')
            return undefined;
        const e = this.entries.get(key);
        if (e && e.expiresAt <= this.now()) {
            this.entries.delete(key);
            return undefined;
        }
        return e;
    }
    /** The earlier of ttl and expires_at wins; neither → the default lifetime; never beyond the maximum. */
    expiryOf(options) {
        const now = this.now();
        if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options)))
            return 'InvalidExpiry';
        const o = (options ?? {});
        const candidates = [];
        if (o.ttl !== undefined && o.ttl !== null) {
            if (typeof o.ttl !== 'number' || !Number.isFinite(o.ttl) || o.ttl < 0)
                return 'InvalidExpiry';
            if (o.ttl === 0)
                return 'ItemAlreadyExpired';
            candidates.push(now + o.ttl);
        }
        if (o.expires_at !== undefined && o.expires_at !== null) {
            if (typeof o.expires_at !== 'number' || !Number.isFinite(o.expires_at) || o.expires_at < 0)
                return 'InvalidExpiry';
            if (o.expires_at <= now)
                return 'ItemAlreadyExpired';
            candidates.push(o.expires_at);
        }
        const wanted = candidates.length > 0 ? Math.min(...candidates) : now + this.limits.defaultTtlMs;
        return Math.ceil(Math.min(wanted, now + this.limits.maxTtlMs));
    }
}
exports.CacheSession = CacheSession;
//# sourceMappingURL=cache-session.js.map