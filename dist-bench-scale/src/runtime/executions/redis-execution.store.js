"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RedisExecutionStore = void 0;
const record_size_1 = require("./record-size");
class RedisExecutionStore {
    redis;
    keyPrefix;
    recordMaxBytes;
    constructor(redis, keyPrefix, recordMaxBytes = record_size_1.DEFAULT_RECORD_MAX_BYTES) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.recordMaxBytes = recordMaxBytes;
    }
    key(tenantId, id) {
        return `${this.keyPrefix}execution:{${encodeURIComponent(tenantId)}}:${id}`;
    }
    async save(e, expiresAt) {
        await this.redis.set(this.key(e.tenantId, e.record.id), (0, record_size_1.fitExecution)(e, this.recordMaxBytes), 'PXAT', expiresAt);
    }
    /** One pipeline (one write, one round trip) for the whole batch. */
    async saveMany(executions) {
        const pipeline = this.redis.pipeline();
        for (const e of executions)
            pipeline.set(this.key(e.tenantId, e.id), e.body, 'PXAT', e.expiresAt);
        const results = (await pipeline.exec()) ?? [];
        const failed = results.find(([error]) => error);
        if (failed)
            throw failed[0];
    }
    async get(tenantId, id) {
        const raw = await this.redis.get(this.key(tenantId, id));
        return raw ? JSON.parse(raw) : undefined;
    }
    async claim(tenantId, id, stateHash, expiresAt) {
        return (await this.redis.set(`${this.key(tenantId, id)}:claim:${stateHash}`, '1', 'PXAT', expiresAt, 'NX')) === 'OK';
    }
    async close() {
        // the connection belongs to the runtime module
    }
}
exports.RedisExecutionStore = RedisExecutionStore;
//# sourceMappingURL=redis-execution.store.js.map