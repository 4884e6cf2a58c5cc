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
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * Scale measurements for the README (not a bench module: it takes minutes). For each configuration the event log is
 * seeded directly (real event shapes, one append per stream) with the measured tenant's N deployed actions, B of them
 * bound to post-login, and other tenants' action lifecycles as filler up to the log size; then the service starts as
 * a child process (as npm start does, Redis configured) and catches up. Measured: time to ready, resident memory
 * after catch-up and after load, executions (32 connections) and GET action latency.
 *
 *   node --no-node-snapshot dist-bench/bench/scale.js [seconds=5] [configs=a10-b1-e1e4,...]
 */
const ioredis_1 = __importDefault(require("ioredis"));
const node_crypto_1 = require("node:crypto");
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const action_content_1 = require("../src/actions/action.content");
const mint_token_1 = require("../src/auth/mint-token");
const sqlite_event_store_1 = require("../src/event-store/sqlite/sqlite-event-store");
const http_bench_1 = require("./http.bench");
const SECRET = 'bench-scale-secret-that-is-long-enough-for-hs256-0123456789';
const AUDIENCE = 'http://localhost:3000/api/v2/';
const TENANT = 'scale';
function parse(name) {
    const m = /^a(\d+)-b(\d+)-e(\d+(?:e\d+)?)$/.exec(name);
    if (!m)
        throw new Error(`bad config ${name}; e.g. a1000-b20-e1e5`);
    return { actions: Number(m[1]), bindings: Number(m[2]), events: Number(m[3]) };
}
const META = (tenantId) => ({ tenantId, actor: 'scale', correlationId: 'scale', causationId: 'scale' });
/** One action's stream: created, built, version 1 created and deployed (4 events), then `redeploys` times a new
 *  version built, created and deployed (3 events each). Answers its id. */
