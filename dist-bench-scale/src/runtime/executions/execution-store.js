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
exports.SqliteExecutionStore = exports.EXECUTION_STORE = void 0;
/**
 * Execution records, readable for the retention period (10 days by default) after their creation, then gone
 * (expired = not found). A suspended execution also keeps what /continue needs (never secrets), and each of its
 * states can be claimed once, atomically, so two concurrent /continue calls cannot both resume it.
 * This file: the port and the embedded adapter (a SQLite file under DATA_DIR, purged periodically).
 * redis-execution.store.ts: the Redis adapter (PXAT creation + retention, so Redis itself forgets records).
 */
const better_sqlite3_1 = __importDefault(require("better-sqlite3"));
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const record_size_1 = require("./record-size");
exports.EXECUTION_STORE = Symbol('EXECUTION_STORE');
const PURGE_EVERY_MS = 10 * 60_000;
class SqliteExecutionStore {
    recordMaxBytes;
    db;
    purger;
    statements;
    constructor(dataDir, recordMaxBytes = record_size_1.DEFAULT_RECORD_MAX_BYTES) {
        this.recordMaxBytes = recordMaxBytes;
        fs.mkdirSync(dataDir, { recursive: true });
        this.db = new better_sqlite3_1.default(path.join(dataDir, 'executions.sqlite'));
        this.db.pragma('journal_mode = WAL');
        // Records are diagnostics kept 10 days, not the source of truth: no fsync per execution (WAL stays consistent).
        this.db.pragma('synchronous = NORMAL');
        this.db.pragma('busy_timeout = 5000');
        this.db.exec(`
      CREATE TABLE IF NOT EXISTS executions (
        tenant_id TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (tenant_id, id));
      CREATE INDEX IF NOT EXISTS executions_by_expiry ON executions (expires_at);
      CREATE TABLE IF NOT EXISTS execution_claims (
        tenant_id TEXT NOT NULL, id TEXT NOT NULL, state_hash TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (tenant_id, id, state_hash));`);
        this.statements = {
            save: this.db.prepare('INSERT OR REPLACE INTO executions (tenant_id, id, body, expires_at) VALUES (?, ?, ?, ?)'),
            get: this.db.prepare('SELECT body FROM executions WHERE tenant_id = ? AND id = ? AND expires_at > ?'),
            claim: this.db.prepare('INSERT OR IGNORE INTO execution_claims (tenant_id, id, state_hash, expires_at) VALUES (?, ?, ?, ?)'),
            purge: this.db.prepare('DELETE FROM executions WHERE expires_at <= ?'),
            purgeClaims: this.db.prepare('DELETE FROM execution_claims WHERE expires_at <= ?'),
        };
        this.purger = setInterval(() => this.purge(Date.now()), PURGE_EVERY_MS);
        this.purger.unref();
    }
    async save(e, expiresAt) {
        this.statements.save.run(e.tenantId, e.record.id, (0, record_size_1.fitExecution)(e, this.recordMaxBytes), expiresAt);
    }
    async saveMany(executions) {
        this.db.transaction(() => {
            for (const e of executions)
                this.statements.save.run(e.tenantId, e.id, e.body, e.expiresAt);
        })();
    }
    async get(tenantId, id, now) {
        const row = this.statements.get.get(tenantId, id, now);
        return row && JSON.parse(row.body);
    }
    async claim(tenantId, id, stateHash, expiresAt) {
        return this.statements.claim.run(tenantId, id, stateHash, expiresAt).changes === 1;
    }
    /** Deletes expired records and claims; answers how many records went. */
    purge(now) {
        this.statements.purgeClaims.run(now);
        return this.statements.purge.run(now).changes;
    }
    async close() {
        clearInterval(this.purger);
        if (this.db.open)
            this.db.close();
    }
}
exports.SqliteExecutionStore = SqliteExecutionStore;
//# sourceMappingURL=execution-store.js.map