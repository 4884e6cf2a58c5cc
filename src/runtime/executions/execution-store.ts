/**
 * Execution records, readable for the retention period (10 days by default) after their creation, then gone
 * (expired = not found). A suspended execution also keeps what /continue needs (never secrets), and each of its
 * states can be claimed once, atomically, so two concurrent /continue calls cannot both resume it.
 * This file: the port and the embedded adapter (a SQLite file under DATA_DIR, purged periodically).
 * redis-execution.store.ts: the Redis adapter (PXAT creation + retention, so Redis itself forgets records).
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExecutionRecord } from './execution-record';
import { DEFAULT_RECORD_MAX_BYTES, fitExecution } from './record-size';

export interface Continuation {
  /** sha256 of the state handed out with the redirect (the state itself is never stored). */
  stateHash: string;
  bindingId: string;
  actionIndex: number;
  /** The event as the redirecting action left it (without secrets). */
  event: Record<string, unknown>;
  /** Flow-wide facts (e.g. setPrimaryUser already called). */
  facts: string[];
}

/** What is stored: the public record plus what /continue needs. */
export interface StoredExecution {
  tenantId: string;
  record: ExecutionRecord;
  continuation?: Continuation;
}

/** A StoredExecution already serialised (JSON of the whole StoredExecution), for batched writes. */
export interface SerializedExecution {
  tenantId: string;
  id: string;
  body: string;
  expiresAt: number;
}

export interface ExecutionStore {
  /**
   * Stores at most EXECUTION_RECORD_MAX_BYTES of JSON (record-size.ts trims a larger record). `recordJson`: the
   * record as already serialised by the caller, which a store may reuse instead of serialising it again.
   */
  save(execution: StoredExecution, expiresAt: number, recordJson?: string): Promise<void>;
  /** Writes many at once (one round trip / one transaction), when the store can. */
  saveMany?(executions: readonly SerializedExecution[]): Promise<void>;
  get(tenantId: string, id: string, now: number): Promise<StoredExecution | undefined>;
  /** Marks a state of a suspended execution as used: true for the first caller, false for every later one. */
  claim(tenantId: string, id: string, stateHash: string, expiresAt: number): Promise<boolean>;
  close(): Promise<void>;
}
export const EXECUTION_STORE = Symbol('EXECUTION_STORE');

const PURGE_EVERY_MS = 10 * 60_000;

export class SqliteExecutionStore implements ExecutionStore {
  private readonly db: Database.Database;
  private readonly purger: NodeJS.Timeout;
  private readonly statements: Record<'save' | 'get' | 'claim' | 'purge' | 'purgeClaims', Database.Statement>;

  constructor(
    dataDir: string,
    private readonly recordMaxBytes = DEFAULT_RECORD_MAX_BYTES,
  ) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, 'executions.sqlite'));
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
      claim: this.db.prepare(
        'INSERT OR IGNORE INTO execution_claims (tenant_id, id, state_hash, expires_at) VALUES (?, ?, ?, ?)',
      ),
      purge: this.db.prepare('DELETE FROM executions WHERE expires_at <= ?'),
      purgeClaims: this.db.prepare('DELETE FROM execution_claims WHERE expires_at <= ?'),
    };
    this.purger = setInterval(() => this.purge(Date.now()), PURGE_EVERY_MS);
    this.purger.unref();
  }

  async save(e: StoredExecution, expiresAt: number): Promise<void> {
    this.statements.save.run(e.tenantId, e.record.id, fitExecution(e, this.recordMaxBytes), expiresAt);
  }

  async saveMany(executions: readonly SerializedExecution[]): Promise<void> {
    this.db.transaction(() => {
      for (const e of executions) this.statements.save.run(e.tenantId, e.id, e.body, e.expiresAt);
    })();
  }

  async get(tenantId: string, id: string, now: number): Promise<StoredExecution | undefined> {
    const row = this.statements.get.get(tenantId, id, now) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as StoredExecution);
  }

  async claim(tenantId: string, id: string, stateHash: string, expiresAt: number): Promise<boolean> {
    return this.statements.claim.run(tenantId, id, stateHash, expiresAt).changes === 1;
  }

  /** Deletes expired records and claims; answers how many records went. */
  purge(now: number): number {
    this.statements.purgeClaims.run(now);
    return this.statements.purge.run(now).changes;
  }

  async close(): Promise<void> {
    clearInterval(this.purger);
    if (this.db.open) this.db.close();
  }
}
