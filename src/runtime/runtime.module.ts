/**
 * The runtime: sandbox, build step, api.cache, execution records, the trigger executor and the draft tester.
 * With REDIS_URL, api.cache and execution records live in Redis (one connection, fail-fast, reconnecting by
 * itself); otherwise in-process / under DATA_DIR. Consumes APP_CONFIG, LOGGER, CLOCK, ID_GENERATOR and Metrics
 * (global, from the foundation module) and BOUND_VERSIONS_SOURCE (runtime.ports.ts, provided by BindingsModule).
 */
import { Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { BindingsModule } from '../bindings/bindings.module';
import { APP_CONFIG, AppConfig } from '../config/config';
import { REDIS_PROBE } from '../operations/readiness-probes';
import { Metrics } from '../operations/metrics';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../shared/clock';
import { LOGGER, PinoLogger } from '../shared/logging';
import { actionBuilderFor, EsbuildActionBuilder } from './build/action-builder';
import { CACHE_STORE, CacheStore } from './cache/cache-session';
import { MemoryCacheStore } from './cache/memory-cache.store';
import { RedisCacheStore } from './cache/redis-cache.store';
import { DraftTester } from './executions/draft-tester';
import { EXECUTION_STORE, ExecutionStore, SqliteExecutionStore } from './executions/execution-store';
import { RedisExecutionStore } from './executions/redis-execution.store';
import { TriggerExecutor } from './executions/trigger-executor';
import { WriteBehindExecutionStore } from './executions/write-behind.store';
import { RuntimeController } from './http/runtime.controller';
import { connectRedis, REDIS, redisReadiness } from './redis-connection';
import { ACTION_BUILDER, BOUND_VERSIONS_SOURCE, BoundVersionsSource, DRAFT_RUNNER } from './runtime.ports';
import { Sandbox } from './sandbox/sandbox';
import { egressFromConfig } from './sandbox/sandbox-options';

/**
 * Warm contexts kept idle. Every concurrent execution of a version holds one context, so under load a version needs
 * about as many as there are executions in flight: with fewer kept, the surplus is booted afresh on every burst
 * (44-99 ms of isolate time each at 32 clients). A context with a small module and the Node environment is about
 * 0.4 MB of the tenant's isolate heap, so 128 per isolate are about 50 MB; the pool also stops keeping contexts
 * while the isolate's heap is over half its cap (tenant-isolate.ts), so heavy modules keep fewer.
 */
const WARM_CONTEXTS = { idleContextsPerVersion: 32, idleContextsPerIsolate: 128 };

class RuntimeLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly sandbox: Sandbox,
    private readonly builder: EsbuildActionBuilder,
    private readonly cache: CacheStore,
    private readonly executions: ExecutionStore,
    private readonly redis?: Redis,
  ) {}
  async onApplicationShutdown(): Promise<void> {
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
function endExitWithoutTeardown(): void {
  if (exitGuarded) return;
  exitGuarded = true;
  process.once('exit', () => process.kill(process.pid, 'SIGKILL'));
}

@Module({
  imports: [BindingsModule],
  controllers: [RuntimeController],
  providers: [
    {
      provide: REDIS,
      useFactory: (c: AppConfig, logger: PinoLogger) =>
        c.redisUrl
          ? connectRedis({
              url: c.redisUrl,
              commandTimeoutMs: c.cache.operationTimeoutMs,
              onError: (e) => logger.warn({ err: e.message }, 'redis unavailable'),
            })
          : undefined,
      inject: [APP_CONFIG, LOGGER],
    },
    {
      provide: CACHE_STORE,
      useFactory: (c: AppConfig, redis?: Redis) =>
        redis ? new RedisCacheStore(redis, c.redisKeyPrefix, c.cache) : new MemoryCacheStore(c.cache),
      inject: [APP_CONFIG, REDIS],
    },
    {
      provide: EXECUTION_STORE,
      // Written behind the answer, in batches; readable from the pending buffer until written (write-behind.store.ts).
      useFactory: (c: AppConfig, logger: PinoLogger, redis?: Redis) =>
        new WriteBehindExecutionStore(
          redis
            ? new RedisExecutionStore(redis, c.redisKeyPrefix, c.runtime.recordMaxBytes)
            : new SqliteExecutionStore(c.dataDir, c.runtime.recordMaxBytes),
          {
            recordMaxBytes: c.runtime.recordMaxBytes,
            lingerMs: c.runtime.recordBatchMs,
            onError: (e) => logger.warn({ err: e.message }, 'execution records could not be stored'),
          },
        ),
      inject: [APP_CONFIG, LOGGER, REDIS],
    },
    {
      provide: REDIS_PROBE,
      useFactory: (redis?: Redis) => (redis ? { readiness: () => redisReadiness(redis) } : undefined),
      inject: [REDIS],
    },
    {
      provide: Sandbox,
      useFactory: (c: AppConfig, logger: PinoLogger, metrics: Metrics) => {
        const sandbox = new Sandbox({
          memoryLimitMb: c.runtime.memoryLimitMb,
          isolatesPerKey: c.runtime.isolatesPerTenant,
          maxIsolates: c.runtime.maxIsolates,
          memoryBudgetMb: c.runtime.memoryBudgetMb,
          syncSliceMs: c.runtime.syncSliceMs,
          syncShare: c.runtime.syncSharePct / 100,
          logLineMax: c.runtime.logLineMax,
          logLinesMax: c.runtime.logLinesMax,
          egress: egressFromConfig(c.egress),
          ...WARM_CONTEXTS,
          // each lost isolate keeps about one cap of memory and one thread until the process restarts (isolate-loss.ts)
          onIsolateLost: (isolationKey, lostSoFar) => {
            logger.error(
              { isolationKey, lostSoFar },
              'sandbox isolate lost to an uncontainable out-of-memory error; key quarantined; restart the process when convenient',
            );
            endExitWithoutTeardown();
          },
        });
        // a scrape reads the isolates afresh (and applies the budget: the same pass its timer makes)
        metrics.watchSandbox(async () => {
          await sandbox.enforceMemoryBudget();
          return sandbox.memory();
        });
        return sandbox;
      },
      inject: [APP_CONFIG, LOGGER, Metrics],
    },
    {
      provide: EsbuildActionBuilder,
      useFactory: (c: AppConfig) => actionBuilderFor(c),
      inject: [APP_CONFIG],
    },
    { provide: ACTION_BUILDER, useExisting: EsbuildActionBuilder },
    {
      provide: TriggerExecutor,
      useFactory: (
        config: AppConfig,
        source: BoundVersionsSource,
        sandbox: Sandbox,
        builder: EsbuildActionBuilder,
        cache: CacheStore,
        store: ExecutionStore,
        clock: Clock,
        ids: IdGenerator,
        metrics: Metrics,
        logger: PinoLogger,
      ) =>
        new TriggerExecutor({
          config,
          source,
          sandbox,
          builder,
          cache,
          store,
          clock,
          ids,
          onFinished: (r) => metrics.executions.inc({ trigger: r.trigger_id, status: r.status }),
          onStoreError: (e) => logger.warn({ err: e.message }, 'execution record could not be stored'),
          onCacheLookups: (hits, misses) => {
            if (hits > 0) metrics.cacheLookups.inc({ result: 'hit' }, hits);
            if (misses > 0) metrics.cacheLookups.inc({ result: 'miss' }, misses);
          },
        }),
      inject: [
        APP_CONFIG,
        BOUND_VERSIONS_SOURCE,
        Sandbox,
        EsbuildActionBuilder,
        CACHE_STORE,
        EXECUTION_STORE,
        CLOCK,
        ID_GENERATOR,
        Metrics,
        LOGGER,
      ],
    },
    {
      provide: DraftTester,
      useFactory: (c: AppConfig, sandbox: Sandbox, builder: EsbuildActionBuilder, cache: CacheStore, clock: Clock) =>
        new DraftTester(c, sandbox, builder, cache, clock),
      inject: [APP_CONFIG, Sandbox, EsbuildActionBuilder, CACHE_STORE, CLOCK],
    },
    { provide: DRAFT_RUNNER, useExisting: DraftTester },
    {
      provide: RuntimeLifecycle,
      useFactory: (s: Sandbox, b: EsbuildActionBuilder, c: CacheStore, e: ExecutionStore, r?: Redis) =>
        new RuntimeLifecycle(s, b, c, e, r),
      inject: [Sandbox, ACTION_BUILDER, CACHE_STORE, EXECUTION_STORE, REDIS],
    },
  ],
  exports: [ACTION_BUILDER, DRAFT_RUNNER, REDIS_PROBE, TriggerExecutor, DraftTester, CACHE_STORE, EXECUTION_STORE],
})
export class RuntimeModule {}
