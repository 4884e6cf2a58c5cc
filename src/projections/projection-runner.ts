/**
 * Feeds the projections from the global log. For each batch, each projection applies the events it handles and
 * moves its checkpoint in ONE transaction, after re-reading the checkpoint inside it (so an out-of-process rebuild
 * that swapped tables in meanwhile is respected, and re-delivered events are skipped). A handler that keeps failing
 * on an event is retried a bounded number of times, then that projection is parked at the event; the others go on.
 */
import { randomUUID } from 'node:crypto';
import { comparePositions, EventStore, Position, RecordedEvent, START, Subscription } from '../event-store/port';
import { upcast } from '../event-store/upcasters';
import type { Projection } from './projection';
import type { ReadStore } from './read-store';
import { rebuildProjection } from './rebuild';

export interface RunnerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RunnerOptions {
  logger?: RunnerLogger;
  retry?: { attempts: number; backoffMs: number };
  batchSize?: number;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  checkpoint: string;
  parked: boolean;
  error?: string;
}

interface Waiter {
  position: Position;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

const silent: RunnerLogger = { info() {}, warn() {}, error() {} };

/** Each rebuild holds the lock under its own name, so two rebuilds in one process exclude each other too. */
const rebuildOwner = () => `runner-${process.pid}-${randomUUID()}`;

export class ProjectionRunner {
  private readonly progress = new Map<string, Position>();
  private readonly parked = new Map<string, string>();
  private readonly waiters = new Set<Waiter>();
  private readonly logger: RunnerLogger;
  private readonly retry: { attempts: number; backoffMs: number };
  private readonly batchSize: number;
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private stopped = false;
  private headAtStart?: Position;
  private caughtUp = false;
  private failure?: string;

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    private readonly projections: readonly Projection[],
    options: RunnerOptions = {},
  ) {
    this.logger = options.logger ?? silent;
    this.retry = options.retry ?? { attempts: 5, backoffMs: 100 };
    this.batchSize = options.batchSize ?? 500;
  }

  /** Returns at once; catching up (and rebuilding projections whose version changed) goes on in the background. */
  start(): void {
    this.loop = this.run().catch((error: Error) => {
      this.failure = error.message;
      this.logger.error({ err: error }, 'projection runner stopped on an error');
    });
  }

