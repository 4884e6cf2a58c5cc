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
exports.run = run;
/**
 * Runtime costs, as ratios of baselines measured in the same run:
 * - one bare isolated-vm call into a warm context (the floor of any sandboxed work);
 * - a cold execution (new tenant: new isolate, compile) vs a warm one (same tenant and version);
 * - 1 vs 5 bound actions, giving the per-action overhead;
 * - api.cache on Redis: one load + one flush (two round trips, Lua) vs a bare PING.
 */
const isolated_vm_1 = __importDefault(require("isolated-vm"));
const ioredis_1 = __importDefault(require("ioredis"));
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const config_1 = require("../src/config/config");
const action_builder_1 = require("../src/runtime/build/action-builder");
const cache_session_1 = require("../src/runtime/cache/cache-session");
const memory_cache_store_1 = require("../src/runtime/cache/memory-cache.store");
const redis_cache_store_1 = require("../src/runtime/cache/redis-cache.store");
const execution_store_1 = require("../src/runtime/executions/execution-store");
const trigger_executor_1 = require("../src/runtime/executions/trigger-executor");
const sandbox_1 = require("../src/runtime/sandbox/sandbox");
const clock_1 = require("../src/shared/clock");
const harness_1 = require("./harness");
const SUITE = 'runtime';
const CODE = "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('role', event.user.role); api.cache.get('k'); };";
/** The same action also using the Node environment: Buffer, URL, crypto (a host hash) and a timer. */
const NODE_CODE = "const crypto = require('crypto'); exports.onExecutePostLogin = async (event, api) => { const u = new URL('https://example.com/cb?x=' + event.user.role); const h = crypto.createHash('sha256').update(Buffer.from(u.searchParams.get('x'))).digest('base64url'); await new Promise((r) => setTimeout(r, 0)); api.idToken.setCustomClaim('role', h); };";
function versions(tenantId, n) {
    const code = tenantId.startsWith('node') ? NODE_CODE : CODE;
    return Array.from({ length: n }, (_, i) => ({
        tenantId, triggerId: 'post-login', bindingId: `b${i}`, actionId: `a${i}`, actionName: `action-${i}`, versionId: `v${i}`,
        versionNumber: 1, code, dependencies: [], runtime: 'node22', secrets: { S: 'x' },
    }));
}
/** A bench of failing executions would measure the wrong thing: every measured execution must end `final`. */
async function executed(executor, tenantId, event) {
    const record = await executor.execute(tenantId, 'post-login', event);
    if (record.status !== 'final')
        throw new Error(`bench execution ended ${record.status}: ${JSON.stringify(record.results)}`);
}
async function run(options = {}) {
    const budget = (ms) => (0, harness_1.sized)(options, ms, Math.round(ms / 4));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runtime-'));
    const config = (0, config_1.loadConfig)({ DATA_DIR: dataDir });
    const sandbox = new sandbox_1.Sandbox({ memoryLimitMb: 64, logLineMax: 256, logLinesMax: 100, maxIsolates: 4096 });
    const store = new execution_store_1.SqliteExecutionStore(dataDir);
    const cache = new memory_cache_store_1.MemoryCacheStore(config.cache);
    const builder = (0, action_builder_1.actionBuilderFor)({ ...config, runtime: { ...config.runtime, memoryLimitMb: 64 } });
    let chain = 1;
    const executor = new trigger_executor_1.TriggerExecutor({
        config, sandbox, builder, cache, store, clock: clock_1.systemClock, ids: clock_1.uuidGenerator,
        source: { boundVersions: async (tenantId) => versions(tenantId, chain) },
    });
    const rows = [];
    const event = { user: { role: 'admin' } };
    const isolate = new isolated_vm_1.default.Isolate({ memoryLimit: 64 });
    const context = isolate.createContextSync();
    const script = isolate.compileScriptSync('1 + 1');
    const bare = (0, harness_1.benchRow)(SUITE, 'baseline: bare isolated-vm call into a warm context', 'calls/s', await (0, harness_1.measure)(() => script.run(context), { iterations: 20_000, maxMs: budget(2000) }));
    rows.push(bare);
    let tenant = 0;
    rows.push((0, harness_1.benchRow)(SUITE, 'cold execution (new tenant isolate + compile), 1 action', 'executions/s', await (0, harness_1.measure)(() => executed(executor, `cold-${tenant++}`, event), { iterations: 300, maxMs: budget(4000) }), { baseline: bare }));
    const warm1 = await (0, harness_1.measure)(() => executed(executor, 'warm', event), { iterations: 3000, maxMs: budget(4000) });
    rows.push((0, harness_1.benchRow)(SUITE, 'warm execution, 1 action', 'executions/s', warm1, { baseline: bare }));
    rows.push((0, harness_1.benchRow)(SUITE, 'warm execution, 1 action using Buffer, URL, crypto hash, setTimeout', 'executions/s', await (0, harness_1.measure)(() => executed(executor, 'node-warm', event), { iterations: 3000, maxMs: 4000 }), { baseline: bare }));
    chain = 5;
    const warm5 = await (0, harness_1.measure)(() => executed(executor, 'warm', event), { iterations: 1000, maxMs: budget(4000) });
    const perAction = (1000 / warm5.perSecond - 1000 / warm1.perSecond) / 4;
    rows.push((0, harness_1.benchRow)(SUITE, 'warm execution, 5 actions', 'executions/s', warm5, { baseline: bare, note: `per-action overhead ≈ ${perAction.toFixed(3)} ms` }));
    const redis = new ioredis_1.default('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    try {
        await redis.ping();
        const ping = (0, harness_1.benchRow)(SUITE, 'baseline: Redis PING round trip', 'round trips/s', await (0, harness_1.measure)(() => redis.ping(), { iterations: 5000, maxMs: budget(2000) }));
        const redisCache = new redis_cache_store_1.RedisCacheStore(redis, `bench:${process.pid}:`, config.cache);
        const scope = (0, cache_session_1.liveCacheScope)('bench', 'post-login');
        const cacheCycle = await (0, harness_1.measure)(async () => {
            const session = new cache_session_1.CacheSession(await redisCache.load(scope, Date.now()), config.cache, Date.now);
            session.set('k', 'v');
            await redisCache.flush(scope, session.pendingChanges(), Date.now());
        }, { iterations: 3000, maxMs: budget(3000) });
        rows.push(ping, (0, harness_1.benchRow)(SUITE, 'api.cache per action on Redis (load + flush, 2 round trips)', 'actions/s', cacheCycle, { baseline: ping }));
        const keys = await redis.keys(`bench:${process.pid}:*`);
        if (keys.length)
            await redis.del(...keys);
    }
    catch (e) {
        process.stdout.write(`  (Redis not reachable at 127.0.0.1:6379, cache rows skipped: ${e.message})\n`);
    }
    finally {
        redis.disconnect();
    }
    sandbox.dispose();
    isolate.dispose();
    await store.close();
    await cache.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    return rows;
}
//# sourceMappingURL=runtime.bench.js.map