/**
 * The production event store: EventStoreDB / KurrentDB through @eventstore/db-client.
 *
 * - append: the port's expected revision maps onto the client's; WrongExpectedVersionError becomes the port's
 *   WrongExpectedRevisionError with the actual revision. Event ids are the caller's UUIDs. When the outcome is
 *   unknown (the server was unreachable or did not answer in time, so the write may have landed) the IDENTICAL
 *   request is sent again: same ids, same expected revision. EventStoreDB answers a repeat of a write it already
 *   has with that write's result instead of writing twice; with an exact revision or no_stream it checks the
 *   stream itself, with any / stream_exists only a cache of recent writes (IndexWriter.CheckCommit).
 * - reads are always bounded (maxCount); a missing stream reads as []. `$all` reads hand out our events only
 *   (no `$` streams or types) and keep reading until the page is full, so a short page still means "end of log".
 * - subscribeToAll: see esdb-subscription.ts. Positions are {commit, prepare} bigints end to end.
 * - every call has a deadline and transient failures are retried with backoff: see esdb-calls.ts.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  ResolvedEvent,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  AppendResult,
  comparePositions,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  START as LOG_START,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
  satisfiesExpected,
} from '../port';
import { Backoff, retry } from '../../shared/retry';
import { isTransient, readToEnd, toPortError, withDeadline } from './esdb-calls';
import { isSystemEvent, toClientExpectedRevision, toJsonEvents, toPortPosition, toRecordedEvent } from './esdb-records';
import { EsdbSubscription } from './esdb-subscription';

export interface EsdbLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EsdbEventStoreOptions {
  /** esdb://host:2113?tls=false (or kurrentdb://, or a cluster string): see the client's connection string docs. */
  connectionString: string;
  /** How long one call may take before the adapter gives up on it (default 10 000 ms). */
  deadlineMs?: number;
  /** Tries in all for a call that fails transiently, the first included (default 5). */
  attempts?: number;
  logger?: EsdbLogger;
}

const SILENT: EsdbLogger = { info() {}, warn() {}, error() {} };
const PING_DEADLINE_MS = 2000;
const CALL_BACKOFF: Backoff = { initialDelayMs: 100, maxDelayMs: 2000 };
/** `$all` pages requested from the server: at least this many (system events are skipped client-side)... */
const MIN_ALL_PAGE = 64;
/** ...and at most this many per round trip. */
const MAX_ALL_PAGE = 4096;

