/**
 * The shape of the configuration: AppConfig and its sections, as loadConfig (config.ts) returns them. Each field's
 * comment names its variable where the name alone does not; defaults and bounds are in section-readers.ts.
 */

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
    /** Isolates kept at most over all tenants (idle ones beyond it are freed): with SANDBOX_MEMORY_MB, the sandbox's worst-case memory. */
    maxIsolates: number;
    /** The isolates' memory together (MB): past it idle isolates, then idle warm contexts, are freed (memory-budget.ts). */
    memoryBudgetMb: number;
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
