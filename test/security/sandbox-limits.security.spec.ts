/**
 * Issue 9, bounded output: an execution's api command arguments and logs have a budget (all its actions together),
 * a command past it throws a TypeError naming the limit and the record says so, and a stored execution record never
 * exceeds its hard size, in SQLite and in Redis alike (docs/security.md, "Sandbox").
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';
import { DraftTester } from '../../src/runtime/executions/draft-tester';
import type { StoredExecution } from '../../src/runtime/executions/execution-store';
import { RedisExecutionStore } from '../../src/runtime/executions/redis-execution.store';
import { steppingClock } from '../support/service-harness';
import { handler, runtimeFixture } from '../runtime/runtime-fixture';

const COMMANDS_MAX = 64 * 1024;
const LOGS_MAX = 8 * 1024;
const RECORD_MAX = 256 * 1024;

describe('execution output bounds', () => {
  const f = runtimeFixture({
    SANDBOX_MEMORY_MB: '96',
    EXECUTION_TIMEOUT_MS: '10000',
    EXECUTION_COMMANDS_MAX_BYTES: String(COMMANDS_MAX),
    EXECUTION_LOGS_MAX_BYTES: String(LOGS_MAX),
    EXECUTION_RECORD_MAX_BYTES: String(RECORD_MAX),
  });
  const drafts = new DraftTester(
    f.config,
    f.sandbox,
    { artifactFor: (code, deps) => f.builder.artifactFor(code, deps) },
    f.cache,
    steppingClock(),
  );
  afterAll(() => f.close());
  const draft = (actionId: string, code: string) => ({
    actionId,
    actionName: actionId,
    triggerId: 'post-login',
    code,
    dependencies: [],
    secrets: {},
  });

  it('15 huge custom claims in a draft test: the first throws a TypeError naming the limit, the answer stays small', async () => {
    const code = handler(`const big = 'x'.repeat(2 * 1024 * 1024);
      for (let i = 0; i < 15; i++) api.idToken.setCustomClaim('claim' + i, big);`);
    const test = await drafts.test('limits', draft('claims', code), {});
    expect(test.payload.commands).toEqual([]);
    expect(test.payload.error).toMatchObject({
      name: 'TypeError',
      message: expect.stringMatching(
        /^api\.idToken\.setCustomClaim: .*at most 65536 bytes \(EXECUTION_COMMANDS_MAX_BYTES\)/,
      ),
    });
    expect(JSON.stringify(test.payload).length).toBeLessThan(20_000);
  });

  it('commands fit until the budget is spent; a caught refusal still shows in the record, which stays under its bound', async () => {
    f.bind('limits', 'post-login', [
      {
        name: 'first',
        code: handler(`for (let i = 0; i < 40; i++) api.idToken.setCustomClaim('a' + i, 'v'.repeat(1000));`),
      },
      {
        name: 'second',
        code: handler(`let refused = 0;
        for (let i = 0; i < 40; i++) { try { api.accessToken.setCustomClaim('b' + i, 'w'.repeat(1000)); } catch (e) { refused++; } }
        console.log('refused ' + refused);`),
      },
    ]);
    const r = await f.executor.execute('limits', 'post-login', {});
    expect(r.status).toBe('final');
    const argBytes = r.commands.reduce((n, c) => n + JSON.stringify(c.args).length, 0);
    expect(argBytes).toBeLessThanOrEqual(COMMANDS_MAX);
    expect(r.commands.length).toBeGreaterThan(50);
    expect(r.commands.length).toBeLessThan(80);
    const second = r.logs.find((l) => l.action_name === 'second')!.lines;
    expect(second[0]).toMatch(/^refused \d+$/);
    expect(second[1]).toMatch(
      /^\[limit\] api\.accessToken\.setCustomClaim: .*EXECUTION_COMMANDS_MAX_BYTES.* \(\d+ calls refused\)$/,
    );
    const stored = await f.store.get('limits', r.id, Date.now());
    expect(stored?.record).toEqual(r);
  });

  it('a spent budget never stops the first deny of the flow (it must always be able to cancel)', async () => {
    f.bind('deny-after', 'post-login', [
      // spends the budget to the last few bytes: claims of 1000, then 100, 10 and 1 characters until each is refused
      {
        name: 'spender',
        code: handler(
          "let i = 0; for (const n of [1000, 100, 10, 1]) { for (;;) { try { api.idToken.setCustomClaim('a' + i++, 'v'.repeat(n)); } catch (e) { break; } } }",
        ),
      },
      {
        name: 'denier',
        code: handler(
          "api.access.deny('not allowed'); try { api.access.deny('x'.repeat(2000)); } catch (e) { console.log('second deny: ' + e.name); }",
        ),
      },
    ]);
    const r = await f.executor.execute('deny-after', 'post-login', {});
    expect(r.status).toBe('canceled');
    expect(r.commands.filter((c) => c.name === 'access.deny')).toEqual([
      { action_name: 'denier', name: 'access.deny', args: ['not allowed'] },
    ]);
    expect(r.logs.find((l) => l.action_name === 'denier')?.lines[0]).toBe('second deny: TypeError');
  });

  it('logs of all actions together are bounded, with a marker naming the limit', async () => {
    const noisy = handler("for (let i = 0; i < 100; i++) console.log('line ' + i + ' ' + 'z'.repeat(200));");
    f.bind('noisy', 'post-login', [
      { name: 'one', code: noisy },
      { name: 'two', code: noisy },
      { name: 'three', code: noisy },
    ]);
    const r = await f.executor.execute('noisy', 'post-login', {});
    const kept = r.logs.flatMap((l) => l.lines.filter((x) => !x.startsWith('…')));
    expect(kept.reduce((n, x) => n + Buffer.byteLength(x), 0)).toBeLessThanOrEqual(LOGS_MAX);
    expect(r.logs[0].lines[r.logs[0].lines.length - 1]).toMatch(
      /^… \[\d+ more lines dropped: this execution's logs reached 8192 bytes \(EXECUTION_LOGS_MAX_BYTES\)\]$/,
    );
    expect(r.logs.map((l) => l.action_name)).toEqual(['one', 'two', 'three']);
    expect(r.logs[2].lines).toEqual([expect.stringMatching(/^… \[100 more lines dropped: .*EXECUTION_LOGS_MAX_BYTES/)]);
  });

  it('a huge thrown value or log line does not grow the record', async () => {
    f.bind('huge', 'post-login', [
      { name: 'thrower', code: handler("console.log('q'.repeat(5e6)); throw new Error('e'.repeat(2e7));") },
    ]);
    const r = await f.executor.execute('huge', 'post-login', {});
    expect(JSON.stringify(r).length).toBeLessThan(16_000);
  });

  describe('the record bound holds in every store', () => {
    const oversized = (tenantId: string, id: string): StoredExecution => ({
      tenantId,
      record: {
        id,
        trigger_id: 'post-login',
        status: 'suspended',
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
        results: [
          {
            action_name: 'a',
            binding_id: 'b',
            version_id: 'v',
            started_at: '',
            ended_at: '',
            error: { id: 'action_error', msg: 'm'.repeat(100_000) },
          },
        ],
        commands: Array.from({ length: 50 }, (_, i) => ({
          action_name: 'a',
          name: 'idToken.setCustomClaim',
          args: [`c${i}`, 'x'.repeat(10_000)],
        })),
        logs: [{ action_name: 'a', lines: Array.from({ length: 200 }, () => 'l'.repeat(1000)) }],
        redirect: { url: 'https://example.com/?state=s', state: 's' },
      },
      continuation: {
        stateHash: 'h',
        bindingId: 'b',
        actionIndex: 0,
        event: { blob: 'e'.repeat(3 * 1024 * 1024) },
        facts: [],
      },
    });

    it('SQLite (the in-process store) stores at most EXECUTION_RECORD_MAX_BYTES per record', async () => {
      await f.store.save(oversized('big', 'sqlite-1'), Date.now() + 60_000);
      const db = new Database(path.join(f.config.dataDir, 'executions.sqlite'), { readonly: true });
      try {
        const row = db
          .prepare("SELECT length(CAST(body AS BLOB)) AS n FROM executions WHERE tenant_id = 'big' AND id = 'sqlite-1'")
          .get() as { n: number };
        expect(row.n).toBeLessThanOrEqual(RECORD_MAX);
      } finally {
        db.close();
      }
      const back = await f.store.get('big', 'sqlite-1', Date.now());
      expect(back?.continuation).toBeUndefined();
      expect(back?.record.logs.at(-1)?.lines[0]).toMatch(/EXECUTION_RECORD_MAX_BYTES.*can no longer be continued/);
    });

    it('Redis (127.0.0.1:6379) stores at most EXECUTION_RECORD_MAX_BYTES per record', async () => {
      const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
      const prefix = `security-records:${randomUUID()}:`;
      const store = new RedisExecutionStore(redis, prefix, RECORD_MAX);
      try {
        await store.save(oversized('big', 'redis-1'), Date.now() + 60_000);
        expect(await redis.strlen(store.key('big', 'redis-1'))).toBeLessThanOrEqual(RECORD_MAX);
        const back = await store.get('big', 'redis-1');
        expect(back?.record.id).toBe('redis-1');
        expect(back?.record.commands[0].args[0]).toMatch(/EXECUTION_RECORD_MAX_BYTES/);
        // a record that fits is stored as it is
        const small = {
          tenantId: 'big',
          record: { ...oversized('big', 'redis-2').record, results: [], commands: [], logs: [] },
        };
        await store.save(small, Date.now() + 60_000);
        expect(await store.get('big', 'redis-2')).toEqual(small);
      } finally {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
      }
    });
  });

  it('the limits are configuration, validated at start', () => {
    expect(loadConfig({}).runtime).toMatchObject({
      commandsMaxBytes: 131072,
      logsMaxBytes: 65536,
      recordMaxBytes: 2097152,
    });
    expect(() => loadConfig({ EXECUTION_COMMANDS_MAX_BYTES: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfig({ EXECUTION_LOGS_MAX_BYTES: '10' })).toThrow(
      /EXECUTION_LOGS_MAX_BYTES must be between 1024/,
    );
    expect(() => loadConfig({ EXECUTION_RECORD_MAX_BYTES: '100000' })).toThrow(
      /EXECUTION_RECORD_MAX_BYTES must be at least/,
    );
  });
});
