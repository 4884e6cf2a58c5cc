/**
 * api.cache contract (docs/api.md), run against every CacheStore: the in-process one and Redis on the
 * real server at 127.0.0.1:6379. Each call goes through a CacheSession exactly as an action's would: load, calls,
 * flush, and a fresh session sees what the previous one wrote.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config/config';
import {
  CacheScope,
  CacheSession,
  CacheStore,
  draftCacheScope,
  liveCacheScope,
} from '../../src/runtime/cache/cache-session';

const limits = loadConfig({}).cache;
const MIN = 60_000;

export interface CacheFixture {
  store: CacheStore;
  /** Whether the raw entry still exists in the backing store (Redis: EXISTS on the key). */
  rawExists(scope: CacheScope, key: string): Promise<boolean>;
  teardown(): Promise<void>;
}

export function runCacheContract(name: string, setup: () => Promise<CacheFixture>) {
  describe(`api.cache contract: ${name}`, () => {
    let f: CacheFixture;
    let scope: CacheScope;
    let tenant: string;
    beforeAll(async () => {
      f = await setup();
    });
    afterAll(async () => {
      await f.teardown();
    });
    beforeEach(() => {
      tenant = `tenant-${Math.random().toString(36).slice(2)}`;
      scope = liveCacheScope(tenant, 'post-login');
    });

    const session = async (s = scope) => new CacheSession(await f.store.load(s, Date.now()), limits, Date.now);
    const write = async (fn: (c: CacheSession) => unknown, s = scope) => {
      const c = await session(s);
      const result = fn(c);
      await f.store.flush(s, c.pendingChanges(), Date.now());
      return result;
    };
    /** A session and its flush on a fixed clock, and what a scope holds at that time (key → value). */
    const sessionAt = async (now: number, s = scope) => new CacheSession(await f.store.load(s, now), limits, () => now);
    const flushAt = async (now: number, fn: (c: CacheSession) => void, s = scope) => {
      const c = await sessionAt(now, s);
      fn(c);
      return f.store.flush(s, c.pendingChanges(), now);
    };
    const contents = async (s: CacheScope, now: number) =>
      Object.fromEntries([...(await f.store.load(s, now))].map(([k, e]) => [k, e.value]));
    const range = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));

    it('stores a value for 15 minutes by default and returns the record', async () => {
      const before = Date.now();
      const result = (await write((c) => c.set('k', 'v'))) as {
        type: string;
        record: { value: string; expires_at: number };
      };
      expect(result).toEqual({ type: 'success', record: { value: 'v', expires_at: expect.any(Number) } });
      expect(result.record.expires_at - before).toBeGreaterThanOrEqual(15 * MIN);
      expect(result.record.expires_at - Date.now()).toBeLessThanOrEqual(15 * MIN);
      expect((await session()).get('k')).toEqual({ value: 'v', expires_at: result.record.expires_at });
    });

    it('honours ttl, expires_at, the earlier of the two, and clamps to 24 h', async () => {
      const now = Date.now();
      const ttl = (await write((c) => c.set('a', '1', { ttl: 5 * MIN }))) as { record: { expires_at: number } };
      expect(ttl.record.expires_at - now).toBeGreaterThanOrEqual(5 * MIN);
      expect(ttl.record.expires_at - now).toBeLessThan(5 * MIN + 5000);
      const at = now + 7 * MIN;
      expect(await write((c) => c.set('b', '2', { expires_at: at }))).toMatchObject({ record: { expires_at: at } });
      expect(await write((c) => c.set('c', '3', { ttl: 60 * MIN, expires_at: at }))).toMatchObject({
        record: { expires_at: at },
      });
      const clamped = (await write((c) => c.set('d', '4', { ttl: 48 * 60 * MIN }))) as {
        record: { expires_at: number };
      };
      expect(clamped.record.expires_at - Date.now()).toBeLessThanOrEqual(24 * 60 * MIN);
      expect(clamped.record.expires_at - now).toBeGreaterThan(24 * 60 * MIN - 5000);
      const read = await session();
      expect(read.get('b')).toEqual({ value: '2', expires_at: at });
      expect(read.get('c')).toEqual({ value: '3', expires_at: at });
    });

    it('refuses bad expiries with their codes and stores nothing', async () => {
      expect(await write((c) => c.set('k', 'v', { expires_at: Date.now() - 1000 }))).toEqual({
        type: 'error',
        code: 'ItemAlreadyExpired',
      });
      expect(await write((c) => c.set('k', 'v', { ttl: -5 }))).toEqual({ type: 'error', code: 'InvalidExpiry' });
      expect(await write((c) => c.set('k', 'v', { ttl: 'soon' }))).toEqual({ type: 'error', code: 'InvalidExpiry' });
      expect((await session()).get('k')).toBeUndefined();
    });

    it('enforces key, value, entry-count and total-size limits without losing what is stored', async () => {
      expect(await write((c) => c.set('k'.repeat(65), 'v'))).toEqual({ type: 'error', code: 'CacheKeySizeExceeded' });
      expect(await write((c) => c.set('k', 'v'.repeat(4097)))).toEqual({
        type: 'error',
        code: 'CacheValueSizeExceeded',
      });
      expect(await write((c) => c.set('k', 42))).toEqual({ type: 'error', code: 'CacheValueSizeExceeded' });
      await write((c) => {
        for (let i = 0; i < 20; i++) c.set(`key-${i}`, `v${i}`);
      });
      expect(await write((c) => c.set('one-too-many', 'x'))).toEqual({ type: 'error', code: 'CacheSizeExceeded' });
      expect(await write((c) => c.set('key-3', 'overwrite is fine'))).toMatchObject({ type: 'success' });
      const s = await session();
      expect(s.get('key-0')).toMatchObject({ value: 'v0' });
      expect(s.get('key-3')).toMatchObject({ value: 'overwrite is fine' });
      expect(s.get('one-too-many')).toBeUndefined();

      const big = liveCacheScope(`other-${scope.namespace}`, 'post-login');
      await write((c) => {
        c.set('a', 'x'.repeat(4000));
        c.set('b', 'y'.repeat(4000));
      }, big);
      expect(await write((c) => c.set('c', 'z'.repeat(500)), big)).toEqual({
        type: 'error',
        code: 'CacheSizeExceeded',
      });
      expect((await session(big)).get('a')).toMatchObject({ value: 'x'.repeat(4000) });
    });

    it('delete: success when a value was removed, CacheKeyDoesNotExist otherwise', async () => {
      await write((c) => c.set('k', 'v'));
      expect(await write((c) => c.delete('k'))).toEqual({ type: 'success' });
      expect(await write((c) => c.delete('k'))).toEqual({ type: 'error', code: 'CacheKeyDoesNotExist' });
      expect((await session()).get('k')).toBeUndefined();
      expect(await f.rawExists(scope, 'k')).toBe(false);
    });

    it('is scoped per trigger and per tenant', async () => {
      const tenant = scope.namespace;
      await write((c) => c.set('shared', 'login'), liveCacheScope(tenant, 'post-login'));
      expect((await session(liveCacheScope(tenant, 'credentials-exchange'))).get('shared')).toBeUndefined();
      expect((await session(liveCacheScope(`${tenant}-other`, 'post-login'))).get('shared')).toBeUndefined();
      expect((await session(draftCacheScope(tenant, 'act_1', 'post-login'))).get('shared')).toBeUndefined();
      expect((await session(liveCacheScope(tenant, 'post-login'))).get('shared')).toMatchObject({ value: 'login' });
    });

    it('two sessions from one snapshot cannot together pass the entry limit: the later flush is refused key by key', async () => {
      const now = Date.now();
      await flushAt(now, (c) => range(5, (i) => `seed-${i}`).forEach((k) => c.set(k, k)));
      const one = await sessionAt(now);
      const two = await sessionAt(now);
      for (const k of range(15, (i) => `a-${i}`)) expect(one.set(k, 'a')).toMatchObject({ type: 'success' });
      expect(two.set('seed-0', 'changed')).toMatchObject({ type: 'success' });
      expect(two.delete('seed-1')).toEqual({ type: 'success' });
      for (const k of range(16, (i) => `b-${i}`)) expect(two.set(k, 'b')).toMatchObject({ type: 'success' });
      expect(await f.store.flush(scope, one.pendingChanges(), now)).toEqual({ refused: [] });
      // the overwrite and the delete go through; the delete makes room for b-0 only
      expect(await f.store.flush(scope, two.pendingChanges(), now)).toEqual({
        refused: range(15, (i) => `b-${i + 1}`),
      });
      const stored = await contents(scope, now);
      expect(stored).toEqual({
        'seed-0': 'changed',
        'seed-2': 'seed-2',
        'seed-3': 'seed-3',
        'seed-4': 'seed-4',
        ...Object.fromEntries(range(15, (i) => [`a-${i}`, 'a'])),
        'b-0': 'b',
      });
      expect(Object.keys(stored)).toHaveLength(limits.maxEntries);
      expect(await f.rawExists(scope, 'b-1')).toBe(false);
      expect(await f.rawExists(scope, 'seed-1')).toBe(false);
    });

    it('two sessions from one snapshot cannot together pass the total size: an entry that does not fit is refused, a smaller later one fits', async () => {
      const now = Date.now();
      await flushAt(now, (c) => c.set('base', 'x'.repeat(2000)));
      const one = await sessionAt(now);
      const two = await sessionAt(now);
      expect(one.set('a', 'a'.repeat(3000))).toMatchObject({ type: 'success' });
      expect(two.set('b', 'b'.repeat(3500))).toMatchObject({ type: 'success' });
      expect(two.set('c', 'c'.repeat(1000))).toMatchObject({ type: 'success' });
      expect(await f.store.flush(scope, one.pendingChanges(), now)).toEqual({ refused: [] });
      expect(await f.store.flush(scope, two.pendingChanges(), now)).toEqual({ refused: ['b'] });
      const stored = await contents(scope, now);
      expect(stored).toEqual({ base: 'x'.repeat(2000), a: 'a'.repeat(3000), c: 'c'.repeat(1000) });
      expect(Object.entries(stored).reduce((n, [k, v]) => n + k.length + v.length, 0)).toBeLessThanOrEqual(
        limits.maxTotalBytes,
      );
      expect(await f.rawExists(scope, 'b')).toBe(false);
    });

    it('an overwrite that has expired by the time it is written leaves no old value behind', async () => {
      const now = Date.now();
      await flushAt(now, (c) => c.set('k', 'old'));
      const s = await sessionAt(now);
      expect(s.set('k', 'new', { ttl: 1000 })).toMatchObject({ type: 'success' });
      expect(await f.store.flush(scope, s.pendingChanges(), now + 5000)).toEqual({ refused: [] });
      expect(await contents(scope, now)).toEqual({});
      expect(await f.rawExists(scope, 'k')).toBe(false);
    });

    it('a draft test never sees or writes live entries, and each action has its own draft scope', async () => {
      const now = Date.now();
      const live = liveCacheScope(tenant, 'post-login');
      const draft1 = draftCacheScope(tenant, 'act_1', 'post-login');
      const draft2 = draftCacheScope(tenant, 'act_2', 'post-login');
      await flushAt(now, (c) => c.set('k', 'live'), live);
      const d = await sessionAt(now, draft1);
      expect(d.get('k')).toBeUndefined();
      expect(d.set('k', 'draft-1')).toMatchObject({ type: 'success' });
      for (const k of range(limits.maxEntries - 1, (i) => `fill-${i}`))
        expect(d.set(k, 'x')).toMatchObject({ type: 'success' });
      expect(await f.store.flush(draft1, d.pendingChanges(), now)).toEqual({ refused: [] });
      expect(await contents(live, now)).toEqual({ k: 'live' });
      expect(await contents(draft2, now)).toEqual({});
      expect(await contents(draftCacheScope(`${tenant}-other`, 'act_1', 'post-login'), now)).toEqual({});
      // a full draft scope counts against neither the live scope nor another action's draft
      expect(
        await flushAt(now, (c) => expect(c.set('more', 'live-2')).toMatchObject({ type: 'success' }), live),
      ).toEqual({ refused: [] });
      expect(
        await flushAt(now, (c) => expect(c.set('k', 'draft-2')).toMatchObject({ type: 'success' }), draft2),
      ).toEqual({ refused: [] });
      await flushAt(now, (c) => expect(c.delete('k')).toEqual({ type: 'success' }), draft1);
      expect(await contents(live, now)).toEqual({ k: 'live', more: 'live-2' });
      expect(await contents(draft2, now)).toEqual({ k: 'draft-2' });
      expect(Object.keys(await contents(draft1, now))).toHaveLength(limits.maxEntries - 1);
    });

    it('tenant and action ids containing ":", "{", "}" or "%" cannot make two scopes collide', async () => {
      const now = Date.now();
      const t = tenant;
      const writes: [CacheScope, string][] = [
        [liveCacheScope(t, 'post-login'), `{${t}}:post-login:k:k`], // unencoded, the same Redis key as the next scope's 'k'
        [liveCacheScope(`${t}}:post-login:k:{${t}`, 'post-login'), 'k'],
        [liveCacheScope(`${t}:a`, 'post-login'), 'k'],
        [liveCacheScope(`${t}%3Aa`, 'post-login'), 'k'],
        [liveCacheScope(`{${t}}`, 'post-login'), 'k'],
        [liveCacheScope(`test:${t}:act_1`, 'post-login'), 'k'], // unencoded, the namespace of the next (draft) scope
        [draftCacheScope(t, 'act_1', 'post-login'), 'k'],
        [draftCacheScope(`${t}:a`, 'b', 'post-login'), 'k'],
        [draftCacheScope(t, 'a:b', 'post-login'), 'k'],
        [liveCacheScope(`${t}\u0000post-login`, 'post-login'), 'k'],
      ];
      for (const [i, [s, key]] of writes.entries())
        expect(await flushAt(now, (c) => c.set(key, `value-${i}`), s)).toEqual({ refused: [] });
      for (const [i, [s, key]] of writes.entries())
        expect([i, await contents(s, now)]).toEqual([i, { [key]: `value-${i}` }]);
    });

    // The ttl leaves a loaded machine ample time between the write and the first check (with 150 ms, a slow flush
    // made the entry expire before it was looked at); the wait is measured from the expiry the store was given.
    it('an expired entry is gone from the store itself', async () => {
      const written = (await write((c) => c.set('brief', 'v', { ttl: 2000 }))) as { record: { expires_at: number } };
      expect(await f.rawExists(scope, 'brief')).toBe(true);
      await sleep(Math.max(0, written.record.expires_at - Date.now()) + 100);
      expect((await session()).get('brief')).toBeUndefined();
      expect(await f.rawExists(scope, 'brief')).toBe(false);
    });
  });
}
