"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MemoryCacheStore = void 0;
const cache_session_1 = require("./cache-session");
const scopeKey = (s) => `${s.namespace}\u0000${s.triggerId}`;
class MemoryCacheStore {
    limits;
    scopes = new Map();
    sweeper;
    constructor(limits, sweepEveryMs = 60_000) {
        this.limits = limits;
        this.sweeper = setInterval(() => this.sweep(Date.now()), sweepEveryMs);
        this.sweeper.unref();
    }
    async load(scope, now) {
        const live = new Map();
        for (const [k, e] of this.scopes.get(scopeKey(scope)) ?? [])
            if (e.expiresAt > now)
                live.set(k, { ...e });
        return live;
    }
    async flush(scope, changes, now) {
        if (changes.length === 0)
            return { refused: [] };
        const key = scopeKey(scope);
        const entries = this.scopes.get(key) ?? new Map();
        const refused = (0, cache_session_1.applyChanges)(entries, changes, this.limits, now);
        if (entries.size === 0)
            this.scopes.delete(key);
        else
            this.scopes.set(key, entries);
        return { refused };
    }
    /** The raw entry as stored, for tests: undefined once expired (at `now`). */
    peek(scope, key, now = Date.now()) {
        const e = this.scopes.get(scopeKey(scope))?.get(key);
        return e && e.expiresAt > now ? e : undefined;
    }
    async readiness() {
        return { ok: true };
    }
    sweep(now) {
        for (const [scope, entries] of this.scopes) {
            for (const [k, e] of entries)
                if (e.expiresAt <= now)
                    entries.delete(k);
            if (entries.size === 0)
                this.scopes.delete(scope);
        }
    }
    async close() {
        clearInterval(this.sweeper);
        this.scopes.clear();
    }
}
exports.MemoryCacheStore = MemoryCacheStore;
//# sourceMappingURL=memory-cache.store.js.map