/**
 * A tenant's executions that reach their call into its isolate in the same turn of the event loop go in one call
 * (call-batches.ts): each still gets its own results, logs and commands, a chain that waits holds up none of the
 * others, and a batch that fails fails only the chains that had not answered yet; the isolate carries on.
 */
import type { ExecutionRecord } from '../../src/runtime/executions/execution-record';
import { handler, runtimeFixture } from './runtime-fixture';

describe('calls into an isolate made together', () => {
  const f = runtimeFixture();
  afterAll(() => f.close());

  const all = (tenantId: string, events: Record<string, unknown>[]) =>
    Promise.all(events.map((event) => f.executor.execute(tenantId, 'post-login', event)));
  /** As many warm contexts as `n` executions at once need: a run that boots one reaches its call turns later. */
  const warm = (tenantId: string, n: number) =>
    all(
      tenantId,
      Array.from({ length: n }, () => ({ user: {} })),
    );

  /** Runs `events` of one tenant at once; answers the records and how many calls went in a batch meanwhile. */
  const together = async (tenantId: string, events: Record<string, unknown>[]) => {
    const before = f.sandbox.callStats();
    const records = await all(tenantId, events);
    const after = f.sandbox.callStats();
    return { records, batched: after.batched - before.batched, batches: after.batches - before.batches };
  };
  const claims = (r: ExecutionRecord) => r.commands.map((c) => c.args);

  it('each execution of a batch gets its own event, results, logs and commands', async () => {
    f.bind('many', 'post-login', [
      {
        name: 'who',
        code: handler(
          "console.log('user', event.user.user_id); api.idToken.setCustomClaim('who', event.user.user_id + '/' + event.secrets.K);",
        ),
        secrets: { K: 'k1' },
      },
    ]);
    await warm('many', 4); // a version keeps up to 4 idle contexts (sandbox-options.ts)
    const users = ['u0', 'u1', 'u2', 'u3'];
    const { records, batched, batches } = await together(
      'many',
      users.map((user_id) => ({ user: { user_id } })),
    );
    expect(batched).toBe(users.length);
    expect(batches).toBe(1);
    records.forEach((record, i) => {
      expect(record.status).toBe('final');
      expect(claims(record)).toEqual([['who', `${users[i]}/k1`]]);
      expect(record.logs.map((l) => l.lines)).toEqual([[`user ${users[i]}`]]);
    });
  });

  it('chains of several actions go in a batch too, each its own chain', async () => {
    f.bind('chains', 'post-login', [
      { name: 'first', code: handler("api.idToken.setCustomClaim('a', event.user.user_id);") },
      { name: 'second', code: handler("api.accessToken.setCustomClaim('b', event.user.user_id + '!');") },
    ]);
    await warm('chains', 2);
    const { records, batched } = await together('chains', [{ user: { user_id: 'x' } }, { user: { user_id: 'y' } }]);
    expect(batched).toBe(2);
    expect(records.map(claims)).toEqual([
      [
        ['a', 'x'],
        ['b', 'x!'],
      ],
      [
        ['a', 'y'],
        ['b', 'y!'],
      ],
    ]);
  });

  it('a chain that waits for the host holds up none of the others of its batch', async () => {
    f.bind('waits', 'post-login', [
      {
        name: 'maybe-slow',
        code: handler(
          "if (event.user.slow) await new Promise((r) => setTimeout(r, 300)); api.idToken.setCustomClaim('done', event.user.user_id);",
        ),
      },
    ]);
    await warm('waits', 2);
    const order: string[] = [];
    const before = f.sandbox.callStats();
    await Promise.all(
      [{ user_id: 'slow', slow: true }, { user_id: 'quick' }].map((user) =>
        f.executor.execute('waits', 'post-login', { user }).then((r) => order.push(String(claims(r)[0][1]))),
      ),
    );
    expect(f.sandbox.callStats().batched - before.batched).toBe(2);
    expect(order).toEqual(['quick', 'slow']);
  });

  it('a synchronous overrun fails the chains of its batch that had not answered; the isolate carries on', async () => {
    f.bind('overrun', 'post-login', [
      { name: 'maybe-spins', code: handler("if (event.user.spin) for (;;) {} api.idToken.setCustomClaim('ok', 1);") },
    ]);
    await warm('overrun', 3);
    const { records, batched } = await together('overrun', [{ user: {} }, { user: { spin: true } }, { user: {} }]);
    expect(batched).toBe(3);
    // They all ran in the one call the overrun stopped (they would have waited behind it on the isolate's thread):
    // stopped by isolated-vm's timeout (a note says the call was shared), or by the host's deadline (the isolate goes)
    for (const record of records) {
      expect(record.status).toBe('partial');
      expect(record.results[0].error?.id).toBe('action_timeout');
    }
    const after = await f.executor.execute('overrun', 'post-login', { user: {} });
    expect(after.status).toBe('final');
    expect(claims(after)).toEqual([['ok', 1]]);
  });

  it('a batch that hits the memory cap fails, and the next executions get a fresh isolate', async () => {
    f.bind('bomb', 'post-login', [
      {
        name: 'maybe-hoards',
        code: handler(
          "if (event.user.hoard) { const hoard = []; for (;;) hoard.push(new Array(1e6).fill('x')); } api.idToken.setCustomClaim('ok', 1);",
        ),
      },
    ]);
    await warm('bomb', 2);
    const { records, batched } = await together('bomb', [{ user: { hoard: true } }, { user: {} }]);
    expect(batched).toBe(2);
    for (const record of records) {
      expect(record.results[0].error?.msg).toMatch(/memory limit|time limit/);
      // (the host's deadline may come first on a busy machine: the isolate goes, with no shared call to speak of)
      if (/memory limit/.test(record.results[0].error?.msg ?? ''))
        expect(record.results[0].error?.msg).toMatch(/ran in one call with 1 other execution\(s\)/);
    }
    const after = await f.executor.execute('bomb', 'post-login', { user: {} });
    expect(after.status).toBe('final');
  });

  it('a call alone in its turn is made as before, not through a batch', async () => {
    const { records, batched } = await together('many', [{ user: { user_id: 'alone' } }]);
    expect(batched).toBe(0);
    expect(claims(records[0])).toEqual([['who', 'alone/k1']]);
  });
});
