/**
 * Prometheus metrics (GET /metrics): HTTP requests and latencies, executions, cache hits/misses, projection lag.
 * One registry per process; other modules record through the Metrics service.
 */
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
