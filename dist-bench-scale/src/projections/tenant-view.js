"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TenantView = void 0;
const lru_map_1 = require("../runtime/lru-map");
class TenantView {
    view;
    perTenant;
    maxAgeMs;
    now;
    constructor(options = {}) {
        this.view = new lru_map_1.LruMap(options.tenants ?? 10_000);
        this.perTenant = options.perTenant ?? 1000;
        this.maxAgeMs = options.maxAgeMs ?? 60_000;
        this.now = options.now ?? Date.now;
    }
    /** The kept value, else `compute()` (kept unless undefined). */
    get(tenantId, key, compute) {
        const now = this.now();
        let entries = this.view.get(tenantId);
        const known = entries?.get(key);
        if (known && now - known.at < this.maxAgeMs)
            return known.value;
        const value = compute();
        if (value === undefined)
            return undefined;
        if (!entries)
            this.view.set(tenantId, (entries = new Map()));
        entries.delete(key);
        entries.set(key, { value, at: now });
        if (entries.size > this.perTenant)
            entries.delete(entries.keys().next().value);
        return value;
    }
    /** Forgets every entry of the events' tenants; everything when `events` is undefined or names no tenant. */
    invalidate(events) {
        if (!events)
            return this.view.clear();
        let last;
        for (const e of events) {
            const tenantId = e.metadata?.tenantId ?? e.data?.tenantId;
            if (typeof tenantId !== 'string')
                return this.view.clear();
            if (tenantId !== last)
                this.view.delete(tenantId);
            last = tenantId;
        }
    }
    /** Entries kept, over all tenants. */
    size() {
        let n = 0;
        for (const entries of this.view.values())
            n += entries.size;
        return n;
    }
}
exports.TenantView = TenantView;
//# sourceMappingURL=tenant-view.js.map