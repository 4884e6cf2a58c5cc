/**
 * Feeds the projections from the global log. Events that arrive together (a catch-up delivers thousands) form a
 * batch; each projection applies the batch and moves its checkpoint in ONE BEGIN IMMEDIATE transaction, after
 * re-reading its checkpoint inside it and skipping events at or below it (so re-delivered events change nothing and
 * a rebuild swapped in by another process is respected). Only the projection's `eventTypes` reach `apply`; the
 * checkpoint moves over every event. A handler that keeps failing on an event is retried with backoff a bounded
 * number of times, then that projection is parked at the event (persisted); the others go on. A parked projection
 * is retried after `unpark` or a restart. Nothing is printed: the optional logger gets everything worth saying.
 */
import {
  comparePositions,
  EventStore,
  Position,
  positionToString,
  RecordedEvent,
  START,
  Subscription,
} from '../event-store/port';
import { upcast } from '../event-store/upcasters';
import { Backoff, retry } from '../shared/retry';
import type { Projection } from './projection';
import { ProjectionProgress, RunnerStatus } from './projection-progress';
import { ApplierLogger, BatchApplier, BatchFeed } from './projection-batches';
import type { ReadStore } from './read-store';
import { rebuildProjection, RebuildInProgressError, RebuildOptions, RebuildResult } from './rebuild';

export interface RunnerLogger extends ApplierLogger {
  info(obj: object, msg: string): void;
}

export interface RunnerOptions {
  logger?: RunnerLogger;
  /** Tries per failing event before parking (attempts ≥ 1), with exponential backoff from backoffMs. */
  retry?: { attempts: number; backoffMs: number };
  /** Most events per transaction (default 500). */
  batchSize?: number;
  /** A rebuild lock whose heartbeat is older than this may be taken over (ms, default 30 000). */
  rebuildLockStaleMs?: number;
}

export type { ProjectionStatus, RunnerStatus } from './projection-progress';

/** `events` undefined: anything may have changed (a projection was rebuilt). */
export type BatchAppliedListener = (events?: readonly RecordedEvent[]) => void;

const silent: RunnerLogger = { info() {}, warn() {}, error() {} };
const RESUBSCRIBE_BACKOFF: Backoff = { initialDelayMs: 100, maxDelayMs: 5000 };
/** Another process's rebuild holds the lock: look again every second. */
const REBUILD_LOCK_POLL: Backoff = { initialDelayMs: 1000, maxDelayMs: 1000, factor: 1, jitter: false };

export class ProjectionRunner {
  private readonly progress: ProjectionProgress;
  private readonly logger: RunnerLogger;
  private readonly batchSize: number;
  private readonly applier: BatchApplier;
  private readonly stopSignal = new AbortController();
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private stopping?: Promise<void>;
  private resubscribeRequested = false;
  private failure?: string;
  private readonly appliedListeners: BatchAppliedListener[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    private readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.logger = options.logger ?? silent;
    this.batchSize = options.batchSize ?? 500;
    this.progress = new ProjectionProgress(projections.map((p) => p.name));
    this.applier = new BatchApplier(
      readStore,
      this.progress,
      this.logger,
      options.retry ?? { attempts: 5, backoffMs: 100 },
      this.stopSignal.signal,
    );
  }

  /** Returns at once. In the background: create missing schemas, rebuild projections whose version changed, then
   *  follow the log from the lowest checkpoint. Calling it again does nothing. */
  start(): void {
    if (this.loop || this.stopping) return;
    this.loop = this.run().catch((error: Error) => {
      this.failure = error.message;
      this.logger.error({ err: error }, 'projection runner stopped on an error');
    });
  }

  /** Calls `listener` after each batch the projections applied (reactors that follow a read model wake on it; views
   *  kept in memory forget what the batch's events changed), and with no events after a rebuild swapped tables in.
   *  It runs after the batch committed and before anyone waiting for that position is answered. */
  onBatchApplied(listener: BatchAppliedListener): void {
    this.appliedListeners.push(listener);
  }

