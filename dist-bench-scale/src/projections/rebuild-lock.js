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
exports.RebuildLock = exports.RebuildLockLostError = exports.RebuildInProgressError = exports.DEFAULT_LOCK_STALE_MS = void 0;
exports.newLockOwner = newLockOwner;
exports.rebuildLockHolder = rebuildLockHolder;
/**
 * At most one rebuild at a time per read store, across processes: a single lock row in the read store naming its
 * owner (host, pid, a unique id) with a heartbeat the rebuild refreshes after every page. A lock is stale, and may be
 * taken over, when its heartbeat is older than `staleMs` or when its owner was a process on this host that no longer
 * exists (a SIGKILLed CLI does not block the next rebuild). A rebuild whose lock was taken over notices at its next
 * heartbeat or at its swap, and gives up instead of swapping.
 */
const node_crypto_1 = require("node:crypto");
const os = __importStar(require("node:os"));
exports.DEFAULT_LOCK_STALE_MS = 30_000;
class RebuildInProgressError extends Error {
    holder;
    name = 'RebuildInProgressError';
    constructor(holder) {
        super(`A rebuild of "${holder.projection}" is already running (${holder.owner}, last heartbeat ${holder.heartbeatAt.toISOString()}); try again when it has finished.`);
        this.holder = holder;
    }
}
exports.RebuildInProgressError = RebuildInProgressError;
class RebuildLockLostError extends Error {
    name = 'RebuildLockLostError';
    constructor(owner) {
        super(`The rebuild lock held by ${owner} was taken over (its heartbeat went stale); this rebuild stops without swapping.`);
    }
}
exports.RebuildLockLostError = RebuildLockLostError;
/** A fresh owner name: unique per rebuild, so two rebuilds in one process exclude each other too. */
function newLockOwner(prefix = 'rebuild') {
    return `${prefix}@${os.hostname()}:${process.pid}:${(0, node_crypto_1.randomUUID)()}`;
}
/** Who holds the rebuild lock of this read store, if anyone (stale or not). */
function rebuildLockHolder(readStore) {
    const row = readStore.statement('SELECT * FROM projection_rebuild_lock WHERE id = 1').get();
    return row && { owner: row.owner, projection: row.projection, host: row.host, pid: row.pid, heartbeatAt: new Date(row.heartbeat_ms) };
}
class RebuildLock {
    readStore;
    owner;
    constructor(readStore, owner) {
        this.readStore = readStore;
        this.owner = owner;
    }
    /** Takes the lock, or throws RebuildInProgressError while another live rebuild holds it. */
    static acquire(readStore, projection, options) {
        const staleMs = options.staleMs ?? exports.DEFAULT_LOCK_STALE_MS;
        readStore.transaction(() => {
            const holder = rebuildLockHolder(readStore);
            if (holder && holder.owner !== options.owner && !isStale(holder, staleMs))
                throw new RebuildInProgressError(holder);
            readStore.statement('INSERT OR REPLACE INTO projection_rebuild_lock (id, owner, projection, heartbeat_ms, host, pid) VALUES (1, ?, ?, ?, ?, ?)').run(options.owner, projection, Date.now(), os.hostname(), process.pid);
        });
        return new RebuildLock(readStore, options.owner);
    }
    /** Refreshes the heartbeat; throws RebuildLockLostError when the lock is no longer ours. Call it in a transaction
     *  with the work it vouches for, so work done after losing the lock is rolled back. */
    heartbeat() {
        const { changes } = this.readStore.statement('UPDATE projection_rebuild_lock SET heartbeat_ms = ? WHERE id = 1 AND owner = ?')
            .run(Date.now(), this.owner);
        if (changes === 0)
            throw new RebuildLockLostError(this.owner);
    }
    release() {
        this.readStore.statement('DELETE FROM projection_rebuild_lock WHERE id = 1 AND owner = ?').run(this.owner);
    }
}
exports.RebuildLock = RebuildLock;
function isStale(holder, staleMs) {
    if (Date.now() - holder.heartbeatAt.getTime() >= staleMs)
        return true;
    return holder.host === os.hostname() && holder.pid !== null && !processExists(holder.pid);
}
function processExists(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM'; // exists, owned by someone else
    }
}
//# sourceMappingURL=rebuild-lock.js.map