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
exports.ReadStore = exports.READ_STORE_FILE = void 0;
/**
 * The read-model store: one SQLite file (DATA_DIR/read-models.sqlite) holding every projection's tables, their
 * checkpoints and the rebuild lock. Two connections:
 * - the write connection (`db`): projections write through a ReadModelWriter inside a BEGIN IMMEDIATE transaction
 *   that also moves their checkpoint; rebuilds swap tables on it;
 * - a read-only connection for query handlers (`query`, `queryOne`), which always sees the last committed state.
 * WAL + synchronous=FULL + a busy timeout let a CLI process (rebuild, status) share the file with the running service.
 * Positions are stored as text (positionToString): they are pairs of bigints and must round-trip losslessly.
 */
const better_sqlite3_1 = __importDefault(require("better-sqlite3"));
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const port_1 = require("../event-store/port");
exports.READ_STORE_FILE = 'read-models.sqlite';
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY, version INTEGER NOT NULL, position TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'parked', 'rebuilding')),
    parked_at_position TEXT, parked_error TEXT, updated_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS projection_rebuild_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, projection TEXT NOT NULL,
    heartbeat_ms INTEGER NOT NULL, host TEXT, pid INTEGER);`;
/** Prepared statements by SQL text, least recently prepared evicted first. */
class StatementCache {
    db;
    capacity;
    statements = new Map();
    constructor(db, capacity) {
        this.db = db;
        this.capacity = capacity;
    }
    get(sql) {
        let statement = this.statements.get(sql);
        if (statement)
            return statement;
        statement = this.db.prepare(sql);
        if (this.statements.size >= this.capacity)
            this.statements.delete(this.statements.keys().next().value);
        this.statements.set(sql, statement);
        return statement;
    }
    clear() {
        this.statements.clear();
    }
}
class ReadStore {
    file;
    /** The write connection. Query handlers use `query`/`queryOne` instead. */
    db;
    reader;
    writes;
    reads;
    constructor(file, options = {}) {
        this.file = file;
        const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        this.db = new better_sqlite3_1.default(file);
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = FULL');
        this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
        this.db.transaction(() => {
            this.db.exec(SCHEMA);
            migrateOlderLayouts(this.db);
        }).immediate();
        this.reader = new better_sqlite3_1.default(file, { readonly: true, fileMustExist: true });
        this.reader.pragma(`busy_timeout = ${busyTimeoutMs}`);
        this.writes = new StatementCache(this.db, options.statementCacheSize ?? 500);
        this.reads = new StatementCache(this.reader, options.statementCacheSize ?? 500);
    }
    static inDataDir(dataDir, options) {
        return new ReadStore(path.join(dataDir, exports.READ_STORE_FILE), options);
    }
    // ---- query side (read-only connection) ----
    query(sql, ...params) {
        return this.reads.get(sql).all(...params);
    }
    queryOne(sql, ...params) {
        return this.reads.get(sql).get(...params);
    }
    /** ReadModels (query handlers): same as `query`. */
    all(sql, ...params) {
        return this.query(sql, ...params);
    }
    /** ReadModels (query handlers): same as `queryOne`. */
    get(sql, ...params) {
        return this.queryOne(sql, ...params);
    }
    // ---- write side (write connection; what runs inside `transaction` sees its own changes) ----
    /** A cached statement on the write connection. */
    statement(sql) {
        return this.writes.get(sql);
    }
    /** A writer whose logical table names map through `table`. */
    writer(table) {
        return {
            table,
            run: (sql, ...params) => ({ changes: this.writes.get(sql).run(...params).changes }),
            get: (sql, ...params) => this.writes.get(sql).get(...params),
            all: (sql, ...params) => this.writes.get(sql).all(...params),
        };
    }
    /** Runs `fn` in a BEGIN IMMEDIATE transaction (the write lock is taken up front); rolls back when it throws. */
    transaction(fn) {
        return this.db.transaction(fn).immediate();
    }
    /** Runs a projection's DDL with its tables and indexes named through `table`. */
    createSchema(projection, table) {
        for (const ddl of projection.schema(table))
            this.db.exec(ddl);
    }
    tableExists(name) {
        return this.statement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    }
    /** Names of the tables matching a GLOB pattern. */
    tablesMatching(glob) {
        return this.statement("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?").all(glob)
            .map((r) => r.name);
    }
    checkpoint(name) {
        const row = this.statement('SELECT * FROM projection_checkpoints WHERE name = ?').get(name);
        return row && toCheckpoint(row);
    }
    checkpoints() {
        return this.statement('SELECT * FROM projection_checkpoints ORDER BY name').all().map(toCheckpoint);
    }
    /** Writes the whole checkpoint row (created when missing); clears any parked state. */
    saveCheckpoint(name, version, position, status = 'running') {
        this.statement(`INSERT INTO projection_checkpoints (name, version, position, status, parked_at_position, parked_error, updated_at)
       VALUES (?, ?, ?, ?, NULL, NULL, ?)
       ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = excluded.position, status = excluded.status,
         parked_at_position = NULL, parked_error = NULL, updated_at = excluded.updated_at`).run(name, version, (0, port_1.positionToString)(position), status, new Date().toISOString());
    }
    /** Moves a running projection's checkpoint (the projection's writes go in the same transaction). */
    advanceCheckpoint(name, position) {
        this.statement(`UPDATE projection_checkpoints SET position = ?, status = 'running', parked_at_position = NULL, parked_error = NULL,
         updated_at = ? WHERE name = ?`).run((0, port_1.positionToString)(position), new Date().toISOString(), name);
    }
    /** Records that a projection stopped on the event at `at` (its checkpoint stays where it is). */
    markParked(name, at, error) {
        this.statement("UPDATE projection_checkpoints SET status = 'parked', parked_at_position = ?, parked_error = ?, updated_at = ? WHERE name = ?").run((0, port_1.positionToString)(at), error, new Date().toISOString(), name);
    }
    /** Sets 'running' or 'rebuilding' (clearing any parked state) without moving the checkpoint. */
    markStatus(name, status) {
        this.statement('UPDATE projection_checkpoints SET status = ?, parked_at_position = NULL, parked_error = NULL, updated_at = ? WHERE name = ?').run(status, new Date().toISOString(), name);
    }
    /** Creates the checkpoint row of a new projection at the start of the log. */
    ensureCheckpoint(name, version) {
        const existing = this.checkpoint(name);
        if (existing)
            return existing;
        this.saveCheckpoint(name, version, port_1.START);
        return this.checkpoint(name);
    }
    close() {
        this.writes.clear();
        this.reads.clear();
        if (this.reader.open)
            this.reader.close();
        if (this.db.open)
            this.db.close();
    }
}
exports.ReadStore = ReadStore;
function toCheckpoint(row) {
    return {
        name: row.name,
        version: row.version,
        position: (0, port_1.positionFromString)(row.position),
        status: row.status,
        ...(row.parked_at_position ? { parkedAt: (0, port_1.positionFromString)(row.parked_at_position) } : {}),
        ...(row.parked_error !== null ? { parkedError: row.parked_error } : {}),
        updatedAt: row.updated_at,
    };
}
/** Files written by the first release: `parked_at` became `parked_at_position`; the lock gained host and pid. */
function migrateOlderLayouts(db) {
    const columns = (table) => new Set(db.pragma(`table_info(${table})`).map((c) => c.name));
    if (columns('projection_checkpoints').has('parked_at')) {
        db.exec('ALTER TABLE projection_checkpoints RENAME COLUMN parked_at TO parked_at_position');
    }
    const lock = columns('projection_rebuild_lock');
    if (!lock.has('host'))
        db.exec('ALTER TABLE projection_rebuild_lock ADD COLUMN host TEXT');
    if (!lock.has('pid'))
        db.exec('ALTER TABLE projection_rebuild_lock ADD COLUMN pid INTEGER');
}
//# sourceMappingURL=read-store.js.map