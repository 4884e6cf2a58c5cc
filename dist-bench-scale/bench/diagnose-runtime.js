"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * Diagnostic (not a bench row): the runtime alone, no HTTP. A TriggerExecutor with an in-memory bound-versions
 * source and the Redis cache (when reachable), driven by C concurrent loops for a few seconds; prints throughput,
 * latency percentiles, the sandbox's boot/run split per action, and the tenant isolate's own CPU and wall time
 * (isolated-vm's counters: what the main-thread profile does not show).
 *
 *   node dist-bench/bench/diagnose-runtime.js [actions=1] [concurrency=32] [seconds=5]
 */
const ioredis_1 = __importDefault(require("ioredis"));
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const config_1 = require("../src/config/config");
const action_builder_1 = require("../src/runtime/build/action-builder");
const memory_cache_store_1 = require("../src/runtime/cache/memory-cache.store");
const redis_cache_store_1 = require("../src/runtime/cache/redis-cache.store");
const execution_store_1 = require("../src/runtime/executions/execution-store");
const write_behind_store_1 = require("../src/runtime/executions/write-behind.store");
const trigger_executor_1 = require("../src/runtime/executions/trigger-executor");
const sandbox_1 = require("../src/runtime/sandbox/sandbox");
const clock_1 = require("../src/shared/clock");
const pct = (xs, p) => (xs.length === 0 ? 0 : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]);
const f = (n) => n.toFixed(2);
async function main() {
    const [actions = 1, concurrency = 32, seconds = 5] = process.argv.slice(2).map(Number);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagnose-runtime-'));
    const config = (0, config_1.loadConfig)({ DATA_DIR: dataDir });
    const pool = JSON.parse(process.env.DIAG_POOL ?? '{}');
    const sandbox = new sandbox_1.Sandbox({ memoryLimitMb: 128, logLineMax: 256, logLinesMax: 100, ...pool });
    const redis = new ioredis_1.default('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: true });
    let cache;
    try {
        await redis.connect();
        cache = new redis_cache_store_1.RedisCacheStore(redis, `diagnose:${process.pid}:`, config.cache);
    }
    catch {
        cache = new memory_cache_store_1.MemoryCacheStore(config.cache);
    }
    const store = new write_behind_store_1.WriteBehindExecutionStore(new execution_store_1.SqliteExecutionStore(dataDir));
    const builder = (0, action_builder_1.actionBuilderFor)({ ...config, runtime: { ...config.runtime, memoryLimitMb: 128 } });
    const versions = Array.from({ length: actions }, (_, i) => ({
        tenantId: 'diag', triggerId: 'post-login', bindingId: `b${i}`, actionId: `a${i}`, actionName: `action-${i}`, versionId: `v${i}`, versionNumber: 1,
        code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('role', event.user.app_metadata.role); api.accessToken.setCustomClaim('n', ${i}); };`,
        dependencies: [], runtime: 'node22', secrets: { API_KEY: `secret-${i}` },
    }));
    const executor = new trigger_executor_1.TriggerExecutor({ config, sandbox, builder, cache, store, clock: clock_1.systemClock, ids: clock_1.uuidGenerator, source: { boundVersions: async () => versions } });
    const event = { user: { user_id: 'auth0|1', email: 'a@example.com', app_metadata: { role: 'admin' } }, request: { ip: '203.0.113.7' } };
    await executor.execute('diag', 'post-login', event); // cold
    const latencies = [];
    const boots = [];
    const runs = [];
    const isolate = sandbox.pool.isolates.get('diag').isolate;
    const cpu0 = isolate.cpuTime;
    const wall0 = isolate.wallTime;
    const started = performance.now();
    const until = started + seconds * 1000;
    const loop = async () => {
        while (performance.now() < until) {
            const t = performance.now();
            const r = await executor.execute('diag', 'post-login', event);
            latencies.push(performance.now() - t);
            if (r.status !== 'final')
                throw new Error(JSON.stringify(r.results));
            for (const x of r.results) {
                boots.push(x.response.stats.boot_duration_ms);
                runs.push(x.response.stats.action_duration_ms);
            }
        }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    const elapsed = (performance.now() - started) / 1000;
    const cpuMs = Number(isolate.cpuTime - cpu0) / 1e6;
    const wallMs = Number(isolate.wallTime - wall0) / 1e6;
    const n = latencies.length;
    process.stdout.write(`${actions} action(s), ${concurrency} concurrent, ${seconds} s: ${Math.round(n / elapsed)} executions/s\n`);
    process.stdout.write(`  execution ms p50 ${f(pct(latencies, 50))} p90 ${f(pct(latencies, 90))} p99 ${f(pct(latencies, 99))}\n`);
    process.stdout.write(`  per action: boot ms p50 ${f(pct(boots, 50))} p99 ${f(pct(boots, 99))} (${boots.filter((b) => b > 1).length} of ${boots.length} > 1 ms); run ms p50 ${f(pct(runs, 50))} p99 ${f(pct(runs, 99))}\n`);
    const heap = sandbox.pool.isolates.get('diag').isolate.getHeapStatisticsSync();
    process.stdout.write(`  isolate heap used ${(heap.used_heap_size / 1e6).toFixed(1)} MB\n`);
    process.stdout.write(`  isolate thread: cpu ${f(cpuMs / (n * actions))} ms/action, wall ${f(wallMs / (n * actions))} ms/action, busy ${f((100 * wallMs) / (elapsed * 1000))} % of the run\n`);
    await store.close();
    sandbox.dispose();
    builder.dispose();
    if (redis.status === 'ready') {
        const keys = await redis.keys(`diagnose:${process.pid}:*`);
        if (keys.length)
            await redis.del(...keys);
    }
    redis.disconnect();
    fs.rmSync(dataDir, { recursive: true, force: true });
}
main().catch((e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exitCode = 1;
});
//# sourceMappingURL=diagnose-runtime.js.map