/**
 * Typed configuration read from the environment once, at start. Any invalid value fails start-up with one line
 * naming the variable (ConfigError); nothing is validated later.
 */
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseEgressList } from '../runtime/egress/egress-policy';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Limits {
  actionsPerTenant: number;
  bindingsPerTrigger: number;
  secretsPerAction: number;
  secretNameMax: number;
  secretValueMax: number;
  dependenciesPerAction: number;
  codeMaxBytes: number;
  /** 0 = no cap (nothing is ever pruned); otherwise deploys past the cap are refused with 409. */
  versionsPerAction: number;
}

export interface CacheLimits {
  maxEntries: number;
  maxKeyBytes: number;
  maxValueBytes: number;
  maxTotalBytes: number;
  defaultTtlMs: number;
  maxTtlMs: number;
  /** Upper bound on one Redis round trip before a cache call answers {type:'error'}. */
  operationTimeoutMs: number;
}

/** Outbound HTTP from actions (fetch, http, https): see src/runtime/egress/egress-policy.ts. */
export interface EgressConfig {
  /** Hosts, *.domains, IPs and CIDRs reachable even when private (EGRESS_ALLOW). */
  allow: string[];
  /** Hosts, *.domains, IPs and CIDRs never reachable (EGRESS_DENY; wins over EGRESS_ALLOW). */
  deny: string[];
  /** Per execution: requests, response bytes, requests in flight. */
  maxRequests: number;
  maxResponseBytes: number;
  maxConcurrent: number;
}

/** Socket-level limits of the HTTP server against slow or idle clients (docs/security.md, "HTTP and authentication"). */
export interface HttpLimits {
  /** Time to receive a request's complete headers (HTTP_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body (HTTP_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long (HTTP_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way for this long is closed (HTTP_IDLE_TIMEOUT_MS). */
  idleTimeoutMs: number;
  /** Open connections past this are closed at once (HTTP_MAX_CONNECTIONS). */
  maxConnections: number;
}

export interface AppConfig {
  port: number;
  host: string;
  http: HttpLimits;
  dataDir: string;
  eventStoreConnectionString?: string;
  redisUrl?: string;
  /** Prefix of every Redis key this service writes (REDIS_KEY_PREFIX). */
  redisKeyPrefix: string;
  auth: {
    jwtSecret?: string;
    jwksUri?: string;
    audience: string;
    issuer?: string;
    /** Longest accepted token lifetime in seconds, exp - iat and exp - now (AUTH_MAX_TOKEN_LIFETIME_S). */
    maxTokenLifetimeS: number;
    /** Tenant of a token without `tenant_id`; unset: such tokens are refused (AUTH_DEFAULT_TENANT). */
    defaultTenant?: string;
  };
  logLevel: LogLevel;
  /** base64 32-byte key for secrets at rest; generated under DATA_DIR when unset. */
  secretsKey?: string;
  runtime: {
    memoryLimitMb: number;
    /** Isolates one tenant's executions may spread over when busy (each with its own memory cap and thread). */
    isolatesPerTenant: number;
    /** Longest run on the service's own thread before it moves to its isolate's (ms; 0, the default: never there; trusted code only). */
    syncSliceMs: number;
    /** Share (%) of the service's thread one tenant isolate's runs may take there. */
    syncSharePct: number;
    executionTimeoutMs: number;
    executionRetentionMs: number;
    /** Least time between two batches of execution records written behind the answers (ms; write-behind.store.ts). */
    recordBatchMs: number;
    logLineMax: number;
    logLinesMax: number;
    /** JSON bytes of the api command arguments one execution may record, all actions together. */
    commandsMaxBytes: number;
    /** Bytes of log lines one execution may keep, all actions together. */
    logsMaxBytes: number;
    /** Hard bound on one stored execution record (JSON bytes); every execution store enforces it. */
    recordMaxBytes: number;
    npmRegistry: string;
  };
  /** The build step's folder and bounds (docs/security.md, "Build containment"). */
  build: BuildConfig;
  egress: EgressConfig;
  limits: Limits;
  cache: CacheLimits;
  /** How long a write waits for the projections to reach it before answering anyway. */
  projectionWaitMs: number;
  /** The web console at /console (docs in README.md, "Console"). */
  console: ConsoleConfig;
}

