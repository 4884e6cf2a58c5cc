/**
 * The two halves of the runner's inner loop:
 * - BatchFeed groups the events a subscription delivers together (a catch-up page, a burst of appends) into one
 *   batch, so a catch-up of thousands of events commits per batch, not per event;
 * - BatchApplier applies a batch to one projection in one transaction together with its checkpoint, and handles
 *   failures: a handler error commits what precedes the failing event, retries that event alone with backoff and
 *   parks the projection when the tries run out; a storage error (lock timeout, I/O) is retried without parking.
 *   Both go through shared/retry.ts.
 */
import { comparePositions, Position, positionToString, RecordedEvent } from '../event-store/port';
import { retry } from '../shared/retry';
import type { Projection } from './projection';
import type { ProjectionProgress } from './projection-progress';
import type { ReadStore } from './read-store';

const NEXT_TURN = Symbol('next turn');
const MAX_STORE_RETRY_DELAY_MS = 5000;
const MAX_HANDLER_RETRY_DELAY_MS = 30_000;

export class BatchFeed {
  private readonly iterator: AsyncIterator<RecordedEvent>;
  private pending?: Promise<IteratorResult<RecordedEvent>>;
  private ended = false;

  constructor(
    source: AsyncIterable<RecordedEvent>,
    private readonly maxSize: number,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Waits for an event, then takes every event that is ready before the event loop turns (at most maxSize).
   *  Undefined once the source has ended. */
  async next(): Promise<RecordedEvent[] | undefined> {
    const batch: RecordedEvent[] = [];
    let turn: Promise<typeof NEXT_TURN> | undefined;
    while (!this.ended && batch.length < this.maxSize) {
      if (!this.pending) {
        this.pending = this.iterator.next();
        this.pending.catch(() => undefined); // observed below, or by the next call
      }
      const result = turn ? await Promise.race([this.pending, turn]) : await this.pending;
      if (result === NEXT_TURN) break;
      this.pending = undefined;
      if (result.done) this.ended = true;
      else batch.push(result.value);
      turn ??= new Promise((resolve) => setImmediate(() => resolve(NEXT_TURN)));
    }
    return batch.length > 0 ? batch : undefined;
  }
}

type Outcome =
  | { kind: 'committed' }
  | { kind: 'handler-failed'; index: number; error: Error }
  | { kind: 'version-changed'; error: Error }
  | { kind: 'store-failed'; error: Error };
type StoredOutcome = Exclude<Outcome, { kind: 'store-failed' }>;

class StoreFailure extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

class HandlerFailure extends Error {
  constructor(
    readonly index: number,
    override readonly cause: Error,
  ) {
    super(cause.message);
  }
}

class CheckpointMismatch extends Error {}

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export interface ApplierLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export class BatchApplier {
  /** The last read-store write failure, until a commit succeeds again. */
  storeFailure?: string;
  private readonly handled = new Map<Projection, ReadonlySet<string>>();

  constructor(
    private readonly readStore: ReadStore,
    private readonly progress: ProjectionProgress,
    private readonly logger: ApplierLogger,
    private readonly retry: RetryPolicy,
    private readonly stopSignal: AbortSignal,
  ) {}

  /** Applies `events` (in log order) to `projection`; returns when done, parked, or stopped. */
  async apply(projection: Projection, events: readonly RecordedEvent[]): Promise<void> {
    let rest = events;
    let end = rest.length; // commit rest[0, end) next
    let failing: { event: RecordedEvent; error: Error } | undefined;
    while (rest.length > 0 && !this.stopSignal.aborted) {
      if (failing && rest[0] === failing.event) {
        if (!(await this.retryAlone(projection, failing.event, failing.error, rest.length))) return;
        rest = rest.slice(1);
        end = rest.length;
        failing = undefined;
        continue;
      }
      const outcome = await this.commitThroughStoreFailures(projection, rest.slice(0, end));
      if (!outcome) return; // stopped while the read store was failing
      switch (outcome.kind) {
        case 'committed':
          rest = rest.slice(end);
          end = rest.length;
          break;
        case 'handler-failed': // commit what precedes the failing event first (nothing when it is the first)
          failing = { event: rest[outcome.index], error: outcome.error };
          end = outcome.index;
          break;
        case 'version-changed':
          this.park(projection, rest[0], outcome.error, rest.length);
          return;
      }
    }
  }

  /** The event already failed once; tries it alone until the attempts run out, then parks. True when it went in. */
  private async retryAlone(
    projection: Projection,
    event: RecordedEvent,
    firstError: Error,
    remaining: number,
  ): Promise<boolean> {
    let outcome: StoredOutcome | undefined;
    try {
      outcome = await retry(
        async (attempt) => {
          if (attempt === 1) throw new HandlerFailure(0, firstError); // try 1 was the batch's
          // a failing read store is retried inside: the handler was not the problem, so that is not a try
          const alone = await this.commitThroughStoreFailures(projection, [event]);
          if (alone?.kind === 'handler-failed') throw new HandlerFailure(0, alone.error);
          return alone;
        },
        {
          attempts: this.retry.attempts,
          backoff: { initialDelayMs: this.retry.backoffMs, maxDelayMs: MAX_HANDLER_RETRY_DELAY_MS },
          isRetryable: (error) => error instanceof HandlerFailure,
          onRetry: ({ error, attempt }) =>
            this.logger.warn(
              {
                projection: projection.name,
                eventId: event.id,
                attempt: attempt + 1,
                err: (error as HandlerFailure).cause,
              },
              'projection handler failed; retrying the event',
            ),
          signal: this.stopSignal,
        },
      );
    } catch (error) {
      if (this.stopSignal.aborted) return false;
      if (!(error instanceof HandlerFailure)) throw error;
      outcome = { kind: 'handler-failed', index: 0, error: error.cause };
    }
    if (outcome?.kind === 'committed') return true;
    if (outcome) this.park(projection, event, outcome.error, remaining);
    return false;
  }

  /**
   * Commits `events`, retrying while the read store fails (lock timeout, I/O) until it goes through; such failures
   * never park. Undefined when the runner stopped first.
   */
  private async commitThroughStoreFailures(
    projection: Projection,
    events: readonly RecordedEvent[],
  ): Promise<StoredOutcome | undefined> {
    try {
      return await retry(
        async () => {
          const outcome = this.commit(projection, events);
          if (outcome.kind === 'store-failed') throw new StoreFailure(outcome.error);
          return outcome;
        },
        {
          attempts: Infinity,
          backoff: { initialDelayMs: this.retry.backoffMs, maxDelayMs: MAX_STORE_RETRY_DELAY_MS },
          isRetryable: (error) => error instanceof StoreFailure,
          onRetry: ({ error, delayMs }) => {
            const cause = (error as StoreFailure).cause;
            this.storeFailure = `read store write failed: ${cause.message}`;
            this.logger.warn(
              { projection: projection.name, err: cause, retryInMs: delayMs },
              'read store write failed; retrying',
            );
          },
          signal: this.stopSignal,
        },
      );
    } catch (error) {
      if (this.stopSignal.aborted) return undefined;
      throw error;
    }
  }

  /** One transaction: re-read the checkpoint, apply what lies after it, move it. */
  private commit(projection: Projection, events: readonly RecordedEvent[]): Outcome {
    const handled = this.handledTypes(projection);
    const writer = this.readStore.writer((t) => t);
    try {
      const reached = this.readStore.transaction(() => {
        const checkpoint = this.readStore.checkpoint(projection.name);
        if (checkpoint?.version !== projection.version) {
          throw new CheckpointMismatch(
            checkpoint
              ? `the stored read model is version ${checkpoint.version} (rebuilt by another process?), this code is version ${projection.version}; restart with matching code`
              : 'the checkpoint row is missing; restart to rebuild the projection',
          );
        }
        let position = checkpoint.position;
        events.forEach((event, index) => {
          if (comparePositions(event.position, position) <= 0) return; // applied before (re-delivery, or a rebuild swapped in)
          if (handled.has(event.type)) {
            try {
              projection.apply(writer, event);
            } catch (error) {
              throw new HandlerFailure(index, error instanceof Error ? error : new Error(String(error)));
            }
          }
          position = event.position;
        });
        if (position !== checkpoint.position) this.readStore.advanceCheckpoint(projection.name, position);
        return position;
      });
      this.progress.advance(projection.name, reached);
      this.storeFailure = undefined;
      return { kind: 'committed' };
    } catch (error) {
      if (error instanceof HandlerFailure) return { kind: 'handler-failed', index: error.index, error: error.cause };
      if (error instanceof CheckpointMismatch) return { kind: 'version-changed', error };
      return { kind: 'store-failed', error: error as Error };
    }
  }

  private handledTypes(projection: Projection): ReadonlySet<string> {
    let types = this.handled.get(projection);
    if (!types) this.handled.set(projection, (types = new Set(projection.eventTypes)));
    return types;
  }

  private park(projection: Projection, event: RecordedEvent, error: Error, missedInBatch: number): void {
    const message = `${error.message} (event ${event.type} ${event.id} at ${positionToString(event.position)})`;
    this.parkAt(projection, event.position, message, missedInBatch);
    this.logger.error(
      { projection: projection.name, eventId: event.id, err: error },
      'projection parked after repeated failures',
    );
  }

  /** Parks `projection` in memory and, as far as the read store lets us, on disk. */
  parkAt(projection: Projection, at: Position, message: string, missedInBatch = 0): void {
    try {
      this.readStore.markParked(projection.name, at, message);
    } catch (persistError) {
      this.logger.error({ projection: projection.name, err: persistError }, 'could not persist the parked state');
    }
    this.progress.park(projection.name, { at, error: message }, missedInBatch);
  }
}
