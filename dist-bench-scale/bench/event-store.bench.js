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
exports.run = run;
/**
 * The embedded event store, measured in a temp dir against the cheapest durable write SQLite can do there: one
 * synchronous=FULL single-row INSERT transaction on a bare table in the same directory. Every row's ratio reads
 * as "N × the bare fsync'd insert" (for reads, events read per second over inserts per second).
 */
const better_sqlite3_1 = __importDefault(require("better-sqlite3"));
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const port_1 = require("../src/event-store/port");
const sqlite_event_store_1 = require("../src/event-store/sqlite/sqlite-event-store");
const harness_1 = require("./harness");
const SUITE = 'event-store';
let BUDGET_MS = 3000;
let READ_LOG_SIZE = 100_000;
const PAGE = 1000;
async function run(options = {}) {
    BUDGET_MS = (0, harness_1.sized)(options, 3000, 1000);
    READ_LOG_SIZE = (0, harness_1.sized)(options, 100_000, 20_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-event-store-'));
    const store = new sqlite_event_store_1.SqliteEventStore({ file: path.join(dir, 'events.sqlite') });
    try {
        const baseline = (0, harness_1.benchRow)(SUITE, "bare fsync'd INSERT txn (raw better-sqlite3)", 'inserts/s', await bareInsert(dir));
        const rows = [baseline];
        rows.push((0, harness_1.benchRow)(SUITE, 'append, 1 event per append', 'appends/s', await singleAppends(store), { baseline }));
        rows.push((0, harness_1.benchRow)(SUITE, 'append, 100 events per append', 'events/s', await batchedAppends(store), { baseline }));
        await fillLog(store, READ_LOG_SIZE);
        const total = Number((await store.headPosition()).commit);
        const note = `${total.toLocaleString('en-US')} events in the log`;
        rows.push((0, harness_1.benchRow)(SUITE, `readAll forwards, pages of ${PAGE}`, 'events/s', await pagedReads(store, total), { baseline, note }));
        rows.push((0, harness_1.benchRow)(SUITE, 'subscribeToAll catch-up from START', 'events/s', await subscriptionCatchUp(store, total), { baseline, note }));
        return rows;
    }
    finally {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
async function bareInsert(dir) {
    const db = new better_sqlite3_1.default(path.join(dir, 'bare.sqlite'));
    try {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.exec('CREATE TABLE bare (id INTEGER PRIMARY KEY, value TEXT NOT NULL)');
        const insert = db.prepare('INSERT INTO bare (value) VALUES (?)');
        const insertTransaction = db.transaction((value) => insert.run(value));
        return await (0, harness_1.measure)((i) => insertTransaction.immediate(`{"i":${i}}`), { iterations: 5000, warmup: 50, maxMs: BUDGET_MS });
    }
    finally {
        db.close();
    }
}
async function singleAppends(store) {
    let expected = -1n;
    return (0, harness_1.measure)(async (i) => {
        const result = await store.append('bench-single', [benchEvent(`single-${i}`, i)], expected < 0n ? 'no_stream' : expected);
        expected = result.nextRevision;
    }, { iterations: 5000, warmup: 50, maxMs: BUDGET_MS });
}
async function batchedAppends(store) {
    let expected = -1n;
    return (0, harness_1.measure)(async (i) => {
        const events = Array.from({ length: 100 }, (_, j) => benchEvent(`batch-${i}-${j}`, j));
        const result = await store.append('bench-batched', events, expected < 0n ? 'no_stream' : expected);
        expected = result.nextRevision;
    }, { iterations: 1000, warmup: 5, unitsPerIteration: 100, maxMs: BUDGET_MS });
}
async function fillLog(store, atLeast) {
    for (let batch = 0; Number((await store.headPosition()).commit) < atLeast; batch++) {
        const events = Array.from({ length: PAGE }, (_, j) => benchEvent(`fill-${batch}-${j}`, j));
        await store.append(`bench-fill-${batch % 50}`, events, 'any');
    }
}
async function pagedReads(store, total) {
    return (0, harness_1.measure)(async () => {
        let after = port_1.START;
        for (;;) {
            const page = await store.readAll({ after, maxCount: PAGE });
            if (page.length < PAGE)
                return;
            after = page[page.length - 1].position;
        }
    }, { iterations: 10, warmup: 1, unitsPerIteration: total, maxMs: BUDGET_MS });
}
async function subscriptionCatchUp(store, total) {
    return (0, harness_1.measure)(async () => {
        const subscription = store.subscribeToAll({ after: port_1.START });
        let seen = 0;
        for await (const _event of subscription)
            if (++seen === total)
                break;
        await subscription.stop();
    }, { iterations: 10, warmup: 1, unitsPerIteration: total, maxMs: BUDGET_MS });
}
/** A realistic event: a small JSON payload and the full metadata envelope. */
function benchEvent(id, n) {
    return {
        id,
        type: 'ActionDraftUpdated',
        data: { tenantId: 'bench', actionId: 'act_bench', n, code: 'exports.onExecutePostLogin = async (event, api) => {};' },
        metadata: { tenantId: 'bench', actor: 'bench', correlationId: id, causationId: id },
    };
}
//# sourceMappingURL=event-store.bench.js.map