export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb' as const;
  private readonly client: EventStoreDBClient;
  private readonly deadlineMs: number;
  private readonly attempts: number;
  private readonly logger: EsdbLogger;
  private readonly subscriptions = new Set<EsdbSubscription>();

  constructor(options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.deadlineMs = options.deadlineMs ?? 10_000;
    this.attempts = options.attempts ?? 5;
    this.logger = options.logger ?? SILENT;
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return this.appendNothing(stream, expected);
    const what = `append to ${stream}`;
    const payload = toJsonEvents(events);
    const expectedRevision = toClientExpectedRevision(expected);
    try {
      const result = await this.retrying(what, () =>
        withDeadline(
          this.client.appendToStream(stream, payload, { expectedRevision, deadline: this.deadlineMs }),
          this.deadlineMs,
          what,
        ),
      );
      const position = result.position
        ? toPortPosition(result.position)
        : await this.positionOf(stream, result.nextExpectedRevision);
      return { nextRevision: result.nextExpectedRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError)
        throw new WrongExpectedRevisionError(stream, expected, error.actualVersion);
      throw toPortError(error, what);
    }
  }

  async readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    if (options.maxCount <= 0) return [];
    const backwards = options.direction === 'backwards';
    const what = `read ${stream}`;
    try {
      const resolved = await this.retrying(what, () =>
        readToEnd(
          this.client.readStream(stream, {
            direction: backwards ? BACKWARDS : FORWARDS,
            fromRevision: options.fromRevision ?? (backwards ? END : START),
            maxCount: options.maxCount,
          }),
          this.deadlineMs,
          what,
        ),
      );
      return recorded(resolved).events;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error, what);
    }
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    if (options.maxCount <= 0 || (backwards && options.after && isLogStart(options.after))) return [];
    let cursor = options.after && !isLogStart(options.after) ? options.after : undefined;
    const page: RecordedEvent[] = [];
    for (;;) {
      const wanted = Math.min(MAX_ALL_PAGE, Math.max(MIN_ALL_PAGE, options.maxCount - page.length + 1));
      const { events: read, received } = await this.readAllOnce(cursor, backwards, wanted);
      const from = cursor;
      // Forwards, the server includes the event at the start position; the port's `after` is exclusive.
      const beyond = from ? read.filter((e) => comparePositions(e.position, from) * (backwards ? -1 : 1) > 0) : read;
      for (const e of beyond) {
        if (isSystemEvent(e.type, e.stream)) continue;
        page.push(e);
        if (page.length === options.maxCount) return page;
      }
      if (received < wanted || beyond.length === 0) return page;
      cursor = beyond[beyond.length - 1].position;
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = new EsdbSubscription(this.client, options, {
      confirmationDeadlineMs: this.deadlineMs,
      logger: this.logger,
      onStopped: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position> {
    const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position ?? LOG_START;
  }

  /** One cheap read of `$all` with a short deadline and no retry: the answer health checks need. */
  async ping(): Promise<void> {
    const deadline = Math.min(this.deadlineMs, PING_DEADLINE_MS);
    try {
      await readToEnd(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }), deadline, 'ping');
    } catch (error) {
      throw toPortError(error, 'ping');
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  /** An empty batch writes nothing, so it is not sent: the expectation is checked against the stream's last event. */
  private async appendNothing(stream: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    if (!satisfiesExpected(expected, last?.revision))
      throw new WrongExpectedRevisionError(stream, expected, last?.revision ?? 'no_stream');
    return { nextRevision: last?.revision ?? -1n, position: await this.headPosition() };
  }

  /** Position of one event: for the rare idempotent answer that carries none. */
  private async positionOf(stream: string, revision: bigint): Promise<Position> {
    const [event] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new Error(`EventStoreDB acknowledged revision ${revision} of "${stream}" but does not return it`);
    return event.position;
  }

  private async readAllOnce(after: Position | undefined, backwards: boolean, maxCount: number): Promise<ReadPage> {
    const what = 'read $all';
    try {
      const resolved = await this.retrying(what, () =>
        readToEnd(
          this.client.readAll({
            direction: backwards ? BACKWARDS : FORWARDS,
            fromPosition: after ? { commit: after.commit, prepare: after.prepare } : backwards ? END : START,
            maxCount,
          }),
          this.deadlineMs,
          what,
        ),
      );
      return recorded(resolved);
    } catch (error) {
      throw toPortError(error, what);
    }
  }

  private retrying<T>(what: string, call: () => Promise<T>): Promise<T> {
    return retry(call, {
      attempts: this.attempts,
      backoff: CALL_BACKOFF,
      isRetryable: isTransient,
      onRetry: ({ error, attempt, delayMs }) =>
        this.logger.warn(
          { call: what, attempt, retryInMs: delayMs, err: (error as Error).message },
          'EventStoreDB call failed transiently; retrying (an append is repeated as the identical request)',
        ),
    });
  }
}

function isLogStart(position: Position): boolean {
  return comparePositions(position, LOG_START) === 0;
}

interface ReadPage {
  /** Every readable event of the page, system events included, in read order. */
  events: RecordedEvent[];
  /** How many entries the server sent: fewer than requested means the end was reached. */
  received: number;
}

function recorded(resolved: readonly ResolvedEvent[]): ReadPage {
  const events: RecordedEvent[] = [];
  for (const r of resolved) {
    const e = toRecordedEvent(r);
    if (e) events.push(e);
  }
  return { events, received: resolved.length };
}
