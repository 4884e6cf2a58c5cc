"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RuntimeModule = void 0;
/**
 * The runtime: sandbox, build step, api.cache, execution records, the trigger executor and the draft tester.
 * With REDIS_URL, api.cache and execution records live in Redis (one connection, fail-fast, reconnecting by
 * itself); otherwise in-process / under DATA_DIR. Consumes APP_CONFIG, LOGGER, CLOCK, ID_GENERATOR and Metrics
 * (global, from the foundation module) and BOUND_VERSIONS_SOURCE (from the read side).
 */
const common_1 = require("@nestjs/common");
const config_1 = require("../config/config");
const action_draft_tester_1 = require("../actions/http/action-draft-tester");
const health_controller_1 = require("../operations/health.controller");
const metrics_1 = require("../operations/metrics");
const clock_1 = require("../shared/clock");
const logging_1 = require("../shared/logging");
const action_builder_1 = require("./build/action-builder");
const cache_session_1 = require("./cache/cache-session");
const memory_cache_store_1 = require("./cache/memory-cache.store");
const redis_cache_store_1 = require("./cache/redis-cache.store");
const draft_tester_1 = require("./executions/draft-tester");
const execution_store_1 = require("./executions/execution-store");
const redis_execution_store_1 = require("./executions/redis-execution.store");
const trigger_executor_1 = require("./executions/trigger-executor");
const write_behind_store_1 = require("./executions/write-behind.store");
const runtime_controller_1 = require("./http/runtime.controller");
const redis_connection_1 = require("./redis-connection");
const runtime_ports_1 = require("./runtime.ports");
const sandbox_1 = require("./sandbox/sandbox");
/**
 * Warm contexts kept idle. Every concurrent execution of a version holds one context, so under load a version needs
 * about as many as there are executions in flight: with fewer kept, the surplus is booted afresh on every burst
 * (44-99 ms of isolate time each at 32 clients). A context with a small module and the Node environment is about
 * 0.4 MB of the tenant's isolate heap, so 128 per isolate are about 50 MB; the pool also stops keeping contexts
 * while the isolate's heap is over half its cap (isolate-pool.ts), so heavy modules keep fewer.
 */
const WARM_CONTEXTS = { idleContextsPerVersion: 32, idleContextsPerIsolate: 128 };
class RuntimeLifecycle {
    sandbox;
    builder;
    cache;
    executions;
    redis;
    constructor(sandbox, builder, cache, executions, redis) {
        this.sandbox = sandbox;
        this.builder = builder;
        this.cache = cache;
        this.executions = executions;
        this.redis = redis;
    }
    async onApplicationShutdown() {
        await this.cache.close();
        await this.executions.close();
        this.redis?.disconnect();
        this.sandbox.dispose();
        this.builder.dispose();
    }
}
/**
 * A process that lost an isolate cannot exit normally: isolated-vm's teardown waits for the parked thread forever.
 * Once one is lost, exiting (after the graceful shutdown, or the grace timeout) ends the process with SIGKILL.
 */
