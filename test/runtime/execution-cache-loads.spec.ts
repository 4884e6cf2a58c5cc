/**
 * api.cache is loaded only by an action that touches it, and once per execution, not once per action: later actions of the same execution get a copy of
 * the first load; an action that writes sends its changes to the store and the next action loads again, so it sees
 * exactly what the store kept. Concurrent executions never share a load.
 */
import type { CacheChange, CacheScope } from '../../src/runtime/cache/cache-session';
import { handler, runtimeFixture } from './runtime-fixture';

describe('cache loads per execution', () => {
  const fx = runtimeFixture();
  const calls: string[] = [];
  const load = fx.cache.load.bind(fx.cache);
  const flush = fx.cache.flush.bind(fx.cache);
  fx.cache.load = (scope: CacheScope, now: number) => {
    calls.push('load');
    return load(scope, now);
  };
  fx.cache.flush = (scope: CacheScope, changes: CacheChange[], now: number) => {
    calls.push(`flush ${changes.length}`);
    return flush(scope, changes, now);
  };
  afterAll(() => fx.close());
  beforeEach(() => {
    calls.length = 0;
  });

  it('actions that never touch api.cache: no load, no flush', async () => {
    fx.bind(
      't0',
      'post-login',
      Array.from({ length: 3 }, (_, i) => ({
        name: `plain-${i}`,
        code: handler(`api.idToken.setCustomClaim('p${i}', 1);`),
      })),
    );
    const record = await fx.executor.execute('t0', 'post-login', {});
    expect(record.commands).toHaveLength(3);
    expect(calls).toEqual([]);
  });

  it('an action that touches api.cache late still sees the entries (loaded on first use)', async () => {
    fx.bind('t9', 'post-login', [
      { name: 'writer', code: handler("api.cache.set('late', 'here');") },
      {
        name: 'late-reader',
        code: handler(
          "api.idToken.setCustomClaim('first', 1); await null; api.idToken.setCustomClaim('late', api.cache.get('late').value);",
        ),
      },
    ]);
    const record = await fx.executor.execute('t9', 'post-login', {});
    expect(record.commands.map((c) => c.args)).toEqual([
      ['first', 1],
      ['late', 'here'],
    ]);
    expect(calls).toEqual(['load', 'flush 1', 'load']);
  });

  it('five actions that only read: one load', async () => {
    fx.bind(
      't1',
      'post-login',
      Array.from({ length: 5 }, (_, i) => ({
        name: `reader-${i}`,
        code: handler(`api.idToken.setCustomClaim('v${i}', (api.cache.get('k') || {}).value || null);`),
      })),
    );
    const record = await fx.executor.execute('t1', 'post-login', {});
    expect(record.status).toBe('final');
    expect(calls).toEqual(['load']);
  });

  it('a write is flushed and the next action loads again and sees it; the one after reuses that load', async () => {
    fx.bind('t2', 'post-login', [
      { name: 'writer', code: handler("api.cache.set('k', 'written');") },
      { name: 'reader-a', code: handler("api.idToken.setCustomClaim('a', api.cache.get('k').value);") },
      { name: 'reader-b', code: handler("api.idToken.setCustomClaim('b', api.cache.get('k').value);") },
    ]);
    const record = await fx.executor.execute('t2', 'post-login', {});
    expect(record.commands.map((c) => c.args)).toEqual([
      ['a', 'written'],
      ['b', 'written'],
    ]);
    expect(calls).toEqual(['load', 'flush 1', 'load']);
  });

  it('each execution loads for itself', async () => {
    await Promise.all([fx.executor.execute('t1', 'post-login', {}), fx.executor.execute('t1', 'post-login', {})]);
    expect(calls).toEqual(['load', 'load']);
  });
});
