/**
 * api.cache contract (runtime.md, decision 8), run against every CacheStore: the in-process one and Redis on the
 * real server at 127.0.0.1:6379. Each call goes through a CacheSession exactly as an action's would: load, calls,
 * flush, and a fresh session sees what the previous one wrote.
 */
import { loadConfig } from '../../src/config/config';
import { CacheScope, CacheSession, CacheStore, draftCacheScope, liveCacheScope } from '../../src/runtime/cache/cache-session';

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
    beforeAll(async () => { f = await setup(); });
    afterAll(async () => { await f.teardown(); });
    beforeEach(() => { scope = liveCacheScope(`tenant-${Math.random().toString(36).slice(2)}`, 'post-login'); });

    const session = async (s = scope) => new CacheSession(await f.store.load(s, Date.now()), limits, Date.now);
    const write = async (fn: (c: CacheSession) => unknown, s = scope) => {
      const c = await session(s);
      const result = fn(c);
      await f.store.flush(s, c.pendingChanges(), Date.now());
      return result;
    };

    it('stores a value for 15 minutes by default and returns the record', async () => {
      const before = Date.now();
      const result = (await write((c) => c.set('k', 'v'))) as { type: string; record: { value: string; expires_at: number } };
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
      expect(await write((c) => c.set('c', '3', { ttl: 60 * MIN, expires_at: at }))).toMatchObject({ record: { expires_at: at } });
      const clamped = (await write((c) => c.set('d', '4', { ttl: 48 * 60 * MIN }))) as { record: { expires_at: number } };
      expect(clamped.record.expires_at - Date.now()).toBeLessThanOrEqual(24 * 60 * MIN);
      expect(clamped.record.expires_at - now).toBeGreaterThan(24 * 60 * MIN - 5000);
      const read = await session();
      expect(read.get('b')).toEqual({ value: '2', expires_at: at });
      expect(read.get('c')).toEqual({ value: '3', expires_at: at });
    });

    it('refuses bad expiries with their codes and stores nothing', async () => {
      expect(await write((c) => c.set('k', 'v', { expires_at: Date.now() - 1000 }))).toEqual({ type: 'error', code: 'ItemAlreadyExpired' });
      expect(await write((c) => c.set('k', 'v', { ttl: -5 }))).toEqual({ type: 'error', code: 'InvalidExpiry' });
      expect(await write((c) => c.set('k', 'v', { ttl: 'soon' }))).toEqual({ type: 'error', code: 'InvalidExpiry' });
      expect((await session()).get('k')).toBeUndefined();
    });

    it('enforces key, value, entry-count and total-size limits without losing what is stored', async () => {
      expect(await write((c) => c.set('k'.repeat(65), 'v'))).toEqual({ type: 'error', code: 'CacheKeySizeExceeded' });
      expect(await write((c) => c.set('k', 'v'.repeat(4097)))).toEqual({ type: 'error', code: 'CacheValueSizeExceeded' });
      expect(await write((c) => c.set('k', 42))).toEqual({ type: 'error', code: 'CacheValueSizeExceeded' });
      await write((c) => { for (let i = 0; i < 20; i++) c.set(`key-${i}`, `v${i}`); });
      expect(await write((c) => c.set('one-too-many', 'x'))).toEqual({ type: 'error', code: 'CacheSizeExceeded' });
      expect(await write((c) => c.set('key-3', 'overwrite is fine'))).toMatchObject({ type: 'success' });
      const s = await session();
      expect(s.get('key-0')).toMatchObject({ value: 'v0' });
      expect(s.get('key-3')).toMatchObject({ value: 'overwrite is fine' });
      expect(s.get('one-too-many')).toBeUndefined();

      const big = liveCacheScope(`other-${scope.namespace}`, 'post-login');
      await write((c) => { c.set('a', 'x'.repeat(4000)); c.set('b', 'y'.repeat(4000)); }, big);
      expect(await write((c) => c.set('c', 'z'.repeat(500)), big)).toEqual({ type: 'error', code: 'CacheSizeExceeded' });
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

    it('an expired entry is gone from the store itself', async () => {
      await write((c) => c.set('brief', 'v', { ttl: 150 }));
      expect(await f.rawExists(scope, 'brief')).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      expect((await session()).get('brief')).toBeUndefined();
      expect(await f.rawExists(scope, 'brief')).toBe(false);
    });
  });
}
