/**
 * Helpers shared by the event store contract cases. They use only the port API, so the same cases run against
 * every adapter, including a shared real server: streams and event types get random suffixes, and nothing assumes
 * the global log is empty or that no one else is writing to it.
 */
import { randomUUID } from 'node:crypto';
import {
  EventStore,
  NewEvent,
  Position,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
  comparePositions,
  positionToString,
  readStreamPaged,
} from '../../../src/event-store/port';

export interface EventStoreFixture {
  store: EventStore;
  /** Makes every live subscription lose its connection (or equivalent) so it must resume by itself. */
  dropSubscriptions: () => Promise<void>;
  teardown: () => Promise<void>;
}

/** The fixture is created in beforeAll, so cases receive a getter rather than the value. */
export type FixtureAccess = () => EventStoreFixture;

/** Upper bound on waiting for a subscription to deliver; only there to fail with a clear message instead of hanging. */
const DELIVERY_DEADLINE_MS = 20_000;

export function uniqueSuffix(): string {
  return randomUUID().replace(/-/g, '').slice(0, 16);
}

/** A stream name no other test (or other run against the same server) uses: `contract<Category>-<random>`. */
export function uniqueStream(category = 'contract'): string {
  return `${category}-${uniqueSuffix()}`;
}

export function newEvent(type = 'ContractEventRecorded', data: Record<string, unknown> = {}): NewEvent {
  const correlationId = randomUUID();
  return {
    id: randomUUID(),
    type,
    data,
    metadata: { tenantId: 'contract-tenant', actor: 'contract-suite', correlationId, causationId: correlationId },
  };
}

export function newEvents(
  count: number,
  type?: string,
  data: (i: number) => Record<string, unknown> = (i) => ({ i }),
): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, data(i)));
}

export const idsOf = (events: readonly { id: string }[]): string[] => events.map((e) => e.id);

/** Asserts that `attempt` fails with the port's WrongExpectedRevisionError carrying the stream's actual revision. */
export async function expectWrongRevision(
  attempt: Promise<unknown>,
  actual: bigint | 'no_stream',
): Promise<WrongExpectedRevisionError> {
  const error = await attempt.then(
    () => {
      throw new Error(`expected WrongExpectedRevisionError (actual ${String(actual)}), but the append succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect((error as WrongExpectedRevisionError).actual).toBe(actual);
  return error as WrongExpectedRevisionError;
}

export async function readWholeStream(store: EventStore, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of readStreamPaged(store, stream, 200)) events.push(event);
  return events;
}

/** Index of the first position that is not strictly after the one before it, or -1 when all increase. */
export function firstNonIncreasing(positions: readonly Position[]): number {
  return positions.findIndex((p, i) => i > 0 && comparePositions(positions[i - 1], p) >= 0);
}

export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('These tests measure memory: run node with --expose-gc');
  gc();
  gc();
}

/**
 * Consumes a subscription in the background. Keeps the events `keep` accepts (the test's own streams) and checks
 * that every delivered event, kept or not, comes strictly after the one before.
 */
export class SubscriptionRecorder {
  readonly events: RecordedEvent[] = [];
  /** Set when a delivered position is not strictly after the previous one. */
  orderViolation?: string;
  readonly finished: Promise<void>;
  private readonly subscription: Subscription;
  private lastPosition?: Position;
  private failure?: unknown;
  private ended = false;
  private wake: () => void = () => undefined;

  constructor(
    store: EventStore,
    options: SubscribeOptions,
    private readonly keep: (e: RecordedEvent) => boolean,
  ) {
    this.subscription = store.subscribeToAll(options);
    this.finished = this.consume();
    this.finished.catch(() => undefined); // surfaced through waitForCount / stop
  }

  private async consume(): Promise<void> {
    try {
      for await (const event of this.subscription) {
        if (this.lastPosition && comparePositions(this.lastPosition, event.position) >= 0 && !this.orderViolation) {
          this.orderViolation = `${positionToString(event.position)} delivered after ${positionToString(this.lastPosition)}`;
        }
        this.lastPosition = event.position;
        if (this.keep(event)) this.events.push(event);
        this.wake();
      }
    } catch (error) {
      this.failure = error;
      throw error;
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  /** Resolves once at least `count` kept events arrived; fails if the subscription ends or errs first. */
  async waitForCount(count: number): Promise<void> {
    const deadline = Date.now() + DELIVERY_DEADLINE_MS;
    while (this.events.length < count) {
      if (this.failure) throw this.failure;
      if (this.ended) throw new Error(`subscription ended after ${this.events.length} of ${count} events`);
      if (Date.now() > deadline) throw new Error(`subscription delivered ${this.events.length} of ${count} events`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Stops the subscription and waits until the for-await loop has ended. */
  async stop(): Promise<void> {
    await this.subscription.stop();
    await this.finished;
  }
}