  /** Resolves true once every projection that is not parked has applied the log up to `position`; false on
   *  timeout or stop. Answered from memory. */
  waitForPosition(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.stopping) return Promise.resolve(this.progress.reached(position));
    return this.progress.waitFor(position, timeoutMs);
  }

  status(): RunnerStatus {
    const failure = this.failure ?? this.applier.storeFailure;
    return {
      caughtUpAtStart: this.progress.caughtUpAtStart,
      ...(failure ? { failure } : {}),
      projections: this.projections.map((p) => {
        const parking = this.progress.parking(p.name);
        return {
          name: p.name,
          version: p.version,
          checkpoint: positionToString(this.progress.checkpoint(p.name)),
          parked: !!parking,
          ...(parking ? { parkedAt: positionToString(parking.at), error: parking.error } : {}),
          lag: this.progress.lag(p.name, this.store.kind === 'sqlite'),
        };
      }),
    };
  }

  /** Resumes a parked projection from its checkpoint: the event it failed on is tried again. False if not parked. */
  unpark(name: string): boolean {
    const checkpoint = this.readStore.checkpoint(name);
    if (!checkpoint || !this.progress.unpark(name, checkpoint.position)) return false;
    this.readStore.markStatus(name, 'running');
    this.logger.info({ projection: name, checkpoint: positionToString(checkpoint.position) }, 'projection unparked');
    this.resubscribe();
    return true;
  }

  /** Rebuilds one projection from position 0 into fresh tables and swaps them in while the runner goes on. */
  async rebuild(name: string, onProgress?: RebuildOptions['onProgress']): Promise<RebuildResult> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection)
      throw new Error(`Unknown projection "${name}"; known: ${this.projections.map((p) => p.name).join(', ')}`);
    const result = await rebuildProjection(this.store, this.readStore, projection, {
      onProgress,
      signal: this.stopSignal.signal,
      lockStaleMs: this.options.rebuildLockStaleMs,
    });
    this.progress.advance(name, result.position);
    if (this.progress.parking(name)) this.unpark(name); // the rebuild got past the event it was parked on
    for (const listener of this.appliedListeners) listener();
    this.progress.settle();
    return result;
  }

  /** Stops after the current transaction has committed; idempotent. Pending waiters get false. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopSignal.abort();
      await this.subscription?.stop();
      await this.loop;
      this.progress.releaseWaiters();
    })();
    return this.stopping;
  }

  private get stopped(): boolean {
    return this.stopSignal.signal.aborted;
  }

  private async run(): Promise<void> {
    for (const projection of this.projections) {
      const rebuildFailure = await this.prepare(projection).then(
        () => undefined,
        (error: Error) => error,
      );
      if (this.stopped) return;
      const checkpoint = this.readStore.checkpoint(projection.name);
      this.progress.load(projection.name, checkpoint?.position ?? START);
      if (rebuildFailure) {
        // its tables are not fit to be fed; the other projections go on
        this.logger.error(
          { projection: projection.name, err: rebuildFailure },
          'projection parked: its rebuild at start failed',
        );
        this.applier.parkAt(
          projection,
          checkpoint?.position ?? START,
          `rebuild at start failed: ${rebuildFailure.message}`,
        );
      } else if (checkpoint?.status === 'parked') {
        this.logger.warn(
          { projection: projection.name, error: checkpoint.parkedError },
          'retrying a projection parked before the restart',
        );
        this.readStore.markStatus(projection.name, 'running');
      }
    }
    while (!this.stopped) {
      try {
        await retry(() => this.followOnce(), {
          attempts: Infinity,
          backoff: RESUBSCRIBE_BACKOFF,
          signal: this.stopSignal.signal,
          onRetry: ({ error, delayMs }) => {
            this.failure = (error as Error).message;
            this.logger.error({ err: error, retryInMs: delayMs }, 'projection feed failed; retrying');
          },
        });
      } catch (error) {
        if (this.stopped) return;
        throw error;
      }
    }
  }

  /** Follows the log until stopped or asked to resubscribe; a failure, or the subscription ending by itself, throws. */
  private async followOnce(): Promise<void> {
    this.resubscribeRequested = false;
    if (!this.progress.headAtStartKnown) {
      this.progress.recordHeadAtStart(await this.store.headPosition());
      this.progress.settle();
    }
    await this.follow(this.progress.resumePosition());
    this.failure = undefined;
    if (!this.resubscribeRequested && !this.stopped) throw new Error('the subscription to the log ended');
  }

  /** Creates a new projection's tables, or rebuilds one whose version changed or whose tables are missing.
   *  Decided inside a write transaction, so two processes starting at once do not both create the schema. */
  private async prepare(projection: Projection): Promise<void> {
    try {
      await retry(() => this.prepareOnce(projection), {
        attempts: Infinity,
        backoff: REBUILD_LOCK_POLL,
        isRetryable: (error) => error instanceof RebuildInProgressError,
        signal: this.stopSignal.signal,
        onRetry: ({ error }) =>
          this.logger.info(
            { projection: projection.name, holder: (error as RebuildInProgressError).holder.owner },
            'another rebuild holds the lock; waiting for it',
          ),
      });
    } catch (error) {
      if (!this.stopped) throw error;
    }
  }

  /** One go at it; RebuildInProgressError while another process's rebuild holds the lock. */
  private async prepareOnce(projection: Projection): Promise<void> {
    const rebuildReason = this.readStore.transaction(() => {
      const checkpoint = this.readStore.checkpoint(projection.name);
      const missing = projection.tables.filter((t) => !this.readStore.tableExists(t));
      if (!checkpoint && missing.length === projection.tables.length) {
        this.readStore.createSchema(projection, (t) => t);
        this.readStore.ensureCheckpoint(projection.name, projection.version);
        return undefined;
      }
      if (checkpoint && checkpoint.version === projection.version && missing.length === 0) return undefined;
      if (checkpoint) this.readStore.markStatus(projection.name, 'rebuilding');
      return checkpoint?.version !== projection.version
        ? `stored version ${checkpoint?.version ?? '(none)'}, code version ${projection.version}`
        : `missing tables ${missing.join(', ')}`;
    });
    if (rebuildReason === undefined) return;
    this.logger.info(
      { projection: projection.name, reason: rebuildReason },
      'rebuilding projection before following the log',
    );
    try {
      await rebuildProjection(this.store, this.readStore, projection, {
        signal: this.stopSignal.signal,
        lockStaleMs: this.options.rebuildLockStaleMs,
      });
    } catch (error) {
      if (!this.stopped) throw error;
    }
  }

  /** Reads the log after `from`, in batches of what arrives together, until stopped or asked to resubscribe. */
  private async follow(from: Position): Promise<void> {
    const subscription = this.store.subscribeToAll({ after: from });
    this.subscription = subscription;
    if (this.stopped) await subscription.stop(); // stop() ran before the subscription existed
    const feed = new BatchFeed(subscription, this.batchSize);
    try {
      for (
        let batch = await feed.next();
        batch && !this.stopped && !this.resubscribeRequested;
        batch = await feed.next()
      ) {
        await this.applyBatch(batch.map((e) => upcast(e)));
      }
    } finally {
      await subscription.stop();
    }
  }

  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    this.progress.received(events.length, events[events.length - 1].position);
    for (const projection of this.projections) {
      if (this.stopped) break;
      if (this.progress.parking(projection.name)) continue;
      if (comparePositions(events[events.length - 1].position, this.progress.checkpoint(projection.name)) <= 0)
        continue; // re-delivered
      await this.applier.apply(projection, events);
    }
    // Listeners first: a view they refresh must not be read stale by a command answered on settle().
    for (const listener of this.appliedListeners) listener(events);
    this.progress.settle();
    // A catch-up is a long run of resolved promises: let timers and HTTP requests in between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private resubscribe(): void {
    this.resubscribeRequested = true;
    void this.subscription?.stop();
  }
}
