/**
 * The read-model store: one SQLite file (DATA_DIR/read-models.sqlite) holding every projection's tables, their
 * checkpoints and the rebuild lock. Two connections:
 * - the write connection (`db`): projections write through a ReadModelWriter inside a BEGIN IMMEDIATE transaction
 *   that also moves their checkpoint; rebuilds swap tables on it;
 * - a read-only connection for query handlers (`query`, `queryOne`), which always sees the last committed state.
 * WAL + synchronous=FULL + a busy timeout let a CLI process (rebuild, status) share the file with the running service.
 * Positions are stored as text (positionToString): they are pairs of bigints and must round-trip losslessly.
 */
import Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Position, positionFromString, positionToString, START } from '../event-store/port';
import type { ReadModels } from '../shared/read-models';
import type { Projection, ReadModelWriter, SqlValue } from './projection';

export type ProjectionState = 'running' | 'parked' | 'rebuilding';

export interface CheckpointRow {
  name: string;
  version: number;
  position: Position;
  status: ProjectionState;
  /** Position of the event the projection is parked on (status 'parked'). */
  parkedAt?: Position;
  parkedError?: string;
  updatedAt: string;
}

export interface ReadStoreOptions {
  /** How long a statement waits for another connection's write lock (ms, default 10 000). */
  busyTimeoutMs?: number;
  /** Prepared statements kept per connection (default 500; rebuilds produce new table names, so it is bounded). */
  statementCacheSize?: number;
}

export const READ_STORE_FILE = 'read-models.sqlite';

