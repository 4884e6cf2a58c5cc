/**
 * Prometheus metrics (GET /metrics): HTTP requests and latencies, executions, cache hits/misses, projection lag.
 * One registry per process; other modules record through the Metrics service.
 */
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the sandbox reports of its isolates (runtime/sandbox/memory-budget.ts, MemoryReading). */
type SandboxReading = { isolates: number; bytes: number; evicted: number; contextsDropped: number };

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly fastLaneRequests = new Counter({
    name: 'http_execution_fast_lane_requests_total',
    help: 'Execution requests answered by the fast lane before Fastify (runtime/http/execution-fast-lane.ts)',
    registers: [this.registry],
  });
  readonly executions = new Counter({
    name: 'action_executions_total',
    help: 'Trigger executions',
    labelNames: ['trigger', 'status'],
    registers: [this.registry],
  });
  readonly cacheLookups = new Counter({
    name: 'action_cache_lookups_total',
    help: 'api.cache.get calls',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'projection_lag_events',
    help: 'Events between the head of the log and a projection checkpoint',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  readonly projectionParked = new Gauge({
    name: 'projection_parked',
    help: '1 when a projection is parked on a failing event',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  readonly buildsQueued = new Gauge({
    name: 'builds_queued',
    help: 'Pending drafts waiting for a build slot',
    registers: [this.registry],
  });
  readonly buildsRunning = new Gauge({
    name: 'builds_running',
    help: 'Draft builds running now',
    registers: [this.registry],
  });
  readonly buildDuration = new Histogram({
    name: 'build_duration_seconds',
    help: 'Draft build time (install, bundle, load check), by outcome',
    labelNames: ['status'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly buildErrors = new Counter({
    name: 'build_reactor_errors_total',
    help: 'Builds whose outcome could not be recorded (retried)',
    registers: [this.registry],
  });

  /** The sandbox's isolates (runtime/sandbox/memory-budget.ts), read afresh when /metrics is scraped. */
  private sandbox?: () => Promise<SandboxReading>;
  readonly sandboxIsolates = this.sandboxGauge('sandbox_isolates', 'Tenant isolates held now', (r) => r.isolates);
  readonly sandboxMemory = this.sandboxGauge(
    'sandbox_isolate_memory_bytes',
    "The isolates' heaps together at the last reading (SANDBOX_MEMORY_BUDGET_MB bounds it)",
    (r) => r.bytes,
  );
  readonly sandboxEvicted = this.sandboxGauge(
    'sandbox_memory_budget_isolates_freed',
    'Idle isolates freed to stay within SANDBOX_MEMORY_BUDGET_MB since the start',
    (r) => r.evicted,
  );
  readonly sandboxContextsDropped = this.sandboxGauge(
    'sandbox_memory_budget_contexts_dropped',
    'Idle warm contexts dropped to stay within SANDBOX_MEMORY_BUDGET_MB since the start',
    (r) => r.contextsDropped,
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Where the sandbox gauges read from (the runtime module sets it). */
  watchSandbox(read: () => Promise<SandboxReading>): void {
    this.sandbox = read;
  }

  private sandboxGauge(name: string, help: string, pick: (r: SandboxReading) => number): Gauge {
    const metrics = this; // eslint-disable-line @typescript-eslint/no-this-alias -- prom-client calls collect with the gauge as `this`
    return new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        if (metrics.sandbox) this.set(pick(await metrics.sandbox()));
      },
    });
  }
}
