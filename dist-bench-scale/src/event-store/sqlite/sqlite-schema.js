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
exports.MAX_SQLITE_INTEGER = exports.SCHEMA_VERSION = void 0;
exports.openEventDatabase = openEventDatabase;
exports.prepareEventStatements = prepareEventStatements;
exports.positionOf = positionOf;
exports.toRecordedEvent = toRecordedEvent;
exports.isTransientSqliteError = isTransientSqliteError;
exports.isUnavailabilitySqliteError = isUnavailabilitySqliteError;
/**
 * The embedded store's file: how it is opened (WAL, synchronous=FULL, busy timeout), its one table, the prepared
 * statements the store runs, how a row becomes a RecordedEvent, and which SQLite failures are worth retrying.
 */
const better_sqlite3_1 = __importDefault(require("better-sqlite3"));
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
/** Bumped when the table layout changes; a file written by a newer layout is refused rather than misread. */
exports.SCHEMA_VERSION = 1;
/** SQLite's largest integer: "no upper bound" for revision and position ranges. */
exports.MAX_SQLITE_INTEGER = 9223372036854775807n;
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (stream, revision)
  );`;
/** Opens (creating if needed) the event file with the durability and sharing settings every connection needs. */
function openEventDatabase(file, busyTimeoutMs) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new better_sqlite3_1.default(file, { timeout: busyTimeoutMs });
    try {
        db.pragma('journal_mode = WAL'); // readers never block the writer, and the writer never blocks readers
        db.pragma('synchronous = FULL'); // every commit is fsync'd before append() resolves
        db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`); // wait for another process's write lock
        db.defaultSafeIntegers(true);
        const version = Number(db.pragma('user_version', { simple: true }));
        if (version > exports.SCHEMA_VERSION) {
            throw new Error(`${file} uses event table layout ${version}; this build understands up to ${exports.SCHEMA_VERSION}`);
        }
        db.transaction(() => {
            db.exec(SCHEMA);
            db.pragma(`user_version = ${exports.SCHEMA_VERSION}`);
        }).immediate();
        return db;
    }
    catch (error) {
        db.close();
        throw error;
    }
}
function prepareEventStatements(db) {
    const lastRevision = db.prepare('SELECT MAX(revision) AS r FROM events WHERE stream = ?');
    const byId = db.prepare('SELECT seq, stream, revision FROM events WHERE id = ?');
    const head = db.prepare('SELECT MAX(seq) AS s FROM events');
    return {
        insert: db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
        streamForwards: db.prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?'),
        streamBackwards: db.prepare('SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
        allForwards: db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq ASC LIMIT ?'),
        allBackwards: db.prepare('SELECT * FROM events WHERE seq < ? ORDER BY seq DESC LIMIT ?'),
        /** The stream's last revision, or undefined when it has no events. */
        lastRevisionOf: (stream) => lastRevision.get(stream)?.r ?? undefined,
        storedRef: (eventId) => byId.get(eventId),
        /** The highest global sequence, or undefined when the log is empty. */
        headSequence: () => head.get()?.s ?? undefined,
        ping: db.prepare('SELECT 1'),
    };
}
function positionOf(seq) {
    return { commit: seq, prepare: seq };
}
function toRecordedEvent(row) {
    return {
        id: row.id,
        type: row.type,
        data: JSON.parse(row.data),
        metadata: JSON.parse(row.metadata),
        stream: row.stream,
        revision: row.revision,
        position: positionOf(row.seq),
        createdAt: row.created_at,
    };
}
/** Lock contention or a WAL race: the same read or write succeeds a moment later. */
function isTransientSqliteError(error) {
    const code = sqliteErrorCode(error);
    return code !== undefined && /^SQLITE_(BUSY|LOCKED|PROTOCOL)/.test(code);
}
/** The file cannot be used right now (locked past the busy timeout, disk full, I/O failure, read-only). */
function isUnavailabilitySqliteError(error) {
    const code = sqliteErrorCode(error);
    return code !== undefined && /^SQLITE_(BUSY|LOCKED|PROTOCOL|FULL|IOERR|CANTOPEN|READONLY)/.test(code);
}
/**
 * By its code, not `instanceof`: the native addon keeps ONE error constructor per process, so where the JS side is
 * loaded more than once (Jest's per-file module registries) a SqliteError need not be an instance of this copy's.
 */
function sqliteErrorCode(error) {
    const code = error?.code;
    return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}
//# sourceMappingURL=sqlite-schema.js.map