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
exports.run = run;
/**
 * The service over real HTTP on loopback: reads, writes (command pipeline: read stream, decide, fsync'd append,
 * wait for the projections) and trigger executions, against the in-run baseline of GET /health/live (the cost of
 * the HTTP stack alone).
 */
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const app_factory_1 = require("../src/app.factory");
const mint_token_1 = require("../src/auth/mint-token");
const config_1 = require("../src/config/config");
const logging_1 = require("../src/shared/logging");
const harness_1 = require("./harness");
const SUITE = 'api';
const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
async function run(options = {}) {
    const budget = (ms) => (0, harness_1.sized)(options, ms, Math.round(ms / 4));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
    const config = (0, config_1.loadConfig)({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', AUTH_JWT_SECRET: SECRET, LIMIT_ACTIONS_PER_TENANT: '100000' });
    const app = await (0, app_factory_1.createApp)({ config, logger: (0, logging_1.createLogger)('error') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
    const token = await (0, mint_token_1.mintToken)({ secret: SECRET, audience: config.auth.audience, scope: 'read:actions create:actions update:actions delete:actions execute:actions' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const call = async (method, url, body) => {
        const res = await fetch(`${base}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        if (res.status >= 300)
            throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
        return res.json();
    };
    const rows = [];
    const live = (0, harness_1.benchRow)(SUITE, 'baseline: GET /health/live', 'requests/s', await (0, harness_1.measure)(() => fetch(`${base}/health/live`).then((r) => r.text()), { iterations: 3000, maxMs: budget(3000) }));
    rows.push(live);
    let n = 0;
    const code = "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('n', 1); };";
    rows.push((0, harness_1.benchRow)(SUITE, 'POST /actions/actions (name claim + append + wait; built later)', 'requests/s', await (0, harness_1.measure)(() => call('POST', '/api/v2/actions/actions', { name: `bench-${n++}`, supported_triggers: [{ id: 'post-login' }], code }), { iterations: 300, maxMs: budget(4000) }), { baseline: live }));
    const { id } = await call('POST', '/api/v2/actions/actions', { name: 'bench-target', supported_triggers: [{ id: 'post-login' }], code, deploy: true });
    const untilBuilt = async () => { while ((await call('GET', `/api/v2/actions/actions/${id}`)).status === 'pending')
        await new Promise((r) => setTimeout(r, 20)); };
    await untilBuilt();
    rows.push((0, harness_1.benchRow)(SUITE, 'GET /actions/actions/{id}', 'requests/s', await (0, harness_1.measure)(() => call('GET', `/api/v2/actions/actions/${id}`), { iterations: 3000, maxMs: budget(3000) }), { baseline: live }));
    rows.push((0, harness_1.benchRow)(SUITE, 'PATCH /actions/actions/{id} (code change)', 'requests/s', await (0, harness_1.measure)((i) => call('PATCH', `/api/v2/actions/actions/${id}`, { code: `${code}\n// ${i}` }), { iterations: 300, maxMs: budget(4000) }), { baseline: live }));
    await untilBuilt();
    await call('POST', `/api/v2/actions/actions/${id}/deploy`);
    await call('PATCH', '/api/v2/actions/triggers/post-login/bindings', { bindings: [{ ref: { type: 'action_id', value: id } }] });
    rows.push((0, harness_1.benchRow)(SUITE, 'POST /runtime/v1/triggers/post-login/executions (1 action)', 'requests/s', await (0, harness_1.measure)(() => call('POST', '/runtime/v1/triggers/post-login/executions', { event: { user: {} } }), { iterations: 2000, maxMs: budget(4000) }), { baseline: live }));
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    return rows;
}
//# sourceMappingURL=api.bench.js.map