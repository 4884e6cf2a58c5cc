/**
 * Readers of AppConfig's sections, each called by loadConfig (config.ts) where it reads that section: the HTTP
 * server's limits (HTTP_*), authentication (AUTH_*), the sandbox and execution records (SANDBOX_*, EXECUTION_*,
 * LOG_LINE*), the build step (BUILD_*), outbound HTTP (EGRESS_*), the per-tenant limits (LIMIT_*), the cache (CACHE_*)
 * and the console (CONSOLE_*). Each reads its variables in a fixed order, so with several invalid values the one
 * reported is always the same.
 */
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseEgressList } from '../runtime/egress/egress-policy';
import type {
  AppConfig,
  BuildConfig,
  CacheLimits,
  ConsoleConfig,
  EgressConfig,
  HttpLimits,
  Limits,
} from './config-types';
import { ConfigError, type Env, int, url } from './env-readers';

/** Tenant ids as tokens carry them in `tenant_id`. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function httpLimits(env: Env): HttpLimits {
  const headersTimeoutMs = int(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const requestTimeoutMs = int(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `must not exceed HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs}), got ${headersTimeoutMs}`,
    );
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: int(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    idleTimeoutMs: int(env, 'HTTP_IDLE_TIMEOUT_MS', 120_000, 100, 3_600_000),
    maxConnections: int(env, 'HTTP_MAX_CONNECTIONS', 1024, 1, 1_000_000),
  };
}

/** AUTH_*: AUTH_JWT_SECRET is read (and checked) first by loadConfig, which needs it for its event-store checks. */
export function authConfig(env: Env, jwtSecret: string | undefined): AppConfig['auth'] {
  return {
    jwtSecret,
    jwksUri: url(env, 'AUTH_JWKS_URI', ['https', 'http']),
    audience: env.AUTH_AUDIENCE || 'http://localhost:3000/api/v2/',
    issuer: env.AUTH_ISSUER || undefined,
    maxTokenLifetimeS: int(env, 'AUTH_MAX_TOKEN_LIFETIME_S', 86_400, 60, 31_536_000),
    defaultTenant: defaultTenant(env),
  };
}

function defaultTenant(env: Env): string | undefined {
  const raw = env.AUTH_DEFAULT_TENANT;
  if (raw === undefined || raw === '') return undefined;
  if (!TENANT_ID_PATTERN.test(raw))
    throw new ConfigError('AUTH_DEFAULT_TENANT', `must be 1-64 letters, digits, "_" or "-", got "${raw}"`);
  return raw;
}

/**
 * Room a record needs beyond its commands and logs (results, errors, ids and times) for the budgets to fit in it
 * whole; a suspended execution's event comes on top, and a record past EXECUTION_RECORD_MAX_BYTES is trimmed
 * (executions/record-size.ts). Defaults and why: docs/security.md, "Sandbox".
 */
const RECORD_HEADROOM_BYTES = 64 * 1024;

/** EXECUTION_COMMANDS_MAX_BYTES and EXECUTION_LOGS_MAX_BYTES, and EXECUTION_RECORD_MAX_BYTES that must hold both. */
export type ExecutionOutputBudgets = Pick<AppConfig['runtime'], 'commandsMaxBytes' | 'logsMaxBytes' | 'recordMaxBytes'>;

