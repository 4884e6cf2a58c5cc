/**
 * Runtime costs, as ratios of baselines measured in the same run:
 * - one bare isolated-vm call into a warm context (the floor of any sandboxed work);
 * - a cold execution (new tenant: new isolate, compile) vs a warm one (same tenant and version);
 * - 1 vs 5 bound actions, giving the per-action overhead;
 * - the same for actions that only record commands (one call into the isolate per execution), at the median of
 *   single sequential executions, next to a direct call of the same handler into a warm context;
 * - one tenant's CPU-heavy executions, 16 at a time, on one isolate vs up to two (a saturated isolate spreads);
 * - api.cache on Redis: one load + one flush (two round trips, Lua) vs a bare PING.
 */
import ivm from 'isolated-vm';
import Redis from 'ioredis';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../src/config/config';
import { actionBuilderFor } from '../src/runtime/build/action-builder';
import { CacheSession, liveCacheScope } from '../src/runtime/cache/cache-session';
import { MemoryCacheStore } from '../src/runtime/cache/memory-cache.store';
import { RedisCacheStore } from '../src/runtime/cache/redis-cache.store';
import { SqliteExecutionStore } from '../src/runtime/executions/execution-store';
import { TriggerExecutor } from '../src/runtime/executions/trigger-executor';
import type { RunnableVersion } from '../src/runtime/runtime.ports';
import { Sandbox } from '../src/runtime/sandbox/sandbox';
import { benchExecutor } from './bench-executor';
import { BenchOptions, BenchRow, benchRow, measure, sized } from './harness';

const SUITE = 'runtime';
const CODE =
  "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('role', event.user.role); api.cache.get('k'); };";
/** The same action also using the Node environment: Buffer, URL, crypto (a host hash) and a timer. */
const NODE_CODE =
  "const crypto = require('crypto'); exports.onExecutePostLogin = async (event, api) => { const u = new URL('https://example.com/cb?x=' + event.user.role); const h = crypto.createHash('sha256').update(Buffer.from(u.searchParams.get('x'))).digest('base64url'); await new Promise((r) => setTimeout(r, 0)); api.idToken.setCustomClaim('role', h); };";

/** An action that only records commands: a chain of them runs in one call into the isolate (sandbox/chain-dispatch.ts). */
const PURE_CODE =
  "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('role', event.user.role); };";

function versions(tenantId: string, n: number): RunnableVersion[] {
  const kind = tenantId.startsWith('node') ? 'node' : tenantId.startsWith('pure') ? 'pure' : 'cache';
  const code = { node: NODE_CODE, pure: PURE_CODE, cache: CODE }[kind];
  return Array.from({ length: n }, (_, i) => ({
    tenantId,
    triggerId: 'post-login',
    bindingId: `b${i}`,
    actionId: `a${i}`,
    actionName: `action-${i}`,
    versionId: `${kind}-v${i}`, // artifacts are kept per version id: one id, one code
    versionNumber: 1,
    code,
    dependencies: [],
    runtime: 'node22',
    secrets: { S: 'x' },
  }));
}

/** A bench of failing executions would measure the wrong thing: every measured execution must end `final`. */
async function executed(executor: TriggerExecutor, tenantId: string, event: Record<string, unknown>): Promise<void> {
  const record = await executor.execute(tenantId, 'post-login', event);
  if (record.status !== 'final')
    throw new Error(`bench execution ended ${record.status}: ${JSON.stringify(record.results)}`);
}

