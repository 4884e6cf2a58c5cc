"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.REDIS_KEY_PREFIX = exports.REDIS = void 0;
exports.connectRedis = connectRedis;
exports.redisReadiness = redisReadiness;
/**
 * The one Redis connection of the process (api.cache and execution records). Built to fail fast rather than queue:
 * no offline queue, one retry per command, a command timeout, and endless background reconnects, so a Redis that is
 * down or slow turns into quick errors and the service recovers by itself when it returns.
 */
const ioredis_1 = __importDefault(require("ioredis"));
function connectRedis(o) {
    const client = new ioredis_1.default(o.url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: o.commandTimeoutMs,
        connectTimeout: Math.max(1000, o.commandTimeoutMs * 4),
        retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
        lazyConnect: false,
    });
    let lastReported = 0;
    client.on('error', (error) => {
        if (Date.now() - lastReported > 10_000) {
            lastReported = Date.now();
            o.onError?.(error);
        }
    });
    return client;
}
async function redisReadiness(client) {
    if (client.status !== 'ready')
        return { ok: false, error: `redis connection is ${client.status}` };
    try {
        await client.ping();
        return { ok: true };
    }
    catch (e) {
        return { ok: false, error: e.message };
    }
}
exports.REDIS = Symbol('REDIS');
exports.REDIS_KEY_PREFIX = Symbol('REDIS_KEY_PREFIX');
//# sourceMappingURL=redis-connection.js.map