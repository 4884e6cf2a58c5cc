"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LruMap = void 0;
/** A Map that keeps at most `capacity` entries, dropping the least recently used (get or set) first. */
class LruMap {
    capacity;
    entries = new Map();
    constructor(capacity) {
        this.capacity = capacity;
    }
    get(key) {
        const value = this.entries.get(key);
        if (value !== undefined) {
            this.entries.delete(key);
            this.entries.set(key, value);
        }
        return value;
    }
    set(key, value) {
        this.entries.delete(key);
        this.entries.set(key, value);
        while (this.entries.size > this.capacity)
            this.entries.delete(this.entries.keys().next().value);
    }
    delete(key) {
        this.entries.delete(key);
    }
    clear() {
        this.entries.clear();
    }
    values() {
        return this.entries.values();
    }
    get size() {
        return this.entries.size;
    }
}
exports.LruMap = LruMap;
//# sourceMappingURL=lru-map.js.map