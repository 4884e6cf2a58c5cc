/**
 * Execution records written behind the answer. `save` of a final, partial or canceled execution serialises the
 * record at once, within the record size bound (record-size.ts; a snapshot: later changes to the object do not leak in), keeps it in a pending buffer and returns;
 * the buffer is written to the real store in batches (one Redis pipeline or one SQLite transaction), one batch in
 * flight at a time, a batch starting at most every `lingerMs` (default 2 ms), so the batch grows with the load
 * instead of the number of round trips: under load a store write carried one record per execution before, each
 * with its own socket write and reply (docs/performance.md). Until written, `get` answers from the buffer, so
 * GET /executions/{id} right after the answer finds the record on this replica; another replica sees it once the
 * batch landed, a few milliseconds after the answer left.
 *
 * A suspended execution (one with a continuation) is written through, before the answer: /continue may reach another
 * replica at once. The buffer is bounded in records and in characters (`maxPending`, `maxPendingChars`: a record may
 * be megabytes): past either, `save` starts a batch if none is in flight and waits for it, so a store slower than the
 * load slows executions down instead of growing memory. `close` writes whatever is pending (graceful
 * shutdown). A batch the store refuses is reported through `onError` and dropped, as a failed synchronous save was.
 */
import type { ExecutionStore, SerializedExecution, StoredExecution } from './execution-store';
import { DEFAULT_RECORD_MAX_BYTES, fitExecution } from './record-size';

export interface WriteBehindOptions {
  /** Records kept unwritten at most (default 10 000). */
  maxPending?: number;
  /** Characters of serialised records kept unwritten at most (default 64 Mi). */
  maxPendingChars?: number;
  /** Least time between the starts of two batches (ms; default 2); 0 starts the next batch as soon as one is done. */
  lingerMs?: number;
  /** The stored record's size bound (record-size.ts), applied when the snapshot is taken, as the store would. */
  recordMaxBytes?: number;
  onError?: (error: Error) => void;
}

const DEFAULT_LINGER_MS = 2;

const keyOf = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

export class WriteBehindExecutionStore implements ExecutionStore {
  private readonly pending = new Map<string, SerializedExecution>();
  private readonly maxPending: number;
  private readonly maxPendingChars: number;
  private pendingChars = 0;
  private inFlight?: Promise<void>;
  private scheduled = false;
  private closed = false;
  private lastBatchAt = -Infinity;

  constructor(
    private readonly inner: ExecutionStore,
    private readonly options: WriteBehindOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 10_000;
    this.maxPendingChars = options.maxPendingChars ?? 64 * 1024 * 1024;
  }

  async save(execution: StoredExecution, expiresAt: number, recordJson?: string): Promise<void> {
    const key = keyOf(execution.tenantId, execution.record.id);
    if (execution.continuation || this.closed) {
      this.remove(key);
      return this.inner.save(execution, expiresAt);
    }
    while (this.pending.size >= this.maxPending || this.pendingChars >= this.maxPendingChars) {
      if (!this.inFlight) this.startBatch();
      if (!this.inFlight) break; // nothing to write: a bound of 0
      await this.inFlight;
    }
    this.remove(key);
    const body = fitExecution(execution, this.options.recordMaxBytes ?? DEFAULT_RECORD_MAX_BYTES, recordJson);
    this.pending.set(key, { tenantId: execution.tenantId, id: execution.record.id, body, expiresAt });
    this.pendingChars += body.length;
    this.schedule();
  }

  private remove(key: string, only?: SerializedExecution): void {
    const item = this.pending.get(key);
    if (!item || (only && item !== only)) return;
    this.pending.delete(key);
    this.pendingChars -= item.body.length;
  }

  async get(tenantId: string, id: string, now: number): Promise<StoredExecution | undefined> {
    const waiting = this.pending.get(keyOf(tenantId, id));
    if (waiting) return waiting.expiresAt > now ? (JSON.parse(waiting.body) as StoredExecution) : undefined;
    return this.inner.get(tenantId, id, now);
  }

  claim(tenantId: string, id: string, stateHash: string, expiresAt: number): Promise<boolean> {
    return this.inner.claim(tenantId, id, stateHash, expiresAt);
  }

  /** Records not written yet (tests, metrics). */
  pendingCount(): number {
    return this.pending.size;
  }

  /** Resolves once everything saved before the call has been written (or reported as failed). */
  async drain(): Promise<void> {
    while (this.pending.size > 0 || this.inFlight) {
      if (this.inFlight) await this.inFlight;
      else this.startBatch();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
    await this.inner.close();
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    const start = () => {
      this.scheduled = false;
      if (!this.inFlight) this.startBatch();
    };
    // After the current turn at the earliest (every execution finishing in it joins the batch, and its answer is
    // written first), and no sooner than lingerMs after the last batch started.
    const wait = this.lastBatchAt + (this.options.lingerMs ?? DEFAULT_LINGER_MS) - performance.now();
    if (wait > 0) setTimeout(start, wait).unref();
    else setImmediate(start);
  }

  private startBatch(): void {
    if (this.pending.size === 0) return;
    this.lastBatchAt = performance.now();
    const batch = [...this.pending.values()];
    const written = this.writeMany(batch)
      .catch((error: Error) => this.options.onError?.(error))
      .then(() => {
        // Only what has not been saved again meanwhile leaves the buffer.
        for (const item of batch) this.remove(keyOf(item.tenantId, item.id), item);
        this.inFlight = undefined;
        if (this.pending.size > 0) this.schedule();
      });
    this.inFlight = written;
  }

  private writeMany(batch: SerializedExecution[]): Promise<void> {
    if (this.inner.saveMany) return this.inner.saveMany(batch);
    return Promise.all(batch.map((b) => this.inner.save(JSON.parse(b.body) as StoredExecution, b.expiresAt))).then(
      () => undefined,
    );
  }
}