interface CheckpointRecord {
  name: string;
  version: number;
  position: string;
  status: ProjectionState;
  parked_at_position: string | null;
  parked_error: string | null;
  updated_at: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY, version INTEGER NOT NULL, position TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'parked', 'rebuilding')),
    parked_at_position TEXT, parked_error TEXT, updated_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS projection_rebuild_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, projection TEXT NOT NULL,
    heartbeat_ms INTEGER NOT NULL, host TEXT, pid INTEGER);`;

/** Prepared statements by SQL text, least recently prepared evicted first (a lookup does not count as use). */
class StatementCache {
  private readonly statements: LRUCache<string, Database.Statement>;
  constructor(
    private readonly db: Database.Database,
    capacity: number,
  ) {
    this.statements = new LRUCache({ max: capacity });
  }

  get(sql: string): Database.Statement {
    let statement = this.statements.peek(sql);
    if (statement) return statement;
    statement = this.db.prepare(sql);
    this.statements.set(sql, statement);
    return statement;
  }

  clear(): void {
    this.statements.clear();
  }
}

export class ReadStore implements ReadModels {
  /** The write connection. Query handlers use `query`/`queryOne` instead. */
  readonly db: Database.Database;
  private readonly reader: Database.Database;
  private readonly writes: StatementCache;
  private readonly reads: StatementCache;

  constructor(
    readonly file: string,
    options: ReadStoreOptions = {},
  ) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    this.db
      .transaction(() => {
        this.db.exec(SCHEMA);
        migrateOlderLayouts(this.db);
      })
      .immediate();
    this.reader = new Database(file, { readonly: true, fileMustExist: true });
    this.reader.pragma(`busy_timeout = ${busyTimeoutMs}`);
    this.writes = new StatementCache(this.db, options.statementCacheSize ?? 500);
    this.reads = new StatementCache(this.reader, options.statementCacheSize ?? 500);
  }

  static inDataDir(dataDir: string, options?: ReadStoreOptions): ReadStore {
    return new ReadStore(path.join(dataDir, READ_STORE_FILE), options);
  }

  // ---- query side (read-only connection) ----

  /** ReadModels (query handlers): every row of a read-only query. */
  all<T>(sql: string, ...params: SqlValue[]): T[] {
    return this.reads.get(sql).all(...params) as T[];
  }

  /** ReadModels (query handlers): the first row of a read-only query. */
  get<T>(sql: string, ...params: SqlValue[]): T | undefined {
    return this.reads.get(sql).get(...params) as T | undefined;
  }

  // ---- write side (write connection; what runs inside `transaction` sees its own changes) ----

  /** A cached statement on the write connection. */
  statement(sql: string): Database.Statement {
    return this.writes.get(sql);
  }

  /** A writer whose logical table names map through `table`. */
  writer(table: (logical: string) => string): ReadModelWriter {
    return {
      table,
      run: (sql, ...params) => ({ changes: this.writes.get(sql).run(...params).changes }),
      get: (sql, ...params) => this.writes.get(sql).get(...params) as never,
      all: (sql, ...params) => this.writes.get(sql).all(...params) as never,
    };
  }

  /** Runs `fn` in a BEGIN IMMEDIATE transaction (the write lock is taken up front); rolls back when it throws. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Runs a projection's DDL with its tables and indexes named through `table`. */
  createSchema(projection: Projection, table: (logical: string) => string): void {
    for (const ddl of projection.schema(table)) this.db.exec(ddl);
  }

  tableExists(name: string): boolean {
    return this.statement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  }

  /** Names of the tables matching a GLOB pattern. */
  tablesMatching(glob: string): string[] {
    return (
      this.statement("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?").all(glob) as {
        name: string;
      }[]
    ).map((r) => r.name);
  }

  checkpoint(name: string): CheckpointRow | undefined {
    const row = this.statement('SELECT * FROM projection_checkpoints WHERE name = ?').get(name) as
      CheckpointRecord | undefined;
    return row && toCheckpoint(row);
  }

  checkpoints(): CheckpointRow[] {
    return (this.statement('SELECT * FROM projection_checkpoints ORDER BY name').all() as CheckpointRecord[]).map(
      toCheckpoint,
    );
  }

  /** Writes the whole checkpoint row (created when missing); clears any parked state. */
  saveCheckpoint(name: string, version: number, position: Position, status: ProjectionState = 'running'): void {
    this.statement(
      `INSERT INTO projection_checkpoints (name, version, position, status, parked_at_position, parked_error, updated_at)
       VALUES (?, ?, ?, ?, NULL, NULL, ?)
       ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = excluded.position, status = excluded.status,
         parked_at_position = NULL, parked_error = NULL, updated_at = excluded.updated_at`,
    ).run(name, version, positionToString(position), status, new Date().toISOString());
  }

  /** Moves a running projection's checkpoint (the projection's writes go in the same transaction). */
  advanceCheckpoint(name: string, position: Position): void {
    this.statement(
      `UPDATE projection_checkpoints SET position = ?, status = 'running', parked_at_position = NULL, parked_error = NULL,
         updated_at = ? WHERE name = ?`,
    ).run(positionToString(position), new Date().toISOString(), name);
  }

  /** Records that a projection stopped on the event at `at` (its checkpoint stays where it is). */
  markParked(name: string, at: Position, error: string): void {
    this.statement(
      "UPDATE projection_checkpoints SET status = 'parked', parked_at_position = ?, parked_error = ?, updated_at = ? WHERE name = ?",
    ).run(positionToString(at), error, new Date().toISOString(), name);
  }

  /** Sets 'running' or 'rebuilding' (clearing any parked state) without moving the checkpoint. */
  markStatus(name: string, status: Exclude<ProjectionState, 'parked'>): void {
    this.statement(
      'UPDATE projection_checkpoints SET status = ?, parked_at_position = NULL, parked_error = NULL, updated_at = ? WHERE name = ?',
    ).run(status, new Date().toISOString(), name);
  }

  /** Creates the checkpoint row of a new projection at the start of the log. */
  ensureCheckpoint(name: string, version: number): CheckpointRow {
    const existing = this.checkpoint(name);
    if (existing) return existing;
    this.saveCheckpoint(name, version, START);
    return this.checkpoint(name)!;
  }

  close(): void {
    this.writes.clear();
    this.reads.clear();
    if (this.reader.open) this.reader.close();
    if (this.db.open) this.db.close();
  }
}

function toCheckpoint(row: CheckpointRecord): CheckpointRow {
  return {
    name: row.name,
    version: row.version,
    position: positionFromString(row.position),
    status: row.status,
    ...(row.parked_at_position ? { parkedAt: positionFromString(row.parked_at_position) } : {}),
    ...(row.parked_error !== null ? { parkedError: row.parked_error } : {}),
    updatedAt: row.updated_at,
  };
}

/** Files written by the first release: `parked_at` became `parked_at_position`; the lock gained host and pid. */
function migrateOlderLayouts(db: Database.Database): void {
  const columns = (table: string) =>
    new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
  if (columns('projection_checkpoints').has('parked_at')) {
    db.exec('ALTER TABLE projection_checkpoints RENAME COLUMN parked_at TO parked_at_position');
  }
  const lock = columns('projection_rebuild_lock');
  if (!lock.has('host')) db.exec('ALTER TABLE projection_rebuild_lock ADD COLUMN host TEXT');
  if (!lock.has('pid')) db.exec('ALTER TABLE projection_rebuild_lock ADD COLUMN pid INTEGER');
}
