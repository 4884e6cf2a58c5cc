"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.APP_CONFIG = exports.ConfigError = void 0;
exports.loadConfig = loadConfig;
/**
 * Typed configuration read from the environment once, at start. Any invalid value fails start-up with one line
 * naming the variable (ConfigError); nothing is validated later.
 */
const node_crypto_1 = require("node:crypto");
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const egress_policy_1 = require("../runtime/egress/egress-policy");
class ConfigError extends Error {
    variable;
    name = 'ConfigError';
    constructor(variable, problem) {
        super(`Invalid configuration: ${variable} ${problem}`);
        this.variable = variable;
    }
}
exports.ConfigError = ConfigError;
function int(env, name, def, min, max = Number.MAX_SAFE_INTEGER) {
    const raw = env[name];
    if (raw === undefined || raw === '')
        return def;
    if (!/^\d+$/.test(raw.trim()))
        throw new ConfigError(name, `must be an integer, got "${raw}"`);
    const n = Number(raw.trim());
    if (n < min || n > max)
        throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
    return n;
}
function url(env, name, schemes) {
    const raw = env[name];
    if (raw === undefined || raw === '')
        return undefined;
    let parsed;
    try {
        parsed = new URL(raw);
    }
    catch {
        throw new ConfigError(name, `must be a URL (${schemes.join(' or ')}), got "${raw}"`);
    }
    if (!schemes.includes(parsed.protocol.replace(/:$/, ''))) {
        throw new ConfigError(name, `must use ${schemes.map((s) => `${s}://`).join(' or ')}, got "${parsed.protocol}//"`);
    }
    return raw;
}
/** BUILD_*: BUILD_DIR defaults to a folder of the system's temp dir named after DATA_DIR, never inside DATA_DIR. */
function buildConfig(env, dataDir) {
    const raw = env.BUILD_DIR;
    if (raw !== undefined && raw.trim() === '')
        throw new ConfigError('BUILD_DIR', 'must not be empty when set');
    const dir = raw ? path.resolve(raw) : path.join(os.tmpdir(), `open-actions-builds-${(0, node_crypto_1.createHash)('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
    const within = (a, b) => a === b || a.startsWith(b.endsWith(path.sep) ? b : b + path.sep);
    if (within(dir, dataDir) || within(dataDir, dir))
        throw new ConfigError('BUILD_DIR', `must be outside DATA_DIR (and not contain it), got "${dir}"`);
    const diskBudgetMb = int(env, 'BUILD_DISK_BUDGET_MB', 2048, 10, 10_000_000);
    const maxInstallMb = int(env, 'BUILD_MAX_INSTALL_MB', 200, 1, 100_000);
    if (maxInstallMb > diskBudgetMb)
        throw new ConfigError('BUILD_MAX_INSTALL_MB', `must not exceed BUILD_DISK_BUDGET_MB (${diskBudgetMb}), got ${maxInstallMb}`);
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
function egressList(env, name) {
    try {
        return (0, egress_policy_1.parseEgressList)(env[name]);
    }
    catch (e) {
        throw new ConfigError(name, `must list host names, *.domains, IP addresses or CIDRs separated by commas: ${e.message}`);
    }
}
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
function loadConfig(env = process.env) {
    const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
    if (!LOG_LEVELS.includes(logLevel))
        throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
    const host = env.HOST ?? '127.0.0.1';
    if (host.trim() === '')
        throw new ConfigError('HOST', 'must not be empty');
    const jwtSecret = env.AUTH_JWT_SECRET || undefined;
    if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32) {
        throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 bytes long for HS256');
    }
    const secretsKey = env.SECRETS_KEY || undefined;
    if (secretsKey !== undefined && Buffer.from(secretsKey, 'base64').length !== 32) {
        throw new ConfigError('SECRETS_KEY', 'must be 32 bytes encoded in base64 (openssl rand -base64 32)');
    }
    const eventStoreConnectionString = url(env, 'EVENTSTORE_CONNECTION_STRING', ['esdb', 'esdb+discover', 'kurrentdb', 'kdb']);
    if (eventStoreConnectionString && !secretsKey) {
        throw new ConfigError('SECRETS_KEY', 'must be set when EVENTSTORE_CONNECTION_STRING is set (every replica must share it)');
    }
    if (eventStoreConnectionString && !jwtSecret && !env.AUTH_JWKS_URI) {
        throw new ConfigError('AUTH_JWT_SECRET', 'or AUTH_JWKS_URI must be set when EVENTSTORE_CONNECTION_STRING is set (every replica must verify the same tokens)');
    }
    const dataDir = path.resolve(env.DATA_DIR || './data');
    const commandsMaxBytes = int(env, 'EXECUTION_COMMANDS_MAX_BYTES', 128 * 1024, 1024, 16 * 1024 * 1024);
    const logsMaxBytes = int(env, 'EXECUTION_LOGS_MAX_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024);
    const recordMaxBytes = int(env, 'EXECUTION_RECORD_MAX_BYTES', 2 * 1024 * 1024, 64 * 1024, 64 * 1024 * 1024);
    if (recordMaxBytes < commandsMaxBytes + logsMaxBytes + RECORD_HEADROOM_BYTES) {
        throw new ConfigError('EXECUTION_RECORD_MAX_BYTES', `must be at least EXECUTION_COMMANDS_MAX_BYTES + EXECUTION_LOGS_MAX_BYTES + ${RECORD_HEADROOM_BYTES} (${commandsMaxBytes + logsMaxBytes + RECORD_HEADROOM_BYTES}), got ${recordMaxBytes}`);
    }
    return {
        port: int(env, 'PORT', 3000, 0, 65535),
        host,
        dataDir,
        eventStoreConnectionString,
        redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
        redisKeyPrefix: env.REDIS_KEY_PREFIX ?? 'actions:',
        auth: {
            jwtSecret,
            jwksUri: url(env, 'AUTH_JWKS_URI', ['https', 'http']),
            audience: env.AUTH_AUDIENCE || 'http://localhost:3000/api/v2/',
            issuer: env.AUTH_ISSUER || undefined,
        },
        logLevel,
        secretsKey,
        runtime: {
            memoryLimitMb: int(env, 'SANDBOX_MEMORY_MB', 128, 8, 4096),
            executionTimeoutMs: int(env, 'EXECUTION_TIMEOUT_MS', 20_000, 10, 600_000),
            executionRetentionMs: int(env, 'EXECUTION_RETENTION_MS', 10 * 24 * 3600 * 1000, 1000),
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
    };
}
exports.APP_CONFIG = Symbol('APP_CONFIG');
//# sourceMappingURL=config.js.map