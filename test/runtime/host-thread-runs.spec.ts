/**
 * Runs on the service's own thread (sandbox/sync-runs.ts, docs/performance.md; off by default, for trusted code only):
 * an action that needs nothing from the host runs there; one that does is given up before the host sees anything and runs again on its isolate's thread,
 * with one set of logs, commands and effects; a run past the slice goes again with the rest of its time; while the
 * service thread is busy, runs stay on their isolates' threads.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FIRST_SLICE_DEMOTION_MS } from '../../src/runtime/sandbox/sync-runs';
import { handler, runtimeFixture } from './runtime-fixture';

const event = () => ({ user: { user_id: 'u', app_metadata: {} } });

describe('runs on the service thread', () => {
  // A slice well over what these runs take: on a loaded machine a thread can be preempted for tens of milliseconds,
  // and a run stopped at the slice for that would fail tests that are about something else.
  const f = runtimeFixture({ SANDBOX_SYNC_SLICE_MS: '50', EXECUTION_TIMEOUT_MS: '3000' }, { hostUtilisation: () => 0 });
  afterAll(() => f.close());
  const stats = () => f.sandbox.hostThreadStats();
  const run = (tenant: string) => f.executor.execute(tenant, 'post-login', event());

  it('an action that needs nothing from the host runs on the service thread, isolate threads untouched', async () => {
    f.bind('pure', 'post-login', [
      { name: 'a', code: handler("console.log('hello'); api.idToken.setCustomClaim('role', 'admin');") },
      { name: 'b', code: handler("api.accessToken.setCustomClaim('n', 2);") },
    ]);
    const before = stats();
    const record = await run('pure');
    expect(record.status).toBe('final');
    expect(record.commands.map((c) => [c.name, c.args])).toEqual([
      ['idToken.setCustomClaim', ['role', 'admin']],
      ['accessToken.setCustomClaim', ['n', 2]],
    ]);
    expect(record.logs.map((l) => l.lines)).toEqual([['hello']]);
    expect(stats().here).toBe(before.here + 1);
    expect(f.sandbox.isolatesOf('pure')).toBe(0); // the tenant's isolates for its own threads were never made
  });

  it('api.cache gives the run up before the host sees anything: one set of logs, commands and writes', async () => {
    f.bind('cache', 'post-login', [
      {
        name: 'cached',
        code: handler(
          "console.log('start'); const seen = api.cache.get('k'); api.idToken.setCustomClaim('seen', seen ? seen.value : null); api.cache.set('k', 'v'); console.log('end');",
        ),
      },
    ]);
    const before = stats();
    const record = await run('cache');
    expect(record.status).toBe('final');
    expect(record.results[0].error).toBeUndefined();
    expect(record.logs[0].lines).toEqual(['start', 'end']);
    expect(record.commands.map((c) => c.args)).toEqual([['seen', null]]);
    expect(stats().host).toBe(before.host + 1);
    expect(f.sandbox.isolatesOf('cache')).toBe(1);

    // the version now runs on its isolate's thread for a while: not given up again
    const again = await run('cache');
    expect(again.logs[0].lines).toEqual(['start', 'end']);
    expect(again.commands.map((c) => c.args)).toEqual([['seen', 'v']]);
    expect(stats().host).toBe(before.host + 1);
  });

  it('a timer or an outbound request gives the run up too, and it completes on its thread', async () => {
    f.bind('timer', 'post-login', [
      {
        name: 'waits',
        code: handler(
          "await new Promise((resolve) => setTimeout(resolve, 1)); api.idToken.setCustomClaim('waited', true);",
        ),
      },
    ]);
    const before = stats();
    let record = await run('timer');
    // The action keeps no state, so a run stopped at the slice by a preempted thread may wait out its demotion and go
    // again; this test is about the timer giving the run up.
    for (let tries = 1; stats().slice > before.slice && tries < 3; tries++) {
      await sleep(FIRST_SLICE_DEMOTION_MS * 2 ** tries + 50);
      before.slice = stats().slice;
      record = await run('timer');
    }
    expect(record.results[0].error).toBeUndefined();
    expect(record.commands.map((c) => c.args)).toEqual([['waited', true]]);
    expect(stats().host).toBe(before.host + 1);
  });

  it('a run past the slice goes again on its thread in a fresh context, with the rest of its time', async () => {
    f.bind('slow', 'post-login', [
      {
        name: 'spins',
        code:
          'let runs = 0;\n' +
          handler(
            "runs++; const until = Date.now() + 150; while (Date.now() < until) {} api.idToken.setCustomClaim('runs', runs);",
          ),
      },
    ]);
    const before = stats();
    const record = await run('slow');
    expect(record.results[0].error).toBeUndefined();
    // the given-up context (where `runs` became 1 first) was dropped: the run that counts saw a fresh module
    expect(record.commands.map((c) => c.args)).toEqual([['runs', 1]]);
    expect(stats().slice).toBe(before.slice + 1);
  });

  it('an endless loop on the service thread is stopped at the slice and times out on its thread as before', async () => {
    const f2 = runtimeFixture(
      { SANDBOX_SYNC_SLICE_MS: '20', EXECUTION_TIMEOUT_MS: '300' },
      { hostUtilisation: () => 0 },
    );
    try {
      f2.bind('loop', 'post-login', [{ name: 'loops', code: handler('for (;;) {}') }]);
      const record = await f2.executor.execute('loop', 'post-login', event());
      expect(record.results[0].error?.id).toBe('action_timeout');
      expect(f2.sandbox.hostThreadStats().slice).toBe(1);
    } finally {
      await f2.close();
    }
  });

  it('a deadline shorter than the slice is the action timing out on the service thread', async () => {
    const f2 = runtimeFixture(
      { SANDBOX_SYNC_SLICE_MS: '100', EXECUTION_TIMEOUT_MS: '40' },
      { hostUtilisation: () => 0 },
    );
    try {
      // Another tenant, booted first: a cold start (new isolate and context) can take longer than 40 ms on a loaded
      // machine, and this test is about the run after the timeout, not about boot time. A first run that took over
      // HEAVY_RUN_MS sends its version to its isolate's thread for FIRST_SLICE_DEMOTION_MS: that is waited out.
      f2.bind('fine', 'post-login', [{ name: 'ok', code: handler("api.idToken.setCustomClaim('ok', 1);") }]);
      for (let tries = 0; tries < 5; tries++)
        if (!(await f2.executor.execute('fine', 'post-login', event())).results[0].error) break;
      const warmed = Date.now();
      f2.bind('short', 'post-login', [{ name: 'loops', code: handler('for (;;) {}') }]);
      await f2.executor.execute('short', 'post-login', event()); // boots the context within its own deadline
      const record = await f2.executor.execute('short', 'post-login', event());
      expect(record.results[0].error?.id).toBe('action_timeout');
      await sleep(Math.max(0, warmed + FIRST_SLICE_DEMOTION_MS + 50 - Date.now()));
      // the next execution of the other tenant still runs on the service thread
      const before = f2.sandbox.hostThreadStats().here;
      expect((await f2.executor.execute('fine', 'post-login', event())).results[0].error).toBeUndefined();
      expect(f2.sandbox.hostThreadStats().here).toBe(before + 1);
    } finally {
      await f2.close();
    }
  });

  it('while the service thread is busy, runs go to their isolates’ threads', async () => {
    const g = runtimeFixture({ SANDBOX_SYNC_SLICE_MS: '5' }, { hostUtilisation: () => 1 });
    try {
      g.bind('busy', 'post-login', [{ name: 'a', code: handler("api.idToken.setCustomClaim('x', 1);") }]);
      const record = await g.executor.execute('busy', 'post-login', event());
      expect(record.commands.map((c) => c.args)).toEqual([['x', 1]]);
      expect(g.sandbox.hostThreadStats()).toEqual({ here: 0, slice: 0, host: 0 });
      expect(g.sandbox.isolatesOf('busy')).toBe(1);
    } finally {
      await g.close();
    }
  });

  it('is off by default (trusted code only: docs/security.md), and with SANDBOX_SYNC_SLICE_MS=0', async () => {
    for (const env of [{}, { SANDBOX_SYNC_SLICE_MS: '0' }] as Record<string, string>[]) {
      const g = runtimeFixture(env, { hostUtilisation: () => 0 });
      try {
        g.bind('off', 'post-login', [{ name: 'a', code: handler("api.idToken.setCustomClaim('x', 1);") }]);
        await g.executor.execute('off', 'post-login', event());
        expect(g.sandbox.hostThreadStats().here).toBe(0);
        expect(g.sandbox.isolatesOf('off')).toBe(1);
      } finally {
        await g.close();
      }
    }
  });
});