export async function run(options: BenchOptions = {}): Promise<BenchRow[]> {
  const budget = (ms: number) => sized(options, ms, Math.round(ms / 4));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runtime-'));
  const config = loadConfig({ DATA_DIR: dataDir });
  const sandbox = new Sandbox({ memoryLimitMb: 64, logLineMax: 256, logLinesMax: 100, maxIsolates: 4096 });
  const store = new SqliteExecutionStore(dataDir);
  const cache = new MemoryCacheStore(config.cache);
  const builder = actionBuilderFor({ ...config, runtime: { ...config.runtime, memoryLimitMb: 64 } });
  let chain = 1;
  const executor = benchExecutor({ config, sandbox, builder, cache, store }, async (tenantId) =>
    versions(tenantId, chain),
  );
  const rows: BenchRow[] = [];
  const event = { user: { role: 'admin' } };

  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = isolate.createContextSync();
  const script = isolate.compileScriptSync('1 + 1');
  const bare = benchRow(
    SUITE,
    'baseline: bare isolated-vm call into a warm context',
    'calls/s',
    await measure(() => script.run(context), { iterations: 20_000, maxMs: budget(2000) }),
  );
  rows.push(bare);

  let tenant = 0;
  rows.push(
    benchRow(
      SUITE,
      'cold execution (new tenant isolate + compile), 1 action',
      'executions/s',
      await measure(() => executed(executor, `cold-${tenant++}`, event), { iterations: 300, maxMs: budget(4000) }),
      { baseline: bare },
    ),
  );
  const warm1 = await measure(() => executed(executor, 'warm', event), { iterations: 3000, maxMs: budget(4000) });
  rows.push(benchRow(SUITE, 'warm execution, 1 action', 'executions/s', warm1, { baseline: bare }));
  rows.push(
    benchRow(
      SUITE,
      'warm execution, 1 action using Buffer, URL, crypto hash, setTimeout',
      'executions/s',
      await measure(() => executed(executor, 'node-warm', event), { iterations: 3000, maxMs: 4000 }),
      { baseline: bare },
    ),
  );
  chain = 5;
  const warm5 = await measure(() => executed(executor, 'warm', event), { iterations: 1000, maxMs: budget(4000) });
  const perAction = (1000 / warm5.perSecond - 1000 / warm1.perSecond) / 4;
  rows.push(
    benchRow(SUITE, 'warm execution, 5 actions', 'executions/s', warm5, {
      baseline: bare,
      note: `per-action overhead ≈ ${perAction.toFixed(3)} ms`,
    }),
  );

  rows.push(await perActionOverhead(executor, (n) => (chain = n), context, options));
  rows.push(...(await spreadOverIsolates(config, builder, store, cache, options)));

  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  try {
    await redis.ping();
    const ping = benchRow(
      SUITE,
      'baseline: Redis PING round trip',
      'round trips/s',
      await measure(() => redis.ping(), { iterations: 5000, maxMs: budget(2000) }),
    );
    const redisCache = new RedisCacheStore(redis, `bench:${process.pid}:`, config.cache);
    const scope = liveCacheScope('bench', 'post-login');
    const cacheCycle = await measure(
      async () => {
        const session = new CacheSession(await redisCache.load(scope, Date.now()), config.cache, Date.now);
        session.set('k', 'v');
        await redisCache.flush(scope, session.pendingChanges(), Date.now());
      },
      { iterations: 3000, maxMs: budget(3000) },
    );
    rows.push(
      ping,
      benchRow(SUITE, 'api.cache per action on Redis (load + flush, 2 round trips)', 'actions/s', cacheCycle, {
        baseline: ping,
      }),
    );
    const keys = await redis.keys(`bench:${process.pid}:*`);
    if (keys.length) await redis.del(...keys);
  } catch (e) {
    process.stdout.write(`  (Redis not reachable at 127.0.0.1:6379, cache rows skipped: ${(e as Error).message})\n`);
  } finally {
    redis.disconnect();
  }

  sandbox.dispose();
  isolate.dispose();
  await store.close();
  await cache.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return rows;
}

/**
 * Median times of single sequential calls, in alternating blocks so a busy machine slows all alike: a direct
 * call of the handler into a warm context (a stub api), and executions of 1 and of 5 actions that only record
 * commands. The per-action overhead is what one more bound action adds at the median: (5 actions - 1 action) / 4.
 */