export interface ConsoleConfig {
  /** OIDC client id the console signs in with against AUTH_ISSUER (CONSOLE_OIDC_CLIENT_ID); unset: paste a token. */
  oidcClientId?: string;
}

export interface BuildConfig {
  /** Install folders, npm's HOME and cache: never inside DATA_DIR (BUILD_DIR). */
  dir: string;
  /** Drafts the build reactor builds at once; npm installs at once, and bundles at once (BUILD_CONCURRENCY). */
  concurrency: number;
  /** How long a draft test of a pending draft waits for its build before answering (DRAFT_TEST_BUILD_WAIT_MS). */
  draftTestWaitMs: number;
  /** Install folders beyond this are evicted, least recently used first (BUILD_DISK_BUDGET_MB). */
  diskBudgetMb: number;
  /** One action's dependencies, unpacked (BUILD_MAX_INSTALL_MB). */
  maxInstallMb: number;
  installTimeoutMs: number;
  bundleTimeoutMs: number;
  maxArtifactKb: number;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function url(env: Env, name: string, schemes: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (${schemes.join(' or ')}), got "${raw}"`);
  }
  if (!schemes.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(name, `must use ${schemes.map((s) => `${s}://`).join(' or ')}, got "${parsed.protocol}//"`);
  }
  return raw;
}

/** BUILD_*: BUILD_DIR defaults to a folder of the system's temp dir named after DATA_DIR, never inside DATA_DIR. */
function buildConfig(env: Env, dataDir: string): BuildConfig {
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

/**
 * Room a record needs beyond its commands and logs (results, errors, ids and times) for the budgets to fit in it
 * whole; a suspended execution's event comes on top, and a record past EXECUTION_RECORD_MAX_BYTES is trimmed
 * (executions/record-size.ts). Defaults and why: docs/security.md, "Sandbox".
 */
const RECORD_HEADROOM_BYTES = 64 * 1024;

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

/** Tenant ids as tokens carry them in `tenant_id`. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function httpLimits(env: Env): HttpLimits {
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

function defaultTenant(env: Env): string | undefined {
  const raw = env.AUTH_DEFAULT_TENANT;
  if (raw === undefined || raw === '') return undefined;
  if (!TENANT_ID_PATTERN.test(raw))
    throw new ConfigError('AUTH_DEFAULT_TENANT', `must be 1-64 letters, digits, "_" or "-", got "${raw}"`);
  return raw;
}

/** CONSOLE_OIDC_CLIENT_ID: only meaningful with an issuer to sign in against (AUTH_ISSUER). */
function consoleConfig(env: Env): ConsoleConfig {
  const clientId = env.CONSOLE_OIDC_CLIENT_ID;
  if (clientId === undefined || clientId === '') return {};
  if (!/^[\x21-\x7e]{1,256}$/.test(clientId))
    throw new ConfigError('CONSOLE_OIDC_CLIENT_ID', 'must be 1-256 printable characters without spaces');
  if (!env.AUTH_ISSUER)
    throw new ConfigError('CONSOLE_OIDC_CLIENT_ID', 'needs AUTH_ISSUER (the issuer to sign in against)');
  return { oidcClientId: clientId };
}

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
  const commandsMaxBytes = int(env, 'EXECUTION_COMMANDS_MAX_BYTES', 128 * 1024, 1024, 16 * 1024 * 1024);
  const logsMaxBytes = int(env, 'EXECUTION_LOGS_MAX_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024);
  const recordMaxBytes = int(env, 'EXECUTION_RECORD_MAX_BYTES', 2 * 1024 * 1024, 64 * 1024, 64 * 1024 * 1024);
  if (recordMaxBytes < commandsMaxBytes + logsMaxBytes + RECORD_HEADROOM_BYTES) {
    throw new ConfigError(
      'EXECUTION_RECORD_MAX_BYTES',
      `must be at least EXECUTION_COMMANDS_MAX_BYTES + EXECUTION_LOGS_MAX_BYTES + ${RECORD_HEADROOM_BYTES} (${commandsMaxBytes + logsMaxBytes + RECORD_HEADROOM_BYTES}), got ${recordMaxBytes}`,
    );
  }
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host,
    http: httpLimits(env),
    dataDir,
    eventStoreConnectionString,
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
    redisKeyPrefix: env.REDIS_KEY_PREFIX ?? 'actions:',
    auth: {
      jwtSecret,
      jwksUri: url(env, 'AUTH_JWKS_URI', ['https', 'http']),
      audience: env.AUTH_AUDIENCE || 'http://localhost:3000/api/v2/',
      issuer: env.AUTH_ISSUER || undefined,
      maxTokenLifetimeS: int(env, 'AUTH_MAX_TOKEN_LIFETIME_S', 86_400, 60, 31_536_000),
      defaultTenant: defaultTenant(env),
    },
    logLevel,
    secretsKey,
    runtime: {
      memoryLimitMb: int(env, 'SANDBOX_MEMORY_MB', 128, 8, 4096),
      isolatesPerTenant: int(env, 'SANDBOX_ISOLATES_PER_TENANT', 2, 1, 16),
      syncSliceMs: int(env, 'SANDBOX_SYNC_SLICE_MS', 0, 0, 100),
      syncSharePct: int(env, 'SANDBOX_SYNC_SHARE_PCT', 50, 1, 100),
      executionTimeoutMs: int(env, 'EXECUTION_TIMEOUT_MS', 20_000, 10, 600_000),
      executionRetentionMs: int(env, 'EXECUTION_RETENTION_MS', 10 * 24 * 3600 * 1000, 1000),
      recordBatchMs: int(env, 'EXECUTION_RECORD_BATCH_MS', 2, 0, 1000),
      logLineMax: int(env, 'LOG_LINE_MAX', 256, 16, 65536),
      logLinesMax: int(env, 'LOG_LINES_MAX', 100, 1, 10_000),
      commandsMaxBytes,
      logsMaxBytes,
      recordMaxBytes,
      npmRegistry: url(env, 'NPM_REGISTRY', ['https', 'http']) ?? 'https://registry.npmjs.org/',
    },
    build: buildConfig(env, dataDir),
    egress: {
      allow: egressList(env, 'EGRESS_ALLOW'),
      deny: egressList(env, 'EGRESS_DENY'),
      maxRequests: int(env, 'EGRESS_MAX_REQUESTS', 50, 0, 10_000),
      maxResponseBytes: int(env, 'EGRESS_MAX_RESPONSE_BYTES', 10 * 1024 * 1024, 0),
      maxConcurrent: int(env, 'EGRESS_MAX_CONCURRENT', 10, 1, 1000),
    },
    limits: {
      actionsPerTenant: int(env, 'LIMIT_ACTIONS_PER_TENANT', 100, 1),
      bindingsPerTrigger: int(env, 'LIMIT_BINDINGS_PER_TRIGGER', 20, 1),
      secretsPerAction: int(env, 'LIMIT_SECRETS_PER_ACTION', 30, 0),
      secretNameMax: 128,
      secretValueMax: 4096,
      dependenciesPerAction: int(env, 'LIMIT_DEPENDENCIES_PER_ACTION', 10, 0),
      codeMaxBytes: int(env, 'LIMIT_CODE_BYTES', 100 * 1024, 1),
      versionsPerAction: int(env, 'LIMIT_VERSIONS_PER_ACTION', 0, 0),
    },
    cache: {
      maxEntries: int(env, 'CACHE_MAX_ENTRIES', 20, 1),
      maxKeyBytes: int(env, 'CACHE_MAX_KEY_BYTES', 64, 1),
      maxValueBytes: int(env, 'CACHE_MAX_VALUE_BYTES', 4096, 1),
      maxTotalBytes: int(env, 'CACHE_MAX_TOTAL_BYTES', 8192, 1),
      defaultTtlMs: int(env, 'CACHE_DEFAULT_TTL_MS', 15 * 60 * 1000, 1),
      maxTtlMs: int(env, 'CACHE_MAX_TTL_MS', 24 * 3600 * 1000, 1),
      operationTimeoutMs: int(env, 'CACHE_TIMEOUT_MS', 250, 10, 60_000),
    },
    projectionWaitMs: int(env, 'PROJECTION_WAIT_MS', 5000, 0, 600_000),
    console: consoleConfig(env),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
