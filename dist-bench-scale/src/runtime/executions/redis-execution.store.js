"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RedisExecutionStore = void 0;
class RedisExecutionStore {
    redis;
    keyPrefix;
    constructor(redis, keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }
    key(tenantId, id) {
        return `${this.keyPrefix}execution:{${encodeURIComponent(tenantId)}}:${id}`;
    }
    async save(e, expiresAt) {
        await this.redis.set(this.key(e.tenantId, e.record.id), JSON.stringify(e), 'PXAT', expiresAt);
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