/**
 * The execution fast path's isolate side (docs/performance.md): a chain of bound actions runs in one call into the
 * tenant's isolate while nothing later actions see has changed; a busy tenant spreads over a bounded number of
 * isolates; a tenant whose code loops holds up no other tenant's execution.
 */
import { handler, runtimeFixture } from './runtime-fixture';

const claim = (name: string, value: string) => handler(`api.idToken.setCustomClaim('${name}', ${value});`);

describe('chains in one call, busy tenants on more than one isolate', () => {
  const f = runtimeFixture({ SANDBOX_ISOLATES_PER_TENANT: '2' });
  afterAll(() => f.close());

  const seriesLengths = () => {
    const lengths: number[] = [];
    const original = f.sandbox.runSeries.bind(f.sandbox);
    const spy = jest.spyOn(f.sandbox, 'runSeries').mockImplementation(async (runs) => {
      const outcomes = await original(runs);
      lengths.push(outcomes.length);
      return outcomes;
    });
    return { lengths, restore: () => spy.mockRestore() };
  };

  it('five actions that only record commands run in one call; each sees its own secrets only', async () => {
    const actions = [1, 2, 3, 4, 5].map((i) => ({
      name: `a${i}`,
      code: claim(`c${i}`, `String(event.secrets.S) + '/' + Object.keys(event.secrets).length`),
      secrets: { S: `s${i}` },
    }));
    f.bind('chain', 'post-login', actions);
    await f.executor.execute('chain', 'post-login', { user: { user_id: 'u' } }); // contexts booted (a busy machine)
    const calls = seriesLengths();
    const record = await f.executor.execute('chain', 'post-login', { user: { user_id: 'u' } });
    calls.restore();
    expect(record.status).toBe('final');
    expect(calls.lengths).toEqual([5]);
    expect(record.commands.map((c) => c.args)).toEqual([1, 2, 3, 4, 5].map((i) => [`c${i}`, `s${i}/1`]));
    expect(record.results.map((r) => r.action_name)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  });

  it('an action that changes the event or asks the host ends the call; the next action sees the change', async () => {
    f.bind('effects', 'post-login', [
      { name: 'meta', code: handler("api.user.setAppMetadata('plan', 'pro');") },
      { name: 'reader', code: claim('plan', 'event.user.app_metadata.plan') },
      { name: 'cache', code: handler("api.cache.set('k', 'v');") },
      { name: 'fn', code: claim('fn', "String(new Function('return 6 * 7')())") },
      { name: 'last', code: claim('last', "'yes'") },
    ]);
    const event = () => ({ user: { user_id: 'u', app_metadata: {} } });
    await f.executor.execute('effects', 'post-login', event()); // contexts booted (a busy machine)
    const calls = seriesLengths();
    const record = await f.executor.execute('effects', 'post-login', event());
    calls.restore();
    expect(record.status).toBe('final');
    expect(calls.lengths).toEqual([1, 2, 2]);
    expect(record.commands.map((c) => [c.name, c.args])).toEqual([
      ['user.setAppMetadata', ['plan', 'pro']],
      ['idToken.setCustomClaim', ['plan', 'pro']],
      ['idToken.setCustomClaim', ['fn', '42']],
      ['idToken.setCustomClaim', ['last', 'yes']],
    ]);
  });

  it('an action that runs past the deadline in the middle of a call is the one recorded as timed out', async () => {
    f.bind('loops', 'post-login', [
      { name: 'fine', code: claim('fine', "'1'") },
      { name: 'spins', code: handler('for (;;) {}') },
      { name: 'never', code: claim('never', "'1'") },
    ]);
    const record = await f.executor.execute('loops', 'post-login', {});
    expect(record.status).toBe('partial');
    expect(record.results.map((r) => [r.action_name, r.error?.id])).toEqual([
      ['fine', undefined],
      ['spins', 'action_timeout'],
    ]);
  });

  it('a tenant whose isolate is saturated spreads over a second isolate, never more than the configured number', async () => {
    // each run keeps the isolate's thread busy for a while; waves of them keep it occupied past a sampling window
    f.bind('busy', 'post-login', [
      { name: 'work', code: handler('const until = Date.now() + 8; while (Date.now() < until) {}') },
    ]);
    let most = 0;
    for (let wave = 0; wave < 12 && most < 2; wave++) {
      const runs = Array.from({ length: 8 }, () =>
        f.executor.execute('busy', 'post-login', {}).then((r) => {
          most = Math.max(most, f.sandbox.isolatesOf('busy'));
          return r.status;
        }),
      );
      expect(await Promise.all(runs)).toEqual(Array(8).fill('final'));
    }
    expect(most).toBe(2);
  });

  it('a tenant whose runs mostly wait (timers, I/O) keeps one isolate', async () => {
    f.bind('waiting', 'post-login', [{ name: 'wait', code: handler('await new Promise((r) => setTimeout(r, 20));') }]);
    for (let wave = 0; wave < 4; wave++) {
      const runs = Array.from({ length: 16 }, () => f.executor.execute('waiting', 'post-login', {}));
      expect((await Promise.all(runs)).map((r) => r.status)).toEqual(Array(16).fill('final'));
    }
    expect(f.sandbox.isolatesOf('waiting')).toBe(1);
  });

  it("a tenant whose code loops does not hold up another tenant's execution", async () => {
    const finished: string[] = [];
    for (const tenant of ['spin-1', 'spin-2', 'spin-3'])
      f.bind(tenant, 'post-login', [{ name: 'spin', code: handler('for (;;) {}') }]);
    f.bind('calm', 'post-login', [{ name: 'calm', code: claim('calm', "'ok'") }]);
    await f.executor.execute('calm', 'post-login', {}); // warm, so the next one needs no boot
    const spinning = ['spin-1', 'spin-2', 'spin-3'].map((tenant) =>
      f.executor.execute(tenant, 'post-login', {}).then((r) => finished.push(`${tenant}:${r.status}`)),
    );
    const calm = f.executor.execute('calm', 'post-login', {}).then((r) => finished.push(`calm:${r.status}`));
    await Promise.all([...spinning, calm]);
    expect(finished[0]).toBe('calm:final');
    expect(finished.slice(1).sort()).toEqual(['spin-1:partial', 'spin-2:partial', 'spin-3:partial']);
  });
});