async function perActionOverhead(
  executor: TriggerExecutor,
  setChain: (n: number) => void,
  context: ivm.Context,
  options: BenchOptions,
): Promise<BenchRow> {
  const direct = (await context.eval(
    `(async (eventJson) => { const api = { idToken: { setCustomClaim: () => api } }; const f = ${JSON.stringify(PURE_CODE)}; const m = { exports: {} }; new Function('exports', f)(m.exports); await m.exports.onExecutePostLogin(JSON.parse(eventJson), api); return '{}'; })`,
    { reference: true },
  )) as ivm.Reference;
  const eventJson = JSON.stringify({ user: { role: 'admin' } });
  const times: Record<'direct' | 'one' | 'five', number[]> = { direct: [], one: [], five: [] };
  const timed = async (into: number[], fn: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    await fn();
    into.push(Number(process.hrtime.bigint() - started) / 1e6);
  };
  // Blocks of 25 calls of each kind in turn: a block keeps its isolate's thread warm, as steady load does.
  const blocks = sized(options, 80, 24);
  for (let block = 0; block < blocks + 2; block++) {
    const keep = block >= 2; // the first blocks warm up (JIT, contexts)
    for (let i = 0; i < 25; i++)
      await timed(keep ? times.direct : [], () => direct.apply(undefined, [eventJson], { result: { promise: true } }));
    setChain(1);
    for (let i = 0; i < 25; i++)
      await timed(keep ? times.one : [], () => executed(executor, 'pure-1', { user: { role: 'admin' } }));
    setChain(5);
    for (let i = 0; i < 25; i++)
      await timed(keep ? times.five : [], () => executed(executor, 'pure-5', { user: { role: 'admin' } }));
  }
  direct.release();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [d, one, five] = [median(times.direct), median(times.one), median(times.five)];
  const perAction = (five - one) / 4;
  return {
    suite: SUITE,
    name: 'per-action overhead, actions recording commands only (p50 of sequential executions)',
    unit: 'µs per action',
    perSecond: perAction * 1000,
    iterations: times.five.length,
    elapsedMs: [...times.direct, ...times.one, ...times.five].reduce((a, b) => a + b, 0),
    note: `one more bound action adds ${perAction.toFixed(3)} ms; p50: direct call ${d.toFixed(3)} ms, execution of 1 action ${one.toFixed(3)} ms, of 5 actions ${five.toFixed(3)} ms`,
  };
}

/** An action that keeps its isolate's thread busy for 4 ms (a CPU-heavy action: crypto in JavaScript, big JSON). */
const HEAVY_CODE =
  'exports.onExecutePostLogin = async (event, api) => { const until = Date.now() + 4; let n = 0; while (Date.now() < until) n++; api.idToken.setCustomClaim("n", n); };';

/** One tenant's heavy executions, 16 in flight, with one isolate per tenant and with up to two. */
async function spreadOverIsolates(
  config: ReturnType<typeof loadConfig>,
  builder: ReturnType<typeof actionBuilderFor>,
  store: SqliteExecutionStore,
  cache: MemoryCacheStore,
  options: BenchOptions,
): Promise<BenchRow[]> {
  const heavy: RunnableVersion[] = [{ ...versions('heavy', 1)[0], code: HEAVY_CODE, versionId: 'heavy-v0' }];
  const rows: BenchRow[] = [];
  let one: BenchRow | undefined;
  for (const isolatesPerKey of [1, 2]) {
    const sandbox = new Sandbox({ memoryLimitMb: 64, logLineMax: 256, logLinesMax: 100, isolatesPerKey });
    const executor = benchExecutor({ config, sandbox, builder, cache, store }, async () => heavy);
    const seconds = sized(options, 4, 1.5);
    let done = 0;
    const until = Date.now() + 300 + seconds * 1000; // 300 ms to warm up and to find the isolate saturated
    let countFrom = 0;
    const worker = async () => {
      while (Date.now() < until) {
        await executed(executor, 'heavy', { user: { role: 'admin' } });
        if (Date.now() >= countFrom) done++;
      }
    };
    countFrom = Date.now() + 300;
    await Promise.all(Array.from({ length: 16 }, worker));
    const isolates = sandbox.isolatesOf('heavy');
    sandbox.dispose();
    const row = benchRow(
      SUITE,
      `CPU-heavy action (4 ms), 16 in flight, up to ${isolatesPerKey} isolate${isolatesPerKey > 1 ? 's' : ''} per tenant`,
      'executions/s',
      { iterations: done, elapsedMs: seconds * 1000, perSecond: done / seconds },
      { ...(one ? { baseline: one } : {}), note: `${isolates} isolate(s) at the end; ${os.cpus().length} cores` },
    );
    one ??= row;
    rows.push(row);
  }
  return rows;
}
