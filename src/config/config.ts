/**
 * Typed configuration read from the environment once, at start. Any invalid value fails start-up with one line
 * naming the variable (ConfigError); nothing is validated later.
 *
 * loadConfig checks the variables several sections depend on (log level, host, keys, what the event store needs),
 * then assembles the sections read by section-readers.ts; the generic readers are in env-readers.ts and the types in
 * config-types.ts. This file re-exports those types, ConfigError and TENANT_ID_PATTERN because dozens of files in
 * src, test and bench import them from this path.
 */
import * as path from 'node:path';
import type { AppConfig, LogLevel } from './config-types';
import { ConfigError, type Env, int, url } from './env-readers';
import {
  authConfig,
  buildConfig,
  cacheLimits,
  consoleConfig,
  egressConfig,
  executionOutputBudgets,
  httpLimits,
  limitsConfig,
  runtimeConfig,
} from './section-readers';

export type {
  AppConfig,
  BuildConfig,
  CacheLimits,
  ConsoleConfig,
  EgressConfig,
  HttpLimits,
  Limits,
  LogLevel,
} from './config-types';
export { ConfigError };
export { TENANT_ID_PATTERN } from './section-readers';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): AppConfig {
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const host = env.HOST ?? '127.0.0.1';
  if (host.trim() === '') throw new ConfigError('HOST', 'must not be empty');
  const jwtSecret = env.AUTH_JWT_SECRET || undefined;
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32) {
    throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 bytes long for HS256');
  }
  const secretsKey = env.SECRETS_KEY || undefined;
  if (secretsKey !== undefined && Buffer.from(secretsKey, 'base64').length !== 32) {
    throw new ConfigError('SECRETS_KEY', 'must be 32 bytes encoded in base64 (openssl rand -base64 32)');
  }
  const eventStoreConnectionString = url(env, 'EVENTSTORE_CONNECTION_STRING', [
    'esdb',
    'esdb+discover',
    'kurrentdb',
    'kdb',
  ]);
  if (eventStoreConnectionString && !secretsKey) {
    throw new ConfigError(
      'SECRETS_KEY',
      'must be set when EVENTSTORE_CONNECTION_STRING is set (every replica must share it)',
    );
  }
  if (eventStoreConnectionString && !jwtSecret && !env.AUTH_JWKS_URI) {
    throw new ConfigError(
      'AUTH_JWT_SECRET',
      'or AUTH_JWKS_URI must be set when EVENTSTORE_CONNECTION_STRING is set (every replica must verify the same tokens)',
    );
  }
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const budgets = executionOutputBudgets(env);
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host,
    http: httpLimits(env),
    dataDir,
    eventStoreConnectionString,
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
    redisKeyPrefix: env.REDIS_KEY_PREFIX ?? 'actions:',
    auth: authConfig(env, jwtSecret),
    logLevel,
    secretsKey,
    runtime: runtimeConfig(env, budgets),
    build: buildConfig(env, dataDir),
    egress: egressConfig(env),
    limits: limitsConfig(env),
    cache: cacheLimits(env),
    projectionWaitMs: int(env, 'PROJECTION_WAIT_MS', 5000, 0, 600_000),
    console: consoleConfig(env),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
