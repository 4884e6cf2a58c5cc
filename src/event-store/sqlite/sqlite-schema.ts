/**
 * The embedded store's file: how it is opened (WAL, synchronous=FULL, busy timeout), its one table, the prepared
 * statements the store runs, how a row becomes a RecordedEvent, and which SQLite failures are worth retrying.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Position, RecordedEvent } from '../port';

/** Bumped when the table layout changes; a file written by a newer layout is refused rather than misread. */
export const SCHEMA_VERSION = 1;

/** SQLite's largest integer: "no upper bound" for revision and position ranges. */
export const MAX_SQLITE_INTEGER = 9_223_372_036_854_775_807n;

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

export interface EventRow {
  seq: bigint;
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  created_at: string;
}

/** Where an event id already lives (idempotency checks). */
export interface StoredEventRef {
  seq: bigint;
  stream: string;
  revision: bigint;
}

/** Opens (creating if needed) the event file with the durability and sharing settings every connection needs. */
export function openEventDatabase(file: string, busyTimeoutMs: number): Database.Database {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL'); // readers never block the writer, and the writer never blocks readers
    db.pragma('synchronous = FULL'); // every commit is fsync'd before append() resolves
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`); // wait for another process's write lock
    db.defaultSafeIntegers(true);
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(`${file} uses event table layout ${version}; this build understands up to ${SCHEMA_VERSION}`);
    }
    db.transaction(() => {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export type EventStatements = ReturnType<typeof prepareEventStatements>;

export function prepareEventStatements(db: Database.Database) {
  const lastRevision = db.prepare<[string], { r: bigint | null }>(
    'SELECT MAX(revision) AS r FROM events WHERE stream = ?',
  );
  const byId = db.prepare<[string], StoredEventRef>('SELECT seq, stream, revision FROM events WHERE id = ?');
  const head = db.prepare<[], { s: bigint | null }>('SELECT MAX(seq) AS s FROM events');
  return {
    insert: db.prepare<[string, string, bigint, string, string, string, string]>(
      'INSERT INTO events (id, stream, revision, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    streamForwards: db.prepare<[string, bigint, number], EventRow>(
      'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
    ),
    streamBackwards: db.prepare<[string, bigint, number], EventRow>(
      'SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
    ),
    allForwards: db.prepare<[bigint, number], EventRow>('SELECT * FROM events WHERE seq > ? ORDER BY seq ASC LIMIT ?'),
    allBackwards: db.prepare<[bigint, number], EventRow>(
      'SELECT * FROM events WHERE seq < ? ORDER BY seq DESC LIMIT ?',
    ),
    /** The stream's last revision, or undefined when it has no events. */
    lastRevisionOf: (stream: string): bigint | undefined => lastRevision.get(stream)?.r ?? undefined,
    storedRef: (eventId: string): StoredEventRef | undefined => byId.get(eventId),
    /** The highest global sequence, or undefined when the log is empty. */
    headSequence: (): bigint | undefined => head.get()?.s ?? undefined,
    ping: db.prepare('SELECT 1'),
  };
}

export function positionOf(seq: bigint): Position {
  return { commit: seq, prepare: seq };
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
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
export function isTransientSqliteError(error: unknown): boolean {
  const code = sqliteErrorCode(error);
  return code !== undefined && /^SQLITE_(BUSY|LOCKED|PROTOCOL)/.test(code);
}

/** The file cannot be used right now (locked past the busy timeout, disk full, I/O failure, read-only). */
export function isUnavailabilitySqliteError(error: unknown): boolean {
  const code = sqliteErrorCode(error);
  return code !== undefined && /^SQLITE_(BUSY|LOCKED|PROTOCOL|FULL|IOERR|CANTOPEN|READONLY)/.test(code);
}

/**
 * By its code, not `instanceof`: the native addon keeps ONE error constructor per process, so where the JS side is
 * loaded more than once (Jest's per-file module registries) a SqliteError need not be an instance of this copy's.
 */
function sqliteErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}