export function executionOutputBudgets(env: Env): ExecutionOutputBudgets {
  const commandsMaxBytes = int(env, 'EXECUTION_COMMANDS_MAX_BYTES', 128 * 1024, 1024, 16 * 1024 * 1024);
  const logsMaxBytes = int(env, 'EXECUTION_LOGS_MAX_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024);
  const recordMaxBytes = int(env, 'EXECUTION_RECORD_MAX_BYTES', 2 * 1024 * 1024, 64 * 1024, 64 * 1024 * 1024);
  if (recordMaxBytes < commandsMaxBytes + logsMaxBytes + RECORD_HEADROOM_BYTES) {
    throw new ConfigError(
      'EXECUTION_RECORD_MAX_BYTES',
      `must be at least EXECUTION_COMMANDS_MAX_BYTES + EXECUTION_LOGS_MAX_BYTES + ${RECORD_HEADROOM_BYTES} (${commandsMaxBytes + logsMaxBytes + RECORD_HEADROOM_BYTES}), got ${recordMaxBytes}`,
    );
  }
  return { commandsMaxBytes, logsMaxBytes, recordMaxBytes };
}

/** SANDBOX_*, EXECUTION_* and LOG_LINE*: the isolates' limits and what one execution may record. */
export function runtimeConfig(env: Env, budgets: ExecutionOutputBudgets): AppConfig['runtime'] {
  return {
    memoryLimitMb: int(env, 'SANDBOX_MEMORY_MB', 128, 8, 4096),
    isolatesPerTenant: int(env, 'SANDBOX_ISOLATES_PER_TENANT', 2, 1, 16),
    maxIsolates: int(env, 'SANDBOX_MAX_ISOLATES', 256, 1, 100_000),
    memoryBudgetMb: int(env, 'SANDBOX_MEMORY_BUDGET_MB', 2048, 64, 1_048_576),
    syncSliceMs: int(env, 'SANDBOX_SYNC_SLICE_MS', 0, 0, 100),
    syncSharePct: int(env, 'SANDBOX_SYNC_SHARE_PCT', 50, 1, 100),
    executionTimeoutMs: int(env, 'EXECUTION_TIMEOUT_MS', 20_000, 10, 600_000),
    executionRetentionMs: int(env, 'EXECUTION_RETENTION_MS', 10 * 24 * 3600 * 1000, 1000),
    recordBatchMs: int(env, 'EXECUTION_RECORD_BATCH_MS', 2, 0, 1000),
    logLineMax: int(env, 'LOG_LINE_MAX', 256, 16, 65536),
    logLinesMax: int(env, 'LOG_LINES_MAX', 100, 1, 10_000),
    commandsMaxBytes: budgets.commandsMaxBytes,
    logsMaxBytes: budgets.logsMaxBytes,
    recordMaxBytes: budgets.recordMaxBytes,
    npmRegistry: url(env, 'NPM_REGISTRY', ['https', 'http']) ?? 'https://registry.npmjs.org/',
  };
}

/** BUILD_*: BUILD_DIR defaults to a folder of the system's temp dir named after DATA_DIR, never inside DATA_DIR. */
export function buildConfig(env: Env, dataDir: string): BuildConfig {
  const raw = env.BUILD_DIR;
  if (raw !== undefined && raw.trim() === '') throw new ConfigError('BUILD_DIR', 'must not be empty when set');
  const dir = raw
    ? path.resolve(raw)
    : path.join(os.tmpdir(), `open-actions-builds-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
  const within = (a: string, b: string) => a === b || a.startsWith(b.endsWith(path.sep) ? b : b + path.sep);
  if (within(dir, dataDir) || within(dataDir, dir))
    throw new ConfigError('BUILD_DIR', `must be outside DATA_DIR (and not contain it), got "${dir}"`);
  const diskBudgetMb = int(env, 'BUILD_DISK_BUDGET_MB', 2048, 10, 10_000_000);
  const maxInstallMb = int(env, 'BUILD_MAX_INSTALL_MB', 200, 1, 100_000);
  if (maxInstallMb > diskBudgetMb)
    throw new ConfigError(
      'BUILD_MAX_INSTALL_MB',
      `must not exceed BUILD_DISK_BUDGET_MB (${diskBudgetMb}), got ${maxInstallMb}`,
    );
  return {
    dir,
    concurrency: int(env, 'BUILD_CONCURRENCY', 2, 1, 64),
    draftTestWaitMs: int(env, 'DRAFT_TEST_BUILD_WAIT_MS', 20_000, 0, 600_000),
    diskBudgetMb,
    maxInstallMb,
    installTimeoutMs: int(env, 'BUILD_INSTALL_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    bundleTimeoutMs: int(env, 'BUILD_BUNDLE_TIMEOUT_MS', 30_000, 100, 600_000),
    maxArtifactKb: int(env, 'BUILD_MAX_ARTIFACT_KB', 10 * 1024, 1, 1024 * 1024),
  };
}

function egressList(env: Env, name: string): string[] {
  try {
    return parseEgressList(env[name]);
  } catch (e) {
    throw new ConfigError(
      name,
      `must list host names, *.domains, IP addresses or CIDRs separated by commas: ${(e as Error).message}`,
    );
  }
}

export function egressConfig(env: Env): EgressConfig {
  return {
    allow: egressList(env, 'EGRESS_ALLOW'),
    deny: egressList(env, 'EGRESS_DENY'),
    maxRequests: int(env, 'EGRESS_MAX_REQUESTS', 50, 0, 10_000),
    maxResponseBytes: int(env, 'EGRESS_MAX_RESPONSE_BYTES', 10 * 1024 * 1024, 0),
    maxConcurrent: int(env, 'EGRESS_MAX_CONCURRENT', 10, 1, 1000),
  };
}

export function limitsConfig(env: Env): Limits {
  return {
    actionsPerTenant: int(env, 'LIMIT_ACTIONS_PER_TENANT', 100, 1),
    bindingsPerTrigger: int(env, 'LIMIT_BINDINGS_PER_TRIGGER', 20, 1),
    secretsPerAction: int(env, 'LIMIT_SECRETS_PER_ACTION', 30, 0),
    secretNameMax: 128,
    secretValueMax: 4096,
    dependenciesPerAction: int(env, 'LIMIT_DEPENDENCIES_PER_ACTION', 10, 0),
    codeMaxBytes: int(env, 'LIMIT_CODE_BYTES', 100 * 1024, 1),
    versionsPerAction: int(env, 'LIMIT_VERSIONS_PER_ACTION', 0, 0),
  };
}

export function cacheLimits(env: Env): CacheLimits {
  return {
    maxEntries: int(env, 'CACHE_MAX_ENTRIES', 20, 1),
    maxKeyBytes: int(env, 'CACHE_MAX_KEY_BYTES', 64, 1),
    maxValueBytes: int(env, 'CACHE_MAX_VALUE_BYTES', 4096, 1),
    maxTotalBytes: int(env, 'CACHE_MAX_TOTAL_BYTES', 8192, 1),
    defaultTtlMs: int(env, 'CACHE_DEFAULT_TTL_MS', 15 * 60 * 1000, 1),
    maxTtlMs: int(env, 'CACHE_MAX_TTL_MS', 24 * 3600 * 1000, 1),
    operationTimeoutMs: int(env, 'CACHE_TIMEOUT_MS', 250, 10, 60_000),
  };
}

/** CONSOLE_OIDC_CLIENT_ID: only meaningful with an issuer to sign in against (AUTH_ISSUER). */
export function consoleConfig(env: Env): ConsoleConfig {
  const clientId = env.CONSOLE_OIDC_CLIENT_ID;
  if (clientId === undefined || clientId === '') return {};
  if (!/^[\x21-\x7e]{1,256}$/.test(clientId))
    throw new ConfigError('CONSOLE_OIDC_CLIENT_ID', 'must be 1-256 printable characters without spaces');
  if (!env.AUTH_ISSUER)
    throw new ConfigError('CONSOLE_OIDC_CLIENT_ID', 'needs AUTH_ISSUER (the issuer to sign in against)');
  return { oidcClientId: clientId };
}
