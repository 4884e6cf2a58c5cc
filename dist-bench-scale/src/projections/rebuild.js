"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RebuildLockLostError = exports.RebuildInProgressError = void 0;
exports.rebuildProjection = rebuildProjection;
/**
 * Rebuilds one projection from position 0 into fresh tables, then swaps them in atomically while the service runs.
 * The same function serves the running service (ProjectionRunner.rebuild, a version bump at start) and a separate
 * process on the same files (the CLI):
 * 1. take the rebuild lock (one rebuild at a time per read store, across processes; see rebuild-lock.ts) and drop
 *    the fresh tables a killed rebuild may have left behind;
 * 2. create fresh tables, named `<logical>__rb<random>` by the projection's own `schema(t)`, and replay the global
 *    log into them page by page, one transaction per page (with the lock's heartbeat);
 * 3. swap, in one BEGIN IMMEDIATE transaction: re-read the live checkpoint; if the live projection has gone past what
 *    the rebuild has applied, leave the transaction, catch up further and try again (reading the log is async and
 *    must not happen while holding SQLite's write lock: an in-process runner would block the event loop on it);
 *    otherwise drop the old tables, rename the fresh ones to the logical names, and set the checkpoint to the
 *    rebuild's position. SQLite DDL is transactional: readers see either the old tables or the new ones.
 * The live runner re-reads its checkpoint inside each of its transactions, so after the swap it skips what the
 * rebuild applied and goes on from there.
 */
const node_crypto_1 = require("node:crypto");
const port_1 = require("../event-store/port");
const upcasters_1 = require("../event-store/upcasters");
const rebuild_lock_1 = require("./rebuild-lock");
var rebuild_lock_2 = require("./rebuild-lock");
Object.defineProperty(exports, "RebuildInProgressError", { enumerable: true, get: function () { return rebuild_lock_2.RebuildInProgressError; } });
Object.defineProperty(exports, "RebuildLockLostError", { enumerable: true, get: function () { return rebuild_lock_2.RebuildLockLostError; } });
const DEFAULT_PAGE_SIZE = 1000;
async function rebuildProjection(store, readStore, projection, options = {}) {
    options.signal?.throwIfAborted();
    const lock = rebuild_lock_1.RebuildLock.acquire(readStore, projection.name, { owner: options.owner ?? (0, rebuild_lock_1.newLockOwner)(), staleMs: options.lockStaleMs });
    try {
        dropLeftoversOfKilledRebuilds(readStore, projection);
        const suffix = `__rb${(0, node_crypto_1.randomBytes)(4).toString('hex')}`;
        const fresh = (logical) => `${logical}${suffix}`;
        readStore.transaction(() => readStore.createSchema(projection, fresh));
        try {
            const replay = new Replay(store, readStore, projection, fresh, lock, options);
            for (;;) {
                await replay.catchUpToHead();
                options.onProgress?.(replay.events, replay.position, 'swap');
                if (swapIfCaughtUp(readStore, projection, fresh, lock, replay.position))
                    return { events: replay.events, position: replay.position };
            }
        }
        catch (error) {
            for (const table of projection.tables)
                readStore.db.exec(`DROP TABLE IF EXISTS "${fresh(table)}"`);
            throw error;
        }
    }
    finally {
        lock.release();
    }
}
/** Folds the global log into the fresh tables, page by page, remembering how far it got. */
class Replay {
    store;
    readStore;
    projection;
    fresh;
    lock;
    options;
    position = port_1.START;
    events = 0;
    handled;
    pageSize;
    constructor(store, readStore, projection, fresh, lock, options) {
        this.store = store;
        this.readStore = readStore;
        this.projection = projection;
        this.fresh = fresh;
        this.lock = lock;
        this.options = options;
        this.handled = new Set(projection.eventTypes);
        this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    }
    async catchUpToHead() {
        const writer = this.readStore.writer(this.fresh);
        for (;;) {
            this.options.signal?.throwIfAborted();
            const page = await this.store.readAll({ after: this.position, maxCount: this.pageSize });
            if (page.length === 0)
                return;
            this.readStore.transaction(() => {
                this.lock.heartbeat();
                for (const event of page)
                    if (this.handled.has(event.type))
                        this.projection.apply(writer, (0, upcasters_1.upcast)(event));
            });
            this.position = page[page.length - 1].position;
            this.events += page.length;
            this.options.onProgress?.(this.events, this.position, 'replay');
            await new Promise((resolve) => setImmediate(resolve)); // keep a serving process responsive
            if (page.length < this.pageSize)
                return;
        }
    }
}
/** The swap transaction; false (nothing changed) when the live projection is ahead of the rebuild. */
function swapIfCaughtUp(readStore, projection, fresh, lock, position) {
    return readStore.transaction(() => {
        lock.heartbeat();
        const live = readStore.checkpoint(projection.name);
        if (live && (0, port_1.comparePositions)(position, live.position) < 0)
            return false;
        for (const table of projection.tables) {
            readStore.db.exec(`DROP TABLE IF EXISTS "${table}"`);
            readStore.db.exec(`ALTER TABLE "${fresh(table)}" RENAME TO "${table}"`);
        }
        readStore.saveCheckpoint(projection.name, projection.version, position, 'running');
        return true;
    });
}
/** Fresh tables of this projection that no rebuild owns any more (we hold the lock): a killed rebuild left them. */
function dropLeftoversOfKilledRebuilds(readStore, projection) {
    const hex8 = '[0-9a-f]'.repeat(8);
    readStore.transaction(() => {
        for (const table of projection.tables) {
            for (const leftover of readStore.tablesMatching(`${table}__rb${hex8}`))
                readStore.db.exec(`DROP TABLE "${leftover}"`);
        }
    });
}
//# sourceMappingURL=rebuild.js.map