/**
 * api.cache in Redis. Each entry is its own key written with SET … PXAT, so Redis itself expires it; expires_at is
 * read back with PEXPIRETIME. A per-scope index set lists the keys. Loading a scope and writing an action's changes
 * are one Lua script call each (one round trip each); the write script re-checks the entry-count and total-size
 * limits against what is stored at that moment, so concurrent executions never push a scope past them and a
 * refused write loses nothing. Keys:
 *   <prefix>cache:{<namespace>}:<trigger>:index     the scope's index (a set of cache keys)
 *   <prefix>cache:{<namespace>}:<trigger>:k:<key>   one entry
 * The hash tag is the namespace (the tenant), so a scope's keys share one cluster slot and the scripts stay
 * cluster-safe.
 */
import type Redis from 'ioredis';
import type { CacheLimits } from '../../config/config';
import { redisReadiness } from '../redis-connection';
import type { CacheChange, CacheEntry, CacheScope, CacheStore } from './cache-session';

const LOAD = `
local out = {}
for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do
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

// ARGV: entry prefix, index ttl ms, now ms, max entries, max total bytes, then (op, key, value, expiresAt)*
const FLUSH = `
local index, prefix = KEYS[1], ARGV[1]
local now, maxEntries, maxTotal = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local sizes, count, total = {}, 0, 0
for _, m in ipairs(redis.call('SMEMBERS', index)) do
  if redis.call('EXISTS', prefix .. m) == 1 then
    sizes[m] = string.len(m) + redis.call('STRLEN', prefix .. m)
    count = count + 1
    total = total + sizes[m]
  else
    redis.call('SREM', index, m)
  end
end
local refused = {}
for i = 6, #ARGV, 4 do
  local op, m = ARGV[i], ARGV[i + 1]
  local previous = sizes[m]
  if op == 'delete' or tonumber(ARGV[i + 3]) <= now then
    if previous then
      redis.call('DEL', prefix .. m)
      redis.call('SREM', index, m)
      sizes[m] = nil
      count = count - 1
      total = total - previous
    end
  else
    local size = string.len(m) + string.len(ARGV[i + 2])
    local nextCount = count
    if not previous then nextCount = count + 1 end
    local nextTotal = total - (previous or 0) + size
    if nextCount > maxEntries or nextTotal > maxTotal then
      table.insert(refused, m)
    else
      redis.call('SET', prefix .. m, ARGV[i + 2], 'PXAT', ARGV[i + 3])
      redis.call('SADD', index, m)
      sizes[m], count, total = size, nextCount, nextTotal
    end
  end
end
if count > 0 then redis.call('PEXPIRE', index, ARGV[2]) end
return refused`;

type ScriptedRedis = Redis & {
  actionsCacheLoad(index: string, entryPrefix: string): Promise<string[]>;
  actionsCacheFlush(index: string, ...args: (string | number)[]): Promise<string[]>;
};

export type RedisCacheLimits = Pick<CacheLimits, 'maxEntries' | 'maxTotalBytes' | 'maxTtlMs'>;

export class RedisCacheStore implements CacheStore {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
    private readonly limits: RedisCacheLimits,
  ) {
    this.redis = redis as ScriptedRedis;
    if (!('actionsCacheLoad' in redis)) {
      redis.defineCommand('actionsCacheLoad', { numberOfKeys: 1, lua: LOAD });
      redis.defineCommand('actionsCacheFlush', { numberOfKeys: 1, lua: FLUSH });
    }
  }

  /** Redis key of one entry (exposed for tests that look at Redis itself). */
  entryKey(scope: CacheScope, key: string): string {
    return `${this.entryPrefix(scope)}${key}`;
  }

  private scopePrefix(scope: CacheScope): string {
    return `${this.keyPrefix}cache:{${scope.namespace}}:${scope.triggerId}:`;
  }

  private entryPrefix(scope: CacheScope): string {
    return `${this.scopePrefix(scope)}k:`;
  }

  private indexKey(scope: CacheScope): string {
    return `${this.scopePrefix(scope)}index`;
  }

  async load(scope: CacheScope, now: number): Promise<Map<string, CacheEntry>> {
    const flat = await this.redis.actionsCacheLoad(this.indexKey(scope), this.entryPrefix(scope));
    const entries = new Map<string, CacheEntry>();
    for (let i = 0; i < flat.length; i += 3) {
      const expiresAt = Number(flat[i + 2]);
      if (expiresAt > now) entries.set(flat[i], { value: flat[i + 1], expiresAt });
    }
    return entries;
  }

  async flush(scope: CacheScope, changes: CacheChange[], now: number): Promise<{ refused: string[] }> {
    if (changes.length === 0) return { refused: [] };
    const ops = changes.flatMap((c) =>
      c.op === 'set' ? ['set', c.key, c.value, c.expiresAt] : ['delete', c.key, '', 0],
    );
    const { maxTtlMs, maxEntries, maxTotalBytes } = this.limits;
    const refused = await this.redis.actionsCacheFlush(
      this.indexKey(scope),
      this.entryPrefix(scope),
      maxTtlMs,
      now,
      maxEntries,
      maxTotalBytes,
      ...ops,
    );
    return { refused };
  }

  readiness() {
    return redisReadiness(this.redis);
  }

  async close(): Promise<void> {
    // the connection belongs to the runtime module, which closes it
  }
}
