/**
 * Redis down or slow: cache calls answer {type:'error'} within the command timeout, executions still run and
 * answer, readiness reports Redis as down, and everything recovers by itself when Redis returns. Uses a Redis
 * server this test starts on a free port (so it can kill it), and the shared one at 127.0.0.1:6379 for records.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { loadConfig } from '../../src/config/config';
import { CacheSession, liveCacheScope } from '../../src/runtime/cache/cache-session';
import { RedisCacheStore } from '../../src/runtime/cache/redis-cache.store';
import { RedisExecutionStore } from '../../src/runtime/executions/redis-execution.store';
import { connectRedis, redisReadiness } from '../../src/runtime/redis-connection';
import { freePort } from '../support/free-port';

const limits = loadConfig({}).cache;

/** PING over a raw socket: true when a Redis answers PONG on the port. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await sleep(50);
  }
}

describe('Redis faults', () => {
  let port: number;
  let server: ChildProcess | undefined;
  const startRedis = async () => {
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await until(() => pings(port));
  };
  beforeAll(async () => {
    port = await freePort();
    await startRedis();
  });
  const stopRedis = async () => {
    const exited = new Promise((r) => server!.once('exit', r));
    server!.kill('SIGKILL');
    await exited;
  };
  afterAll(stopRedis);

  it('turns cache calls into error results while Redis is down and recovers when it returns', async () => {
    const client = connectRedis({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 200 });
    const store = new RedisCacheStore(client, `faults:${randomUUID()}:`, limits);
    const scope = liveCacheScope('t', 'post-login');
    try {
      await until(async () => (await redisReadiness(client)).ok);
      const up = new CacheSession(await store.load(scope, Date.now()), limits, Date.now);
      expect(up.set('k', 'v')).toMatchObject({ type: 'success' });
      await store.flush(scope, up.pendingChanges(), Date.now());

      await stopRedis();
      await until(async () => !(await redisReadiness(client)).ok);
      const loaded = await store.load(scope, Date.now()).then(
        (e) => e,
        () => undefined,
      );
      expect(loaded).toBeUndefined();
      const down = new CacheSession(loaded, limits, Date.now);
      expect(down.get('k')).toBeUndefined();
      expect(down.set('k', 'v2')).toEqual({ type: 'error', code: 'FailedToSetCacheRecord' });
      expect(down.delete('k')).toEqual({ type: 'error', code: 'FailedToDeleteCacheRecord' });
      expect((await redisReadiness(client)).ok).toBe(false);

      await startRedis();
      await until(async () => (await redisReadiness(client)).ok);
      const back = new CacheSession(await store.load(scope, Date.now()), limits, Date.now);
      expect(back.set('k', 'v3')).toMatchObject({ type: 'success' });
      await store.flush(scope, back.pendingChanges(), Date.now());
      expect(new CacheSession(await store.load(scope, Date.now()), limits, Date.now).get('k')).toMatchObject({
        value: 'v3',
      });
    } finally {
      client.disconnect();
    }
  }, 30_000);

  it('stores execution records with PXAT creation + retention, so Redis itself forgets them', async () => {
    const redis = new Redis('redis://127.0.0.1:6379');
    const prefix = `records:${randomUUID()}:`;
    const store = new RedisExecutionStore(redis, prefix);
    const created = Date.now();
    const expiresAt = created + 10 * 24 * 3600 * 1000;
    const record = {
      id: 'exec-1',
      trigger_id: 'post-login',
      status: 'final' as const,
      results: [],
      commands: [],
      logs: [],
      created_at: new Date(created).toISOString(),
      updated_at: new Date(created).toISOString(),
    };
    try {
      await store.save({ tenantId: 't1', record }, expiresAt);
      expect(await redis.pexpiretime(store.key('t1', 'exec-1'))).toBe(expiresAt);
      expect((await store.get('t1', 'exec-1'))?.record).toEqual(record);
      expect(await store.get('t2', 'exec-1')).toBeUndefined();
      await store.save({ tenantId: 't1', record: { ...record, id: 'short' } }, Date.now() + 100);
      await sleep(300);
      expect(await redis.exists(store.key('t1', 'short'))).toBe(0);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
