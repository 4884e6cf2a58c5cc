/**
 * /health/live: 200 while the process runs. /health/ready: 200 only when the event store answers, Redis answers
 * (when configured), and the projections have caught up with the head of the log seen at start and none is parked;
 * otherwise 503 with a body naming each part that is not ready. /metrics: Prometheus text. No token needed.
 */
import { Controller, Get, Header, Inject, Optional, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PublicRoute } from '../auth/auth.decorators';
import { EVENT_STORE, EventStore } from '../event-store/port';
import { settleWithin } from '../shared/settle-within';
import { Metrics } from './metrics';
import { PROJECTIONS_PROBE, ProjectionsProbe, ProbeResult, REDIS_PROBE, RedisProbe } from './readiness-probes';

const PROBE_TIMEOUT_MS = 2000;

function withTimeout(check: () => Promise<ProbeResult>): Promise<ProbeResult> {
  const answered = check().catch((e: Error): ProbeResult => ({ ok: false, error: e.message }));
  return settleWithin(answered, PROBE_TIMEOUT_MS, (): ProbeResult => ({
    ok: false,
    error: `no answer within ${PROBE_TIMEOUT_MS} ms`,
  }));
}

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIONS_PROBE) private readonly projections: ProjectionsProbe,
    private readonly metrics: Metrics,
    @Optional() @Inject(REDIS_PROBE) private readonly redis?: RedisProbe,
  ) {}

  @Get('health/live')
  @PublicRoute()
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @PublicRoute()
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [eventStore, redis] = await Promise.all([
      withTimeout(async () => {
        await this.store.ping();
        return { ok: true, kind: this.store.kind };
      }),
      this.redis ? withTimeout(() => this.redis!.readiness()) : Promise.resolve(undefined),
    ]);
    const projections = this.projections.readiness();
    const checks = { eventStore, projections, ...(redis ? { redis } : {}) };
    const ok = Object.values(checks).every((c) => c.ok);
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not_ready', checks };
  }

  @Get('metrics')
  @PublicRoute()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus() {
    this.projections.readiness(); // refreshes the projection gauges (lag, parked) to this moment
    return this.metrics.registry.metrics();
  }
}
