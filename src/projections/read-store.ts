/**
 * The read-model store: one SQLite file (DATA_DIR/read-models.sqlite) holding every projection's tables and their
 * checkpoints. Projections write through a ReadModelWriter inside a transaction that also moves their checkpoint;
 * query handlers read through `all`/`get`. WAL + busy timeout let a CLI process (rebuild, status) share the file
 * with the running service.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Position, positionFromString, positionToString, START } from '../event-store/port';
import type { ReadModels } from '../shared/read-models';
import type { ReadModelWriter, SqlValue } from './projection';

export type ProjectionState = 'running' | 'parked' | 'rebuilding';

export interface CheckpointRow {
  name: string;
  version: number;
  position: Position;
  status: ProjectionState;
  parkedError?: string;
  parkedAt?: Position;
  updatedAt: string;
}

export const READ_STORE_FILE = 'read-models.sqlite';

export class ReadStore implements ReadModels {
  readonly db: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS projection_checkpoints (
        name TEXT PRIMARY KEY, version INTEGER NOT NULL, position TEXT NOT NULL, status TEXT NOT NULL,
        parked_at TEXT, parked_error TEXT, updated_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS projection_rebuild_lock (
        id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, projection TEXT NOT NULL, heartbeat_ms INTEGER NOT NULL);`);
  }

  static inDataDir(dataDir: string): ReadStore {
    return new ReadStore(path.join(dataDir, READ_STORE_FILE));
  }

  statement(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  all<T>(sql: string, ...params: SqlValue[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  get<T>(sql: string, ...params: SqlValue[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  tableExists(name: string): boolean {
    return this.get('SELECT 1 AS x FROM sqlite_master WHERE type = ? AND name = ?', 'table', name) !== undefined;
  }

  /** A writer whose logical table names map through `table`. */
  writer(table: (logical: string) => string): ReadModelWriter {
    return {
      table,
      run: (sql, ...params) => ({ changes: this.statement(sql).run(...params).changes }),
      get: (sql, ...params) => this.statement(sql).get(...params) as never,
      all: (sql, ...params) => this.statement(sql).all(...params) as never,
    };
  }

  /** Runs `fn` in a BEGIN IMMEDIATE transaction (the write lock is taken up front). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  checkpoint(name: string): CheckpointRow | undefined {
    const row = this.get<{ name: string; version: number; position: string; status: ProjectionState; parked_at: string | null; parked_error: string | null; updated_at: string }>(
      'SELECT * FROM projection_checkpoints WHERE name = ?', name,
    );
    if (!row) return undefined;
    return {
      name: row.name, version: row.version, position: positionFromString(row.position), status: row.status,
      parkedAt: row.parked_at ? positionFromString(row.parked_at) : undefined, parkedError: row.parked_error ?? undefined, updatedAt: row.updated_at,
    };
  }

  checkpoints(): CheckpointRow[] {
    return this.all<{ name: string }>('SELECT name FROM projection_checkpoints ORDER BY name').map((r) => this.checkpoint(r.name)!);
  }

  saveCheckpoint(name: string, version: number, position: Position, status: ProjectionState = 'running', parked?: { at: Position; error: string }): void {
    this.statement(
      `INSERT INTO projection_checkpoints (name, version, position, status, parked_at, parked_error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = excluded.position, status = excluded.status,
         parked_at = excluded.parked_at, parked_error = excluded.parked_error, updated_at = excluded.updated_at`,
    ).run(name, version, positionToString(position), status, parked ? positionToString(parked.at) : null, parked?.error ?? null, new Date().toISOString());
  }

  /** Creates the checkpoint row of a new projection at the start of the log. */
  ensureCheckpoint(name: string, version: number): CheckpointRow {
    const existing = this.checkpoint(name);
    if (existing) return existing;
    this.saveCheckpoint(name, version, START);
    return this.checkpoint(name)!;
  }

  close(): void {
    this.cache.clear();
    if (this.db.open) this.db.close();
  }
}
