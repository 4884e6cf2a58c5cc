/**
 * The one Redis connection of the process (api.cache and execution records). Built to fail fast rather than queue:
 * no offline queue, one retry per command, a command timeout, and endless background reconnects (ioredis asks for
 * the wait before each one: shared/retry.ts backoff), so a Redis that is down or slow turns into quick errors and the
 * service recovers by itself when it returns.
 */
import Redis from 'ioredis';
import { Backoff, backoffDelay } from '../shared/retry';

export interface RedisOptions {
  url: string;
  commandTimeoutMs: number;
  keyPrefix?: string;
  onError?: (error: Error) => void;
}

const RECONNECT_BACKOFF: Backoff = { initialDelayMs: 100, maxDelayMs: 2000 };

export function connectRedis(o: RedisOptions): Redis {
  const client = new Redis(o.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: o.commandTimeoutMs,
    connectTimeout: Math.max(1000, o.commandTimeoutMs * 4),
    retryStrategy: (attempt) => backoffDelay(attempt, RECONNECT_BACKOFF),
    lazyConnect: false,
  });
  let lastReported = 0;
  client.on('error', (error: Error) => {
    if (Date.now() - lastReported > 10_000) {
      lastReported = Date.now();
      o.onError?.(error);
    }
  });
  return client;
}

export async function redisReadiness(client: Redis): Promise<{ ok: boolean; error?: string }> {
  if (client.status !== 'ready') return { ok: false, error: `redis connection is ${client.status}` };
  try {
    await client.ping();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export const REDIS = Symbol('REDIS');
export const REDIS_KEY_PREFIX = Symbol('REDIS_KEY_PREFIX');