async function seedAction(store, tenantId, i, redeploys = 0) {
    const actionId = (0, node_crypto_1.randomUUID)();
    const versionId = (0, node_crypto_1.randomUUID)();
    const now = new Date().toISOString();
    const content = {
        name: `action-${i}`, supportedTriggers: [{ id: 'post-login', version: 'v3' }], dependencies: [], runtime: 'node22', secrets: [],
        code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('a${i}', event.user.app_metadata.role); };`,
    };
    const events = [
        { type: 'ActionCreated', data: { tenantId, actionId, content, createdAt: now } },
        { type: 'ActionDraftBuilt', data: { tenantId, actionId, draftKey: (0, action_content_1.draftKeyOf)(content), builtAt: now, artifactSha256: 'seeded', resolvedDependencies: [] } },
        { type: 'ActionVersionCreated', data: { tenantId, actionId, versionId, number: 1, content, artifactSha256: 'seeded', resolvedDependencies: [], builtAt: now, createdAt: now } },
        { type: 'ActionVersionDeployed', data: { tenantId, actionId, versionId, number: 1, deployedAt: now } },
    ];
    for (let v = 2; v <= redeploys + 1; v++) {
        const next = (0, node_crypto_1.randomUUID)();
        events.push({ type: 'ActionDraftBuilt', data: { tenantId, actionId, draftKey: (0, action_content_1.draftKeyOf)(content), builtAt: now, artifactSha256: 'seeded', resolvedDependencies: [] } }, { type: 'ActionVersionCreated', data: { tenantId, actionId, versionId: next, number: v, content, artifactSha256: 'seeded', resolvedDependencies: [], builtAt: now, createdAt: now } }, { type: 'ActionVersionDeployed', data: { tenantId, actionId, versionId: next, number: v, deployedAt: now } });
    }
    await store.append(`action-${actionId}`, events.map((e) => ({ id: (0, node_crypto_1.randomUUID)(), ...e, metadata: META(tenantId) })), 'no_stream');
    return actionId;
}
async function seed(dataDir, c) {
    const store = new sqlite_event_store_1.SqliteEventStore({ file: path.join(dataDir, 'events.sqlite') });
    const ids = [];
    for (let i = 0; i < c.actions; i++)
        ids.push(await seedAction(store, TENANT, i));
    const now = new Date().toISOString();
    await store.append(`triggerBindings-${TENANT}.post-login`, [{
            id: (0, node_crypto_1.randomUUID)(), type: 'TriggerBindingsReplaced', metadata: META(TENANT),
            data: { tenantId: TENANT, triggerId: 'post-login', bindings: ids.slice(0, c.bindings).map((actionId, i) => ({ id: (0, node_crypto_1.randomUUID)(), actionId, displayName: `b${i}`, createdAt: now })), updatedAt: now },
        }], 'no_stream');
    // Filler: other tenants' actions, each redeployed 99 times (301 events per stream), up to the log size.
    for (let n = c.actions * 4 + 1, i = 0; n < c.events; i++) {
        const redeploys = Math.max(0, Math.min(99, Math.floor((c.events - n - 4) / 3)));
        await seedAction(store, `filler-${i % 100}`, i, redeploys);
        n += 4 + 3 * redeploys;
    }
    await store.close();
}
const rssMb = (pid) => {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
};
async function measureConfig(name, seconds) {
    const c = parse(name);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
    const keyPrefix = `bench-scale:${process.pid}:`;
    let child;
    try {
        const seedStarted = Date.now();
        await seed(dataDir, c);
        const seedMs = Date.now() - seedStarted;
        const port = await (0, http_bench_1.freePort)();
        const started = Date.now();
        child = (0, http_bench_1.startChild)(path.join((0, http_bench_1.projectRoot)(), 'dist-bench', 'src', 'main.js'), {
            PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', AUTH_JWT_SECRET: SECRET, AUTH_AUDIENCE: AUDIENCE,
            REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: keyPrefix, LIMIT_ACTIONS_PER_TENANT: '100000',
        });
        const base = `http://127.0.0.1:${port}`;
        await (0, http_bench_1.waitFor)(async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.status === 200, 900_000, 'ready', child);
        const readyMs = Date.now() - started;
        const rssIdle = rssMb(child.process.pid);
        const token = await (0, mint_token_1.mintToken)({ secret: SECRET, audience: AUDIENCE, scope: 'read:actions execute:actions', tenantId: TENANT });
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        const execUrl = `${base}/runtime/v1/triggers/post-login/executions`;
        const body = JSON.stringify({ event: { user: { user_id: 'auth0|1', app_metadata: { role: 'admin' } } } });
        const coldStarted = performance.now();
        const first = (await (await fetch(execUrl, { method: 'POST', headers, body })).json());
        const coldMs = performance.now() - coldStarted;
        if (first.status !== 'final' || first.results.length !== c.bindings)
            throw new Error(`unexpected execution: ${JSON.stringify(first).slice(0, 500)}`);
        const exec = await (0, http_bench_1.measureLoad)({ url: execUrl, method: 'POST', headers, body }, seconds, 2);
        const list = (await (await fetch(`${base}/api/v2/actions/actions?per_page=1`, { headers })).json());
        const get = await (0, http_bench_1.measureLoad)({ url: `${base}/api/v2/actions/actions/${list.actions[0].id}`, method: 'GET', headers }, seconds, 1);
        const rssLoaded = rssMb(child.process.pid);
        const logMb = Math.round(fs.statSync(path.join(dataDir, 'events.sqlite')).size / 1e6);
        const readMb = Math.round(fs.statSync(path.join(dataDir, 'read-models.sqlite')).size / 1e6);
        return {
            config: name, ...c, seedS: +(seedMs / 1000).toFixed(1), readyS: +(readyMs / 1000).toFixed(1), logMb, readModelsMb: readMb, rssIdleMb: rssIdle, rssLoadedMb: rssLoaded,
            coldExecMs: +coldMs.toFixed(1), execPerS: Math.round(exec.perSecond), execP50: exec.p50, execP99: exec.p99, getPerS: Math.round(get.perSecond), getP50: get.p50, getP99: get.p99,
        };
    }
    finally {
        if (child)
            await (0, http_bench_1.stopChild)(child);
        await (0, http_bench_1.deleteKeys)(keyPrefix);
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}
async function main() {
    const [seconds = '5', configs = 'a10-b1-e1e4,a1000-b1-e1e4,a1000-b20-e1e4,a10000-b20-e1e5,a10000-b20-e1e6'] = process.argv.slice(2);
    const redis = new ioredis_1.default('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect();
    redis.disconnect();
    const rows = [];
    for (const name of configs.split(',')) {
        process.stdout.write(`measuring ${name} ...\n`);
        const row = await measureConfig(name, Number(seconds));
        process.stdout.write(`${JSON.stringify(row)}\n`);
        rows.push(row);
    }
    const file = path.join((0, http_bench_1.projectRoot)(), 'bench', 'results', 'scale.json');
    fs.writeFileSync(file, `${JSON.stringify({ ranAt: new Date().toISOString(), cores: os.cpus().length, rows }, null, 2)}\n`);
    process.stdout.write(`written to ${path.relative(process.cwd(), file)}\n`);
}
main().catch((e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exitCode = 1;
});
//# sourceMappingURL=scale.js.map