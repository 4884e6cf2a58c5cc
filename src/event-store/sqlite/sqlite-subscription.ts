/**
 * Catch-up subscription on the embedded store. It reads the global log in pages strictly after the last position it
 * handled, then goes live: it wakes at once on this process's appends and polls the head position (a cheap MAX on
 * the primary key) to notice appends made by other processes sharing the file. It holds at most one page. After a
 * transient failure (a busy file, a simulated drop) it waits a little and reads again from the last position it
 * handled, so nothing is skipped or repeated; any other failure ends the iteration with that error.
 */
import { Backoff, backoffDelay } from '../../shared/retry';
import type { Position, RecordedEvent, SubscribeOptions, Subscription } from '../port';
import { isTransientSqliteError } from './sqlite-schema';

export const SUBSCRIPTION_PAGE_SIZE = 500;
const RETRY_BACKOFF: Backoff = { initialDelayMs: 20, maxDelayMs: 1000 };

/** What a subscription needs from the store (kept narrow so the two files stay independent). */
export interface SubscriptionSource {
  readonly pollIntervalMs: number;
  readonly isClosed: boolean;
  readonly localAppends: ChangeSignal;
  /** Counts simulated drops; a subscription that sees it move fails its next read. */
  readonly dropGeneration: number;
  readPageAfter(after: Position, maxCount: number): RecordedEvent[];
  /** The global head sequence, or -1n when the log is empty. */
  headSequence(): bigint;
}

/** Thrown by a subscription's read after SqliteEventStore.simulateDrop(); handled like a lost connection. */
export class SimulatedDropError extends Error {
  override readonly name = 'SimulatedDropError';
  constructor() {
    super('subscription dropped (simulated)');
  }
}

/** A version number that waiters can await: "has anything been appended here since I last looked?" */
export class ChangeSignal {
  private version = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version++;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves when the version moves past `seen`, after `timeoutMs`, or when `signal` aborts, whichever is first. */
  wait(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.version !== seen || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}

export class SqliteSubscription implements Subscription {
  private readonly abort = new AbortController();
  private readonly types?: ReadonlySet<string>;
  /** The position of the last event handled (delivered or filtered out): the next read starts strictly after it. */
  private position: Position;
  private seenDrops: number;

  constructor(
    private readonly source: SubscriptionSource,
    options: SubscribeOptions,
  ) {
    this.position = options.after;
    this.types = options.eventTypes ? new Set(options.eventTypes) : undefined;
    this.seenDrops = source.dropGeneration;
  }

  async stop(): Promise<void> {
    this.abort.abort();
  }

  private get finished(): boolean {
    return this.abort.signal.aborted || this.source.isClosed;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let failures = 0;
    while (!this.finished) {
      const seenAppends = this.source.localAppends.current; // taken before reading, so no wake-up is missed
      let page: RecordedEvent[];
      try {
        page = this.readNextPage();
        failures = 0;
      } catch (error) {
        if (this.finished) return;
        if (!(error instanceof SimulatedDropError) && !isTransientSqliteError(error)) throw error;
        await this.sleep(backoffDelay(++failures, RETRY_BACKOFF));
        continue; // resume strictly after this.position
      }
      for (const event of page) {
        if (this.finished) return;
        this.position = event.position;
        if (!this.types || this.types.has(event.type)) yield event;
      }
      if (page.length < SUBSCRIPTION_PAGE_SIZE) await this.waitForNewEvents(seenAppends);
    }
  }

  private readNextPage(): RecordedEvent[] {
    if (this.source.dropGeneration !== this.seenDrops) {
      this.seenDrops = this.source.dropGeneration;
      throw new SimulatedDropError();
    }
    return this.source.readPageAfter(this.position, SUBSCRIPTION_PAGE_SIZE);
  }

  /** Returns on a local append, a simulated drop, stop/close, or when a poll sees the head move past us. */
  private async waitForNewEvents(seenAppends: number): Promise<void> {
    for (;;) {
      if (this.finished || this.source.dropGeneration !== this.seenDrops) return;
      if (this.source.localAppends.current !== seenAppends) return;
      await this.source.localAppends.wait(seenAppends, this.source.pollIntervalMs, this.abort.signal);
      if (this.finished || this.source.localAppends.current !== seenAppends) return;
      try {
        if (this.source.headSequence() > this.position.commit) return; // another process appended
      } catch {
        return; // let the read path meet the failure and go through its retry
      }
    }
  }

  /** Waits before a retry; a local append, close or stop() cuts the wait short. */
  private sleep(ms: number): Promise<void> {
    return this.source.localAppends.wait(this.source.localAppends.current, ms, this.abort.signal);
  }
}
