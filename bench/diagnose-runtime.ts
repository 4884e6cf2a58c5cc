/**
 * Diagnostic (not a bench row): the runtime alone, no HTTP. A TriggerExecutor with an in-memory bound-versions
 * source and the Redis cache (when reachable), driven by C concurrent loops for a few seconds; prints throughput,
 * latency percentiles, the sandbox's boot/run split per action, and the tenant isolate's own CPU and wall time
 * (isolated-vm's counters: what the main-thread profile does not show).
 *
 *   node dist-bench/bench/diagnose-runtime.js [actions=1] [concurrency=32] [seconds=5]
 */
import Redis from 'ioredis';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../src/config/config';
import { actionBuilderFor } from '../src/runtime/build/action-builder';
import { MemoryCacheStore } from '../src/runtime/cache/memory-cache.store';
import { RedisCacheStore } from '../src/runtime/cache/redis-cache.store';
import type { CacheStore } from '../src/runtime/cache/cache-session';
import { SqliteExecutionStore } from '../src/runtime/executions/execution-store';
import { WriteBehindExecutionStore } from '../src/runtime/executions/write-behind.store';
import type { RunnableVersion } from '../src/runtime/runtime.ports';
import { benchExecutor } from './bench-executor';
import { Sandbox } from '../src/runtime/sandbox/sandbox';

const pct = (xs: number[], p: number) =>
  xs.length === 0 ? 0 : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const f = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
  const [actions = 1, concurrency = 32, seconds = 5] = process.argv.slice(2).map(Number);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagnose-runtime-'));
  const config = loadConfig({ DATA_DIR: dataDir });
  const pool = JSON.parse(process.env.DIAG_POOL ?? '{}') as Record<string, number>;
  const sandbox = new Sandbox({ memoryLimitMb: 128, logLineMax: 256, logLinesMax: 100, ...pool });
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: true });
  let cache: CacheStore;
  try {
    await redis.connect();
    cache = new RedisCacheStore(redis, `diagnose:${process.pid}:`, config.cache);
  } catch {
    cache = new MemoryCacheStore(config.cache);
  }
  const store = new WriteBehindExecutionStore(new SqliteExecutionStore(dataDir));
  const builder = actionBuilderFor({ ...config, runtime: { ...config.runtime, memoryLimitMb: 128 } });
  const versions: RunnableVersion[] = Array.from({ length: actions }, (_, i) => ({
    tenantId: 'diag',
    triggerId: 'post-login',
    bindingId: `b${i}`,
    actionId: `a${i}`,
    actionName: `action-${i}`,
    versionId: `v${i}`,
    versionNumber: 1,
    code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('role', event.user.app_metadata.role); api.accessToken.setCustomClaim('n', ${i}); };`,
    dependencies: [],
    runtime: 'node22',
    secrets: { API_KEY: `secret-${i}` },
  }));
  const executor = benchExecutor({ config, sandbox, builder, cache, store }, async () => versions);
  const event = {
    user: { user_id: 'auth0|1', email: 'a@example.com', app_metadata: { role: 'admin' } },
    request: { ip: '203.0.113.7' },
  };
  await executor.execute('diag', 'post-login', event); // cold
  const latencies: number[] = [];
  const boots: number[] = [];
  const runs: number[] = [];
  // The tenant's isolates (a saturated tenant may have more than one: isolate-pool.ts); counters summed over them.
  type Isolate = { cpuTime: bigint; wallTime: bigint; getHeapStatisticsSync(): { used_heap_size: number } };
  const sandboxPool = (sandbox as unknown as { pool: { isolates: Map<string, { isolate: Isolate }[]> } }).pool;
  const isolates = () => (sandboxPool.isolates.get('diag') ?? []).map((t) => t.isolate);
  const seen = new Map<Isolate, { cpu: bigint; wall: bigint }>();
  const sample = () => {
    for (const i of isolates()) if (!seen.has(i)) seen.set(i, { cpu: i.cpuTime, wall: i.wallTime });
  };
  sample();
  const spent = (key: 'cpuTime' | 'wallTime') =>
    [...seen].reduce((ms, [i, at]) => ms + Number(i[key] - (key === 'cpuTime' ? at.cpu : at.wall)) / 1e6, 0);
  const started = performance.now();
  const until = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      const r = await executor.execute('diag', 'post-login', event);
      latencies.push(performance.now() - t);
      sample();
      if (r.status !== 'final') throw new Error(JSON.stringify(r.results));
      for (const x of r.results) {
        boots.push(x.response!.stats.boot_duration_ms);
        runs.push(x.response!.stats.action_duration_ms);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  const cpuMs = spent('cpuTime');
  const wallMs = spent('wallTime');
  const n = latencies.length;
  process.stdout.write(
    `${actions} action(s), ${concurrency} concurrent, ${seconds} s: ${Math.round(n / elapsed)} executions/s\n`,
  );
  process.stdout.write(
    `  execution ms p50 ${f(pct(latencies, 50))} p90 ${f(pct(latencies, 90))} p99 ${f(pct(latencies, 99))}\n`,
  );
  process.stdout.write(
    `  per action: boot ms p50 ${f(pct(boots, 50))} p99 ${f(pct(boots, 99))} (${boots.filter((b) => b > 1).length} of ${boots.length} > 1 ms); run ms p50 ${f(pct(runs, 50))} p99 ${f(pct(runs, 99))}\n`,
  );
  const heap = { used_heap_size: isolates().reduce((n, i) => n + i.getHeapStatisticsSync().used_heap_size, 0) };
  process.stdout.write(`  isolate heap used ${(heap.used_heap_size / 1e6).toFixed(1)} MB (${seen.size} isolate(s))\n`);
  process.stdout.write(
    `  isolate thread: cpu ${f(cpuMs / (n * actions))} ms/action, wall ${f(wallMs / (n * actions))} ms/action, busy ${f((100 * wallMs) / (elapsed * 1000))} % of the run (isolates together)\n`,
  );
  await store.close();
  sandbox.dispose();
  builder.dispose();
  if (redis.status === 'ready') {
    const keys = await redis.keys(`diagnose:${process.pid}:*`);
    if (keys.length) await redis.del(...keys);
  }
  redis.disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});
