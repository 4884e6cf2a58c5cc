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
 * Rebuilding read models: 100k events folded into fresh tables and swapped in, against the in-run baseline of just
 * reading the same 100k events from the store in pages. The real projections (actions, bindings) are rebuilt from
 * a log of real action lifecycles. A second row: the projection runner catching up on the same log from position 0
 * (one subscription feeding both projections, a transaction per projection per batch), as after a fresh install.
 */
const node_crypto_1 = require("node:crypto");
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const action_content_1 = require("../src/actions/action.content");
const actions_projection_1 = require("../src/actions/projections/actions.projection");
const bindings_projection_1 = require("../src/bindings/projections/bindings.projection");
const sqlite_event_store_1 = require("../src/event-store/sqlite/sqlite-event-store");
const port_1 = require("../src/event-store/port");
const projection_runner_1 = require("../src/projections/projection-runner");
const read_store_1 = require("../src/projections/read-store");
const rebuild_1 = require("../src/projections/rebuild");
const harness_1 = require("./harness");
const SUITE = 'projections';
let EVENTS = 100_000;
const META = { tenantId: 'bench', actor: 'bench', correlationId: 'b', causationId: 'b' };
async function seed(store) {
    const now = new Date().toISOString();
    let written = 0;
    for (let a = 0; written < EVENTS; a++) {
        const actionId = (0, node_crypto_1.randomUUID)();
        const content = { name: `action-${a}`, supportedTriggers: [{ id: 'post-login', version: 'v3' }], code: `exports.onExecutePostLogin = async () => ${a};`, dependencies: [], runtime: 'node22', secrets: [] };
        const events = [{ type: 'ActionCreated', data: { tenantId: 'bench', actionId, content, createdAt: now } }];
        for (let v = 1; v <= 8; v++) {
            events.push({ type: 'ActionDraftBuilt', data: { tenantId: 'bench', actionId, draftKey: (0, action_content_1.draftKeyOf)(content), builtAt: now, artifactSha256: 'x', resolvedDependencies: [] } }, { type: 'ActionVersionCreated', data: { tenantId: 'bench', actionId, versionId: (0, node_crypto_1.randomUUID)(), number: v, content, artifactSha256: 'x', resolvedDependencies: [], builtAt: now, createdAt: now } }, { type: 'ActionVersionDeployed', data: { tenantId: 'bench', actionId, versionId: 'v', number: v, deployedAt: now } });
        }
        events.push({ type: 'TriggerBindingsReplaced', data: { tenantId: 'bench', triggerId: 'post-login', bindings: [{ id: (0, node_crypto_1.randomUUID)(), actionId, displayName: 'x', createdAt: now }], updatedAt: now } });
        await store.append(`action-${actionId}`, events.slice(0, -1).map((e) => ({ id: (0, node_crypto_1.randomUUID)(), ...e, metadata: META })), 'any');
        await store.append('triggerBindings-bench.post-login', [{ id: (0, node_crypto_1.randomUUID)(), ...events[events.length - 1], metadata: META }], 'any');
        written += events.length;
    }
}
async function run(options = {}) {
    EVENTS = (0, harness_1.sized)(options, 100_000, 10_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-proj-'));
    const store = new sqlite_event_store_1.SqliteEventStore({ file: path.join(dir, 'events.sqlite') });
    await seed(store);
    const total = Number((await store.headPosition()).commit);
    const readAll = async () => {
        let after = port_1.START;
        for (;;) {
            const page = await store.readAll({ after, maxCount: 1000 });
            if (page.length === 0)
                return;
            after = page[page.length - 1].position;
        }
    };
    const baseline = (0, harness_1.benchRow)(SUITE, `baseline: read ${total} events in pages of 1000`, 'events/s', await (0, harness_1.measure)(readAll, { iterations: 3, warmup: 1, unitsPerIteration: total }));
    const readStore = new read_store_1.ReadStore(path.join(dir, 'read-models.sqlite'));
    const rebuildAll = async () => {
        await (0, rebuild_1.rebuildProjection)(store, readStore, actions_projection_1.actionsProjection, { owner: 'bench' });
        await (0, rebuild_1.rebuildProjection)(store, readStore, bindings_projection_1.bindingsProjection, { owner: 'bench' });
    };
    const rebuild = (0, harness_1.benchRow)(SUITE, `rebuild actions + bindings from ${total} events, then swap`, 'events/s', await (0, harness_1.measure)(rebuildAll, { iterations: 2, warmup: 1, unitsPerIteration: total * 2 }), { baseline, note: 'each projection reads the whole log' });
    readStore.close();
    let catchUps = 0;
    const catchUp = async () => {
        const freshDir = path.join(dir, `catch-up-${catchUps++}`);
        const freshStore = read_store_1.ReadStore.inDataDir(freshDir);
        const runner = new projection_runner_1.ProjectionRunner(store, freshStore, [actions_projection_1.actionsProjection, bindings_projection_1.bindingsProjection]);
        runner.start();
        const head = await store.headPosition();
        if (!(await runner.waitForPosition(head, 600_000)))
            throw new Error('catch-up did not reach the head');
        await runner.stop();
        freshStore.close();
        fs.rmSync(freshDir, { recursive: true, force: true });
    };
    const caughtUp = (0, harness_1.benchRow)(SUITE, `runner catch-up: actions + bindings from position 0 over ${total} events`, 'events/s', await (0, harness_1.measure)(catchUp, { iterations: 2, warmup: 1, unitsPerIteration: total }), { baseline, note: 'one subscription, batches of 500' });
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    return [baseline, rebuild, caughtUp];
}
//# sourceMappingURL=projections.bench.js.map