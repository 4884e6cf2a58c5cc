/**
 * Execution records, readable for the retention period (10 days by default) after their creation, then gone.
 * Redis: one key per execution written with PXAT created_at + retention, so Redis itself forgets it.
 * Embedded: a SQLite file under DATA_DIR with the same expiry, purged periodically.
 */
import Database from 'better-sqlite3';
import type Redis from 'ioredis';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExecutionRecord } from './execution-record';

/** What is stored: the public record plus what /continue needs (never secrets). */
export interface StoredExecution {
  tenantId: string;
  record: ExecutionRecord;
  continuation?: { stateHash: string; bindingId: string; actionIndex: number; event: Record<string, unknown> };
}

export interface ExecutionStore {
  save(execution: StoredExecution, expiresAt: number): Promise<void>;
  get(tenantId: string, id: string, now: number): Promise<StoredExecution | undefined>;
  close(): Promise<void>;
}
export const EXECUTION_STORE = Symbol('EXECUTION_STORE');

export class SqliteExecutionStore implements ExecutionStore {
  private readonly db: Database.Database;
  private readonly purger: NodeJS.Timeout;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, 'executions.sqlite'));
    this.db.pragma('journal_mode = WAL');
    // Records are diagnostics kept 10 days, not the source of truth: no fsync per execution (WAL stays consistent).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS executions (
      tenant_id TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (tenant_id, id));
      CREATE INDEX IF NOT EXISTS executions_by_expiry ON executions (expires_at);`);
    this.purger = setInterval(() => this.purge(Date.now()), 10 * 60_000);
    this.purger.unref();
  }

  async save(e: StoredExecution, expiresAt: number): Promise<void> {
    this.db.prepare('INSERT OR REPLACE INTO executions (tenant_id, id, body, expires_at) VALUES (?, ?, ?, ?)').run(e.tenantId, e.record.id, JSON.stringify(e), expiresAt);
  }

  async get(tenantId: string, id: string, now: number): Promise<StoredExecution | undefined> {
    const row = this.db.prepare('SELECT body FROM executions WHERE tenant_id = ? AND id = ? AND expires_at > ?').get(tenantId, id, now) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as StoredExecution);
  }

  purge(now: number): number {
    return this.db.prepare('DELETE FROM executions WHERE expires_at <= ?').run(now).changes;
  }

  async close(): Promise<void> {
    clearInterval(this.purger);
    if (this.db.open) this.db.close();
  }
}

export class RedisExecutionStore implements ExecutionStore {
  constructor(private readonly redis: Redis, private readonly keyPrefix: string) {}

  key(tenantId: string, id: string): string {
    return `${this.keyPrefix}execution:{${tenantId}}:${id}`;
  }

  async save(e: StoredExecution, expiresAt: number): Promise<void> {
    await this.redis.set(this.key(e.tenantId, e.record.id), JSON.stringify(e), 'PXAT', expiresAt);
  }

  async get(tenantId: string, id: string): Promise<StoredExecution | undefined> {
    const raw = await this.redis.get(this.key(tenantId, id));
    return raw ? (JSON.parse(raw) as StoredExecution) : undefined;
  }

  async close(): Promise<void> {
    // the connection belongs to the runtime module
  }
}
