import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { MemoryCacheStore } from '../../src/runtime/cache/memory-cache.store';
import { RedisCacheStore } from '../../src/runtime/cache/redis-cache.store';
import { loadConfig } from '../../src/config/config';
import { runCacheContract } from './cache.contract';

const limits = loadConfig({}).cache;

runCacheContract('in-process store', async () => {
  const store = new MemoryCacheStore(limits);
  return {
    store,
    rawExists: async (scope, key) => store.peek(scope, key) !== undefined,
    teardown: () => store.close(),
  };
});

runCacheContract('Redis store on 127.0.0.1:6379', async () => {
  const prefix = `test:${randomUUID()}:`;
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const store = new RedisCacheStore(redis, prefix, limits);
  return {
    store,
    rawExists: async (scope, key) => (await redis.exists(store.entryKey(scope, key))) === 1,
    teardown: async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
});
