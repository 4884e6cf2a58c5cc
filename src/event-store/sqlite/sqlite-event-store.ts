/**
 * The embedded event store: one crash-safe SQLite file (WAL, synchronous=FULL), no server to run.
 * - Appends are atomic batches in one IMMEDIATE transaction; an acknowledged append is on disk.
 * - The global position is the row's sequence number (commit = prepare = seq): strictly increasing in commit order,
 *   because SQLite serialises writers and a reader's snapshot always sees a prefix.
 * - Re-sending an identical append (same event ids, same expected revision) returns the original result.
 * - Several processes may share the file (replicas, the CLI): a busy timeout waits for the writer lock, and
 *   subscriptions poll for commits made by other processes besides waking on this process's own appends.
 */
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AppendResult, EventStore, ExpectedRevision, NewEvent, Position, ReadAllOptions, ReadStreamOptions, RecordedEvent,
  START, SubscribeOptions, Subscription, WrongExpectedRevisionError,
} from '../port';
import { SqliteSubscription } from './sqlite-subscription';

interface EventRow {
  seq: number | bigint;
  id: string;
  stream: string;
  revision: number | bigint;
  type: string;
  data: string;
  metadata: string;
  created_at: string;
}

export interface SqliteEventStoreOptions {
  file: string;
  /** How often subscriptions look for appends made by other processes (ms). */
  pollIntervalMs?: number;
}

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

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  readonly pollIntervalMs: number;
  /** Emits 'appended' after each local commit (subscriptions wake on it). */
  readonly notifier = new EventEmitter();
  private readonly db: Database.Database;
  private readonly statements;
  private dropGeneration = 0;
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.defaultSafeIntegers(true);
    this.db.exec(SCHEMA);
    this.notifier.setMaxListeners(0);
    this.statements = {
      lastRevision: this.db.prepare('SELECT MAX(revision) AS r FROM events WHERE stream = ?'),
      byId: this.db.prepare('SELECT seq, stream, revision FROM events WHERE id = ?'),
      insert: this.db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      streamForwards: this.db.prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?'),
      streamBackwards: this.db.prepare('SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
      allForwards: this.db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq ASC LIMIT ?'),
      allBackwards: this.db.prepare('SELECT * FROM events WHERE seq < ? ORDER BY seq DESC LIMIT ?'),
      head: this.db.prepare('SELECT MAX(seq) AS s FROM events'),
    };
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    const result = this.db.transaction(() => this.appendInTransaction(stream, events, expected)).immediate();
    if (events.length > 0) this.notifier.emit('appended');
    return result;
  }

  private appendInTransaction(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult {
    const lastRaw = (this.statements.lastRevision.get(stream) as { r: bigint | null }).r;
    const current: bigint | 'no_stream' = lastRaw === null ? 'no_stream' : BigInt(lastRaw);
    const retried = events.length > 0 ? this.previousIdenticalAppend(stream, events, expected) : undefined;
    if (retried) return retried;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === 'no_stream') ||
      (expected === 'stream_exists' && current !== 'no_stream') ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedRevisionError(stream, expected, current);
    if (events.length === 0) {
      return { nextRevision: current === 'no_stream' ? -1n : current, position: this.headSync() };
    }
    const createdAt = new Date().toISOString();
    let revision = current === 'no_stream' ? 0n : current + 1n;
    let seq = 0n;
    for (const e of events) {
      const info = this.statements.insert.run(e.id, stream, revision, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), createdAt);
      seq = BigInt(info.lastInsertRowid);
      revision++;
    }
    return { nextRevision: revision - 1n, position: { commit: seq, prepare: seq } };
  }

  /** An identical earlier append: every id already stored, contiguously, in this stream, right after `expected`. */
  private previousIdenticalAppend(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult | undefined {
    const found = events.map((e) => this.statements.byId.get(e.id) as { seq: bigint; stream: string; revision: bigint } | undefined);
    if (found.every((f) => f === undefined)) return undefined;
    const first = found[0];
    const contiguous = found.every((f, i) => f && f.stream === stream && f.revision === first!.revision + BigInt(i));
    const startMatches =
      first !== undefined &&
      (expected === 'any' || expected === 'stream_exists' ||
        (expected === 'no_stream' && first.revision === 0n) ||
        (typeof expected === 'bigint' && first.revision === expected + 1n));
    if (!contiguous || !startMatches) {
      throw new WrongExpectedRevisionError(stream, expected, found.find((f) => f)!.revision);
    }
    const last = found[found.length - 1]!;
    return { nextRevision: BigInt(last.revision), position: { commit: BigInt(last.seq), prepare: BigInt(last.seq) } };
  }

  async readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    const stmt = backwards ? this.statements.streamBackwards : this.statements.streamForwards;
    return (stmt.all(stream, from, options.maxCount) as EventRow[]).map(toRecorded);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readAllSync(options);
  }

  /** Synchronous page read (subscriptions use it; also cheap enough to call inline). */
  readAllSync(options: ReadAllOptions): RecordedEvent[] {
    this.assertOpen();
    if (options.direction === 'backwards') {
      const before = options.after ? options.after.commit : BigInt(Number.MAX_SAFE_INTEGER);
      return (this.statements.allBackwards.all(before, options.maxCount) as EventRow[]).map(toRecorded);
    }
    const after = options.after ? options.after.commit : START.commit;
    return (this.statements.allForwards.all(after, options.maxCount) as EventRow[]).map(toRecorded);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    return new SqliteSubscription(this, options);
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    return this.headSync();
  }

  headSync(): Position {
    const s = (this.statements.head.get() as { s: bigint | null }).s;
    return s === null ? START : { commit: BigInt(s), prepare: BigInt(s) };
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.db.prepare('SELECT 1').get();
  }

  /** Test hook: every live subscription fails its next read and goes through its resume path. */
  simulateDrop(): void {
    this.dropGeneration++;
    this.notifier.emit('appended');
  }

  get dropCount(): number {
    return this.dropGeneration;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.notifier.emit('closed');
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  const seq = BigInt(row.seq);
  return {
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    stream: row.stream,
    revision: BigInt(row.revision),
    position: { commit: seq, prepare: seq },
    createdAt: row.created_at,
  };
}
