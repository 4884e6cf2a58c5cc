/**
 * Starts the real service in-process on a free port (real HTTP, real embedded store under a temp DATA_DIR) with a
 * fixed, stepping clock and a deterministic id generator, and mints tokens for it. `restart()` stops it and starts
 * it again on the same DATA_DIR.
 *
 * With E2E_EVENT_STORE=esdb-double in the environment (see test/esdb/sdk-suites-on-esdb.e2e.spec.ts) every service
 * that is not handed an event store gets its own EventStoreDB protocol double and is configured exactly like a
 * production replica (EVENTSTORE_CONNECTION_STRING, SECRETS_KEY): the same suites then drive the EventStoreDB
 * adapter over real gRPC. The double outlives restart() and stops with stop().
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { mintToken } from '../../src/auth/mint-token';
import { createLogger } from '../../src/shared/logging';
import type { Clock, IdGenerator } from '../../src/shared/clock';
import type { EventStore } from '../../src/event-store/port';
import { EsdbDouble } from '../esdb/double/esdb-double';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
/** A fixed 32-byte secrets key (base64) for services that need one configured (EventStoreDB mode). */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');
export const ALL_SCOPES = 'read:actions create:actions update:actions delete:actions execute:actions';

/** Starts at a fixed instant and moves 1 ms per reading, so timestamps are deterministic and ordered. */
export function steppingClock(start = Date.parse('2026-11-25T10:00:00.000Z')): Clock {
  let t = start;
  return { now: () => new Date(t++) };
}

/** Deterministic lowercase UUIDv4-shaped ids: 00000000-0000-4000-8000-<12-digit counter>. */
export function sequentialIds(prefix = 0): IdGenerator {
  let n = 0;
  return { newId: () => `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(++n).padStart(12, '0')}` };
}

export interface RunningService {
  baseUrl: string;
  apiUrl: string;
  dataDir: string;
  app: NestFastifyApplication;
  token(options?: {
    scope?: string;
    tenant?: string;
    audience?: string;
    expiresIn?: string;
    secret?: string;
  }): Promise<string>;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  dataDir?: string;
  eventStore?: EventStore;
  clock?: Clock;
  ids?: IdGenerator;
}

export async function startService(options: StartOptions = {}): Promise<RunningService> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'actions-e2e-'));
  const clock = options.clock ?? steppingClock();
  const ids = options.ids ?? sequentialIds(Math.floor(Math.random() * 1e8));
  const double = !options.eventStore && process.env.E2E_EVENT_STORE === 'esdb-double' ? new EsdbDouble() : undefined;
  const esdbEnv = double
    ? { EVENTSTORE_CONNECTION_STRING: (await double.start()).connectionString, SECRETS_KEY: TEST_SECRETS_KEY }
    : {};
  const env = {
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    ...esdbEnv,
    ...options.env,
  };
  const config = loadConfig(env);
  let app!: NestFastifyApplication;
  let baseUrl = '';
  const start = async () => {
    app = await createApp({
      config,
      logger: createLogger(config.logLevel),
      clock,
      ids,
      eventStore: options.eventStore,
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address() as { port: number };
      baseUrl = `http://127.0.0.1:${address.port}`;
      await waitReady(baseUrl); // as a load balancer would: no traffic before the projections have caught up
    } catch (error) {
      // a start that fails (not ready in time on a loaded machine) closes what it opened: the caller never gets the
      // app to close, and its server, runner and timers would keep the Jest worker from exiting
      await app.close().catch(() => undefined);
      throw error;
    }
  };
  try {
    await start();
  } catch (error) {
    await double?.stop();
    throw error;
  }
  const service: RunningService = {
    get baseUrl() {
      return baseUrl;
    },
    get apiUrl() {
      return `${baseUrl}/api/v2`;
    },
    dataDir,
    get app() {
      return app;
    },
    token: (o = {}) =>
      mintToken({
        secret: o.secret ?? TEST_JWT_SECRET,
        audience: o.audience ?? config.auth.audience,
        scope: o.scope ?? ALL_SCOPES,
        tenantId: o.tenant,
        expiresIn: o.expiresIn,
      }),
    stop: async () => {
      await app.close();
      await double?.stop();
    },
    restart: async () => {
      await app.close();
      await start();
    },
  } as RunningService;
  return service;
}

/** Waits until /health/ready answers 200 (projections caught up). */
export async function waitReady(baseUrl: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
    if (r?.status === 200) return;
    if (Date.now() > until) throw new Error(`service not ready: ${r ? await r.text() : 'no answer'}`);
    await sleep(50);
  }
}
