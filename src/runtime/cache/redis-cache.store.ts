/**
 * api.cache in Redis. Each entry is its own key written with SET … PXAT, so Redis itself expires it; expires_at is
 * read back with PEXPIRETIME. A per-scope index set lists the keys. Loading a scope and writing an action's changes
 * are one Lua script call each (one round trip). Keys share a hash tag per scope, so a scope lives in one slot.
 */
import type Redis from 'ioredis';
import type { CacheChange, CacheEntry, CacheStore } from './cache-session';
import { redisReadiness } from '../redis-connection';

const LOAD = `
local members = redis.call('SMEMBERS', KEYS[1])
local out = {}
for _, m in ipairs(members) do
  local k = ARGV[1] .. m
  local v = redis.call('GET', k)
  if v then
    table.insert(out, m)
    table.insert(out, v)
    table.insert(out, redis.call('PEXPIRETIME', k))
  else
    redis.call('SREM', KEYS[1], m)
  end
end
return out`;

const FLUSH = `
for i = 3, #ARGV, 4 do
  local k = ARGV[1] .. ARGV[i + 1]
  if ARGV[i] == 'set' then
    redis.call('SET', k, ARGV[i + 2], 'PXAT', ARGV[i + 3])
    redis.call('SADD', KEYS[1], ARGV[i + 1])
  else
    redis.call('DEL', k)
    redis.call('SREM', KEYS[1], ARGV[i + 1])
  end
end
if redis.call('SCARD', KEYS[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

type ScriptedRedis = Redis & {
  actionsCacheLoad(index: string, entryPrefix: string): Promise<string[]>;
  actionsCacheFlush(index: string, entryPrefix: string, indexTtlMs: number, ...ops: (string | number)[]): Promise<number>;
};

export class RedisCacheStore implements CacheStore {
  private readonly redis: ScriptedRedis;

  constructor(redis: Redis, private readonly keyPrefix: string, private readonly maxTtlMs: number) {
    this.redis = redis as ScriptedRedis;
    if (!('actionsCacheLoad' in redis)) {
      redis.defineCommand('actionsCacheLoad', { numberOfKeys: 1, lua: LOAD });
      redis.defineCommand('actionsCacheFlush', { numberOfKeys: 1, lua: FLUSH });
    }
  }

  /** Redis key of one entry (exposed for tests that look at Redis itself). */
  entryKey(scope: string, key: string): string {
    return `${this.entryPrefix(scope)}${key}`;
  }

  private entryPrefix(scope: string): string {
    return `${this.keyPrefix}cache:{${scope}}:k:`;
  }

  private indexKey(scope: string): string {
    return `${this.keyPrefix}cache:{${scope}}:index`;
  }

  async load(scope: string, now: number): Promise<Map<string, CacheEntry>> {
    const flat = await this.redis.actionsCacheLoad(this.indexKey(scope), this.entryPrefix(scope));
    const entries = new Map<string, CacheEntry>();
    for (let i = 0; i < flat.length; i += 3) {
      const expiresAt = Number(flat[i + 2]);
      if (expiresAt > now) entries.set(flat[i], { value: flat[i + 1], expiresAt });
    }
    return entries;
  }

  async flush(scope: string, changes: CacheChange[]): Promise<void> {
    if (changes.length === 0) return;
    const ops = changes.flatMap((c) => (c.op === 'set' ? ['set', c.key, c.value, c.expiresAt] : ['delete', c.key, '', 0]));
    await this.redis.actionsCacheFlush(this.indexKey(scope), this.entryPrefix(scope), this.maxTtlMs, ...ops);
  }

  readiness() {
    return redisReadiness(this.redis);
  }

  async close(): Promise<void> {
    // the connection belongs to the runtime module, which closes it
  }
}