let exitGuarded = false;
function endExitWithoutTeardown() {
    if (exitGuarded)
        return;
    exitGuarded = true;
    process.once('exit', () => process.kill(process.pid, 'SIGKILL'));
}
let RuntimeModule = class RuntimeModule {
};
exports.RuntimeModule = RuntimeModule;
exports.RuntimeModule = RuntimeModule = __decorate([
    (0, common_1.Module)({
        controllers: [runtime_controller_1.RuntimeController],
        providers: [
            {
                provide: redis_connection_1.REDIS,
                useFactory: (c, logger) => c.redisUrl ? (0, redis_connection_1.connectRedis)({ url: c.redisUrl, commandTimeoutMs: c.cache.operationTimeoutMs, onError: (e) => logger.warn({ err: e.message }, 'redis unavailable') }) : undefined,
                inject: [config_1.APP_CONFIG, logging_1.LOGGER],
            },
            {
                provide: cache_session_1.CACHE_STORE,
                useFactory: (c, redis) => (redis ? new redis_cache_store_1.RedisCacheStore(redis, c.redisKeyPrefix, c.cache) : new memory_cache_store_1.MemoryCacheStore(c.cache)),
                inject: [config_1.APP_CONFIG, redis_connection_1.REDIS],
            },
            {
                provide: execution_store_1.EXECUTION_STORE,
                // Written behind the answer, in batches; readable from the pending buffer until written (write-behind.store.ts).
                useFactory: (c, logger, redis) => new write_behind_store_1.WriteBehindExecutionStore(redis ? new redis_execution_store_1.RedisExecutionStore(redis, c.redisKeyPrefix, c.runtime.recordMaxBytes) : new execution_store_1.SqliteExecutionStore(c.dataDir, c.runtime.recordMaxBytes), { recordMaxBytes: c.runtime.recordMaxBytes, onError: (e) => logger.warn({ err: e.message }, 'execution records could not be stored') }),
                inject: [config_1.APP_CONFIG, logging_1.LOGGER, redis_connection_1.REDIS],
            },
            {
                provide: health_controller_1.REDIS_PROBE,
                useFactory: (redis) => (redis ? { readiness: () => (0, redis_connection_1.redisReadiness)(redis) } : undefined),
                inject: [redis_connection_1.REDIS],
            },
            {
                provide: sandbox_1.Sandbox,
                useFactory: (c, logger) => new sandbox_1.Sandbox({
                    memoryLimitMb: c.runtime.memoryLimitMb, logLineMax: c.runtime.logLineMax, logLinesMax: c.runtime.logLinesMax, egress: (0, sandbox_1.egressFromConfig)(c.egress), ...WARM_CONTEXTS,
                    // each lost isolate keeps about one cap of memory and one thread until the process restarts (isolate-loss.ts)
                    onIsolateLost: (isolationKey, lostSoFar) => {
                        logger.error({ isolationKey, lostSoFar }, 'sandbox isolate lost to an uncontainable out-of-memory error; key quarantined; restart the process when convenient');
                        endExitWithoutTeardown();
                    },
                }),
                inject: [config_1.APP_CONFIG, logging_1.LOGGER],
            },
            {
                provide: action_builder_1.EsbuildActionBuilder,
                useFactory: (c) => (0, action_builder_1.actionBuilderFor)(c),
                inject: [config_1.APP_CONFIG],
            },
            { provide: runtime_ports_1.ACTION_BUILDER, useExisting: action_builder_1.EsbuildActionBuilder },
            {
                provide: trigger_executor_1.TriggerExecutor,
                useFactory: (config, source, sandbox, builder, cache, store, clock, ids, metrics, logger) => new trigger_executor_1.TriggerExecutor({
                    config, source, sandbox, builder, cache, store, clock, ids,
                    onFinished: (r) => metrics.executions.inc({ trigger: r.trigger_id, status: r.status }),
                    onStoreError: (e) => logger.warn({ err: e.message }, 'execution record could not be stored'),
                    onCacheLookups: (hits, misses) => {
                        if (hits > 0)
                            metrics.cacheLookups.inc({ result: 'hit' }, hits);
                        if (misses > 0)
                            metrics.cacheLookups.inc({ result: 'miss' }, misses);
                    },
                }),
                inject: [config_1.APP_CONFIG, runtime_ports_1.BOUND_VERSIONS_SOURCE, sandbox_1.Sandbox, action_builder_1.EsbuildActionBuilder, cache_session_1.CACHE_STORE, execution_store_1.EXECUTION_STORE, clock_1.CLOCK, clock_1.ID_GENERATOR, metrics_1.Metrics, logging_1.LOGGER],
            },
            {
                provide: draft_tester_1.DraftTester,
                useFactory: (c, sandbox, builder, cache, clock) => new draft_tester_1.DraftTester(c, sandbox, builder, cache, clock),
                inject: [config_1.APP_CONFIG, sandbox_1.Sandbox, action_builder_1.EsbuildActionBuilder, cache_session_1.CACHE_STORE, clock_1.CLOCK],
            },
            { provide: action_draft_tester_1.DRAFT_RUNNER, useExisting: draft_tester_1.DraftTester },
            {
                provide: RuntimeLifecycle,
                useFactory: (s, b, c, e, r) => new RuntimeLifecycle(s, b, c, e, r),
                inject: [sandbox_1.Sandbox, runtime_ports_1.ACTION_BUILDER, cache_session_1.CACHE_STORE, execution_store_1.EXECUTION_STORE, redis_connection_1.REDIS],
            },
        ],
        exports: [runtime_ports_1.ACTION_BUILDER, action_draft_tester_1.DRAFT_RUNNER, health_controller_1.REDIS_PROBE, trigger_executor_1.TriggerExecutor, draft_tester_1.DraftTester, cache_session_1.CACHE_STORE, execution_store_1.EXECUTION_STORE],
    })
], RuntimeModule);
//# sourceMappingURL=runtime.module.js.map