  private async run(): Promise<void> {
    for (const p of this.projections) {
      if (!this.readStore.tableExists(p.tables[0])) this.readStore.db.exec(p.schema((t) => t).join(';\n'));
      const cp = this.readStore.ensureCheckpoint(p.name, p.version);
      if (cp.version !== p.version) {
        this.logger.info({ projection: p.name, from: cp.version, to: p.version }, 'projection version changed: rebuilding');
        await rebuildProjection(this.store, this.readStore, p, { owner: rebuildOwner() });
      }
      const current = this.readStore.checkpoint(p.name)!;
      if (current.status === 'parked') this.logger.warn({ projection: p.name, error: current.parkedError }, 'retrying a parked projection after restart');
      this.progress.set(p.name, current.position);
    }
    this.headAtStart = await this.store.headPosition();
    this.checkCaughtUp();
    const from = [...this.progress.values()].reduce((min, p) => (comparePositions(p, min) < 0 ? p : min), this.headAtStart);
    this.subscription = this.store.subscribeToAll({ after: from });
    const iterator = this.subscription[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    let batch: RecordedEvent[] = [];
    while (!this.stopped) {
      pending ??= iterator.next();
      const next = batch.length === 0 ? await pending : await Promise.race([pending, new Promise<'flush'>((r) => setImmediate(() => r('flush')))]);
      if (next === 'flush') {
        await this.applyBatch(batch);
        batch = [];
        continue;
      }
      pending = undefined;
      if (next.done) break;
      batch.push(next.value);
      if (batch.length >= this.batchSize) {
        await this.applyBatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0 && !this.stopped) await this.applyBatch(batch);
  }

  private async applyBatch(raw: RecordedEvent[]): Promise<void> {
    const events = raw.map((e) => upcast(e));
    for (const p of this.projections) {
      if (this.parked.has(p.name)) continue;
      try {
        this.progress.set(p.name, this.applyInTransaction(p, events));
      } catch {
        await this.applyOneByOne(p, events); // find the failing event, retry it, park if it keeps failing
      }
    }
    this.checkCaughtUp();
    this.resolveWaiters();
    // A catch-up is a long run of resolved promises: let timers and HTTP requests in between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Applies `events` after the stored checkpoint and moves the checkpoint, in one transaction. */
  private applyInTransaction(p: Projection, events: RecordedEvent[]): Position {
    const handled = new Set(p.eventTypes);
    const writer = this.readStore.writer((t) => t);
    return this.readStore.transaction(() => {
      const cp = this.readStore.checkpoint(p.name)!;
      let position = cp.position;
      for (const e of events) {
        if (comparePositions(e.position, position) <= 0) continue;
        if (handled.has(e.type)) p.apply(writer, e);
        position = e.position;
      }
      if (comparePositions(position, cp.position) > 0) this.readStore.saveCheckpoint(p.name, p.version, position);
      return position;
    });
  }

  private async applyOneByOne(p: Projection, events: RecordedEvent[]): Promise<void> {
    for (const e of events) {
      for (let attempt = 1; ; attempt++) {
        try {
          this.progress.set(p.name, this.applyInTransaction(p, [e]));
          break;
        } catch (error) {
          if (attempt >= this.retry.attempts) {
            const message = `${(error as Error).message} (event ${e.type} ${e.id} at ${e.position.commit})`;
            this.readStore.saveCheckpoint(p.name, p.version, this.progress.get(p.name) ?? START, 'parked', { at: e.position, error: message });
            this.parked.set(p.name, message);
            this.logger.error({ projection: p.name, err: error, eventId: e.id }, 'projection parked after repeated failures');
            return;
          }
          await new Promise((r) => setTimeout(r, this.retry.backoffMs * 2 ** (attempt - 1)));
        }
      }
    }
  }

  /** Resolves true once every running projection has applied the log up to `position`. */
  waitForPosition(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  private reached(position: Position): boolean {
    return this.projections.every((p) => this.parked.has(p.name) || comparePositions(this.progress.get(p.name) ?? START, position) >= 0);
  }

  private resolveWaiters(): void {
    for (const w of this.waiters) {
      if (!this.reached(w.position)) continue;
      clearTimeout(w.timer);
      this.waiters.delete(w);
      w.resolve(true);
    }
  }

  private checkCaughtUp(): void {
    if (!this.caughtUp && this.headAtStart && this.reached(this.headAtStart)) this.caughtUp = true;
  }

  /** Resumes a parked projection from its checkpoint (the failing event is tried again). */
  unpark(name: string): void {
    if (!this.parked.delete(name)) return;
    const cp = this.readStore.checkpoint(name)!;
    this.readStore.saveCheckpoint(name, cp.version, cp.position);
    void this.restartSubscription();
  }

  private async restartSubscription(): Promise<void> {
    await this.stop();
    this.stopped = false;
    this.start();
  }

  status(): { caughtUpAtStart: boolean; failure?: string; projections: ProjectionStatus[] } {
    return {
      caughtUpAtStart: this.caughtUp,
      ...(this.failure ? { failure: this.failure } : {}),
      projections: this.projections.map((p) => ({
        name: p.name, version: p.version, checkpoint: String((this.progress.get(p.name) ?? START).commit),
        parked: this.parked.has(p.name), ...(this.parked.has(p.name) ? { error: this.parked.get(p.name) } : {}),
      })),
    };
  }

  /** Rebuilds one projection from position 0 into fresh tables and swaps them in while the runner goes on. */
  rebuild(name: string, onProgress?: (events: number, position: Position) => void): Promise<{ events: number }> {
    const p = this.projections.find((x) => x.name === name);
    if (!p) throw new Error(`Unknown projection "${name}"`);
    return rebuildProjection(this.store, this.readStore, p, { owner: rebuildOwner(), onProgress });
  }

  /** Stops after the current transaction; idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.loop;
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waiters.clear();
  }
}
