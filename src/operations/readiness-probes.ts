/** What /health/ready asks each part of the service (health.controller.ts), and the tokens they are provided under. */
export interface ProbeResult {
  ok: boolean;
  [detail: string]: unknown;
}

/** Readiness of the projections (provided by the projections module). */
export interface ProjectionsProbe {
  readiness(): ProbeResult;
}
export const PROJECTIONS_PROBE = Symbol('PROJECTIONS_PROBE');

/** Readiness of Redis, when configured (provided by the runtime module). */
export interface RedisProbe {
  readiness(): Promise<ProbeResult>;
}
export const REDIS_PROBE = Symbol('REDIS_PROBE');
