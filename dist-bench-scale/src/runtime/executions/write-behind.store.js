"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WriteBehindExecutionStore = void 0;
const record_size_1 = require("./record-size");
const keyOf = (tenantId, id) => `${tenantId}\u0000${id}`;
class WriteBehindExecutionStore {
    inner;
    options;
    pending = new Map();
    maxPending;
    inFlight;
    scheduled = false;
    closed = false;
    constructor(inner, options = {}) {
        this.inner = inner;
        this.options = options;
        this.maxPending = options.maxPending ?? 10_000;
    }
    async save(execution, expiresAt) {
        const key = keyOf(execution.tenantId, execution.record.id);
        if (execution.continuation || this.closed) {
            this.pending.delete(key);
            return this.inner.save(execution, expiresAt);
        }
        while (this.pending.size >= this.maxPending && this.inFlight)
            await this.inFlight;
        this.pending.set(key, { tenantId: execution.tenantId, id: execution.record.id, body: (0, record_size_1.fitExecution)(execution, this.options.recordMaxBytes ?? record_size_1.DEFAULT_RECORD_MAX_BYTES), expiresAt });
        this.schedule();
    }
    async get(tenantId, id, now) {
        const waiting = this.pending.get(keyOf(tenantId, id));
        if (waiting)
            return waiting.expiresAt > now ? JSON.parse(waiting.body) : undefined;
        return this.inner.get(tenantId, id, now);
    }
    claim(tenantId, id, stateHash, expiresAt) {
        return this.inner.claim(tenantId, id, stateHash, expiresAt);
    }
    /** Records not written yet (tests, metrics). */
    pendingCount() {
        return this.pending.size;
    }
    /** Resolves once everything saved before the call has been written (or reported as failed). */
    async drain() {
        while (this.pending.size > 0 || this.inFlight) {
            if (this.inFlight)
                await this.inFlight;
            else
                this.startBatch();
        }
    }
    async close() {
        this.closed = true;
        await this.drain();
        await this.inner.close();
    }
    schedule() {
        if (this.scheduled || this.inFlight)
            return;
        this.scheduled = true;
        // After the current turn: every execution finishing in it joins the batch, and its answer is written first.
        setImmediate(() => {
            this.scheduled = false;
            if (!this.inFlight)
                this.startBatch();
        });
    }
    startBatch() {
        if (this.pending.size === 0)
            return;
        const batch = [...this.pending.values()];
        const written = this.writeMany(batch).catch((error) => this.options.onError?.(error)).then(() => {
            // Only what has not been saved again meanwhile leaves the buffer.
            for (const item of batch) {
                const key = keyOf(item.tenantId, item.id);
                if (this.pending.get(key) === item)
                    this.pending.delete(key);
            }
            this.inFlight = undefined;
            if (this.pending.size > 0)
                this.startBatch();
        });
        this.inFlight = written;
    }
    writeMany(batch) {
        if (this.inner.saveMany)
            return this.inner.saveMany(batch);
        return Promise.all(batch.map((b) => this.inner.save(JSON.parse(b.body), b.expiresAt))).then(() => undefined);
    }
}
exports.WriteBehindExecutionStore = WriteBehindExecutionStore;
//# sourceMappingURL=write-behind.store.js.map