/**
 * The embedded event store: one crash-safe SQLite file (WAL, synchronous=FULL), no server to run.
 * - Appends are atomic batches in one IMMEDIATE transaction; when append() resolves the batch is fsync'd.
 * - The global position is the row's sequence number (commit = prepare = seq). SQLite lets one writer commit at a
 *   time and every read sees a committed prefix, so positions increase strictly in commit order.
 * - Re-sending an identical append (same event ids, same expected revision) returns the original result.
 * - Several processes may share the file (replicas, the CLI): a busy timeout waits for the writer lock, and
 *   subscriptions poll the head besides waking on this process's own appends.
 */
import type Database from 'better-sqlite3';
import {
  AppendResult,
  EventStore,
  EventStoreUnavailableError,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  START,
  SubscribeOptions,
  Subscription,
} from '../port';
import { appendInTransaction, serializeEvents } from './sqlite-append';
import {
  EventStatements,
  MAX_SQLITE_INTEGER,
  isUnavailabilitySqliteError,
  openEventDatabase,
  positionOf,
  prepareEventStatements,
  toRecordedEvent,
} from './sqlite-schema';
import { ChangeSignal, SqliteSubscription, SubscriptionSource } from './sqlite-subscription';

export { EventIdConflictError } from './sqlite-append';

export interface SqliteEventStoreOptions {
  /** The event file; its directory is created when missing. */
  file: string;
  /** How often live subscriptions look for appends made by other processes (ms, default 100). */
  pollIntervalMs?: number;
  /** How long a statement waits for another connection's lock before failing (ms, default 10 000). */
  busyTimeoutMs?: number;
}

export class SqliteEventStore implements EventStore, SubscriptionSource {
  readonly kind = 'sqlite' as const;
  readonly file: string;
  readonly pollIntervalMs: number;
  /** Moves after every append committed through this instance (and on close): live subscriptions wake on it. */
  readonly localAppends = new ChangeSignal();
  private readonly db: Database.Database;
  private readonly statements: EventStatements;
  private drops = 0;
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    this.file = options.file;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.db = openEventDatabase(options.file, options.busyTimeoutMs ?? 10_000);
    this.statements = prepareEventStatements(this.db);
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    const serialized = serializeEvents(stream, events);
    const result = this.guard(() => {
      const createdAt = new Date().toISOString();
      return this.db
        .transaction(() => appendInTransaction(this.statements, stream, serialized, expected, createdAt))
        .immediate();
    });
    if (events.length > 0) this.localAppends.notify();
    return result;
  }

  async readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = validMaxCount(options.maxCount);
    const rows = this.guard(() =>
      options.direction === 'backwards'
        ? this.statements.streamBackwards.all(stream, options.fromRevision ?? MAX_SQLITE_INTEGER, maxCount)
        : this.statements.streamForwards.all(stream, options.fromRevision ?? 0n, maxCount),
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = validMaxCount(options.maxCount);
    const rows = this.guard(() =>
      options.direction === 'backwards'
        ? this.statements.allBackwards.all(options.after?.commit ?? MAX_SQLITE_INTEGER, maxCount)
        : this.statements.allForwards.all(options.after?.commit ?? START.commit, maxCount),
    );
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    return new SqliteSubscription(this, options);
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    const head = this.guard(() => this.headSequence());
    return head < 0n ? START : positionOf(head);
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.guard(() => this.statements.ping.get());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.localAppends.notify(); // live subscriptions wake, see the store closed and end
    this.db.close();
  }

  /** Test hook: every subscription of this store fails its next read and goes through its resume path. */
  simulateDrop(): void {
    this.drops++;
    this.localAppends.notify();
  }

  get dropGeneration(): number {
    return this.drops;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** One forwards page of the global log, synchronously and without error mapping (subscriptions retry themselves). */
  readPageAfter(after: Position, maxCount: number): RecordedEvent[] {
    this.assertOpen();
    return this.statements.allForwards.all(after.commit, maxCount).map(toRecordedEvent);
  }

  headSequence(): bigint {
    this.assertOpen();
    return this.statements.headSequence() ?? -1n;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError(`The event store ${this.file} is closed`);
  }

  /** Runs a statement, turning "the file is locked / full / failing" into EventStoreUnavailableError. */
  private guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (isUnavailabilitySqliteError(error)) {
        throw new EventStoreUnavailableError(
          `The event store ${this.file} is unavailable: ${(error as Error).message}`,
          error,
        );
      }
      throw error;
    }
  }
}

function validMaxCount(maxCount: number): number {
  if (!Number.isSafeInteger(maxCount) || maxCount < 0)
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  return maxCount;
}
