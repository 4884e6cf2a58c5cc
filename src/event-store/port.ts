/**
 * The event store port: the only way the rest of the service touches the event log.
 * Adapters: embedded SQLite (src/event-store/sqlite) and EventStoreDB (src/event-store/esdb).
 */

/** A position in the global log. EventStoreDB positions are {commit, prepare}; the embedded store uses its
 *  global sequence for both. Compare with comparePositions; serialise with positionToString. */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: Position = Object.freeze({ commit: -1n, prepare: -1n });

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function positionToString(p: Position): string {
  return `${p.commit}/${p.prepare}`;
}

export function positionFromString(s: string): Position {
  const m = /^(-?\d+)\/(-?\d+)$/.exec(s);
  if (!m) throw new Error(`Malformed position "${s}"`);
  return { commit: BigInt(m[1]), prepare: BigInt(m[2]) };
}

/** Envelope carried by every event (docs/architecture.md, "Write side"). */
export interface EventMetadata {
  tenantId: string;
  actor: string;
  correlationId: string;
  causationId: string;
  [extra: string]: unknown;
}

/** What callers append. `id` is a UUID chosen by the caller, which makes retries idempotent. */
export interface NewEvent<T extends string = string, D = unknown> {
  id: string;
  type: T;
  data: D;
  metadata: EventMetadata;
}

export interface RecordedEvent<T extends string = string, D = unknown> {
  id: string;
  type: T;
  data: D;
  metadata: EventMetadata;
  stream: string;
  /** 0-based revision of the event inside its stream. */
  revision: bigint;
  position: Position;
  /** ISO-8601 UTC time at which the store committed the event. */
  createdAt: string;
}

/** `any`: no check; `no_stream`: the stream must not exist; `stream_exists`: it must;
 *  a bigint: the revision of the stream's last event must be exactly this. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** Does a stream whose last revision is `current` (undefined: no stream) satisfy `expected`? Both stores check
 *  with this before they append. */
export function satisfiesExpected(expected: ExpectedRevision, current: bigint | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return current === expected;
  }
}

export interface AppendResult {
  /** Revision of the last event written (or of the stream's last event for an empty idempotent batch). */
  nextRevision: bigint;
  /** Global position of the last event written. */
  position: Position;
}

export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Wrong expected revision on stream "${stream}": expected ${String(expected)}, actual ${String(actual)}`);
  }
}

/** The store could not be reached or did not answer in time. The outcome of a write may be unknown. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction; // default forwards
  /** Inclusive starting revision; default: start (forwards) or end (backwards). */
  fromRevision?: bigint;
  maxCount: number;
}

export interface ReadAllOptions {
  direction?: Direction; // default forwards
  /** Exclusive: events strictly after (forwards) / before (backwards) this position. Default: start / end. */
  after?: Position;
  maxCount: number;
}

export interface SubscribeOptions {
  /** Exclusive starting point; START delivers everything. */
  after: Position;
  /** Only these event types are delivered (others are skipped); default all non-system events. */
  eventTypes?: readonly string[];
}

/** Catch-up then live. Iterate with for-await; it resumes by itself after a dropped connection. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

export interface EventStore {
  readonly kind: 'sqlite' | 'esdb';
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** One page of a stream. A stream that does not exist reads as []. */
  readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** One page of the global log (our events only, no system events). */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Position of the last event in the global log (START when empty). */
  headPosition(): Promise<Position>;
  /** Resolves when the store answers; rejects otherwise (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/** Reads a whole stream forwards, page by page. */
export async function* readStreamPaged(
  store: EventStore,
  stream: string,
  pageSize = 500,
): AsyncGenerator<RecordedEvent> {
  let from = 0n;
  for (;;) {
    const page = await store.readStream(stream, { direction: 'forwards', fromRevision: from, maxCount: pageSize });
    for (const e of page) yield e;
    if (page.length < pageSize) return;
    from = page[page.length - 1].revision + 1n;
  }
}
