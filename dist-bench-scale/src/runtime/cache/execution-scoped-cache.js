"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ExecutionScopedCache = void 0;
class ExecutionScopedCache {
    store;
    loaded = new WeakMap();
    constructor(store) {
        this.store = store;
    }
    async load(scope, now) {
        let entries = this.loaded.get(scope);
        if (!entries) {
            entries = this.store.load(scope, now);
            this.loaded.set(scope, entries);
            entries.catch(() => { if (this.loaded.get(scope) === entries)
                this.loaded.delete(scope); });
        }
        const snapshot = await entries;
        const copy = new Map();
        for (const [k, e] of snapshot)
            if (e.expiresAt > now)
                copy.set(k, { value: e.value, expiresAt: e.expiresAt });
        return copy;
    }
    flush(scope, changes, now) {
        if (changes.length > 0)
            this.loaded.delete(scope);
        return this.store.flush(scope, changes, now);
    }
    readiness() {
        return this.store.readiness();
    }
    close() {
        return this.store.close();
    }
}
exports.ExecutionScopedCache = ExecutionScopedCache;
//# sourceMappingURL=execution-scoped-cache.js.map