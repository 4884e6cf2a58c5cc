/**
 * Catch-up subscription on the embedded store: reads the global log in pages after the last delivered position,
 * then waits for this process's appends (instant wake-up) or polls for other processes' commits. It never holds more
 * than one page, and after a failed read (a busy file, a simulated drop) it resumes from the last delivered position,
 * so nothing is skipped or repeated.
 */
import { once } from 'node:events';
import type { Position, RecordedEvent, SubscribeOptions, Subscription } from '../port';
import type { SqliteEventStore } from './sqlite-event-store';

const PAGE_SIZE = 500;
const RETRY_DELAY_MS = 50;

export class SqliteSubscription implements Subscription {
  private stopped = false;
  private readonly abort = new AbortController();
  private position: Position;
  private readonly types?: ReadonlySet<string>;
  private seenDrops: number;

  constructor(private readonly store: SqliteEventStore, options: SubscribeOptions) {
    this.position = options.after;
    this.types = options.eventTypes ? new Set(options.eventTypes) : undefined;
    this.seenDrops = store.dropCount;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    while (!this.stopped && !this.store.isClosed) {
      let page: RecordedEvent[];
      try {
        if (this.store.dropCount !== this.seenDrops) {
          this.seenDrops = this.store.dropCount;
          throw new Error('subscription dropped');
        }
        page = this.store.readAllSync({ after: this.position, maxCount: PAGE_SIZE });
      } catch {
        await this.sleep(RETRY_DELAY_MS); // resume from this.position: the last delivered event
        continue;
      }
      for (const event of page) {
        if (this.stopped) return;
        this.position = event.position;
        if (!this.types || this.types.has(event.type)) yield event;
      }
      if (page.length < PAGE_SIZE) await this.waitForNews();
    }
  }

  private async waitForNews(): Promise<void> {
    if (this.stopped) return;
    const signal = this.abort.signal;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.store.pollIntervalMs);
    try {
      await Promise.race([
        once(this.store.notifier, 'appended', { signal: AbortSignal.any([signal, timeout.signal]) }),
        once(this.store.notifier, 'closed', { signal: AbortSignal.any([signal, timeout.signal]) }),
      ]);
    } catch {
      // aborted by the poll timer or by stop(): look again
    } finally {
      clearTimeout(timer);
      timeout.abort();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
  }
}
