/**
 * Rebuilds one projection from position 0 into fresh tables, then swaps them in atomically while the service runs.
 * The same function serves the running service (ProjectionRunner.rebuild, a version bump at start) and a separate
 * process on the same files (the CLI):
 * 1. take the rebuild lock (one rebuild at a time per read store, across processes; see rebuild-lock.ts) and drop
 *    the fresh tables a killed rebuild may have left behind;
 * 2. create fresh tables, named `<logical>__rb<random>` by the projection's own `schema(t)`, and replay the global
 *    log into them page by page, one transaction per page (with the lock's heartbeat);
 * 3. swap, in one BEGIN IMMEDIATE transaction: re-read the live checkpoint; if the live projection has gone past what
 *    the rebuild has applied, leave the transaction, catch up further and try again (reading the log is async and
 *    must not happen while holding SQLite's write lock: an in-process runner would block the event loop on it);
 *    otherwise drop the old tables, rename the fresh ones to the logical names, and set the checkpoint to the
 *    rebuild's position. SQLite DDL is transactional: readers see either the old tables or the new ones.
 * The live runner re-reads its checkpoint inside each of its transactions, so after the swap it skips what the
 * rebuild applied and goes on from there.
 */
import { randomBytes } from 'node:crypto';
import { comparePositions, EventStore, Position, START } from '../event-store/port';
import { upcast } from '../event-store/upcasters';
import type { Projection } from './projection';
import type { ReadStore } from './read-store';
import { newLockOwner, RebuildLock } from './rebuild-lock';

export { RebuildInProgressError, RebuildLockLostError } from './rebuild-lock';

export interface RebuildOptions {
  /** Lock owner name; default a unique one per rebuild (host, pid, random id). */
  owner?: string;
  /** Called after every page ('replay') and before every swap attempt ('swap') with the events read so far and the
   *  position reached. */
  onProgress?: (events: number, position: Position, phase: 'replay' | 'swap') => void;
  /** Events per read and per transaction (default 1000). */
  pageSize?: number;
  /** A lock whose heartbeat is older than this may be taken over (ms, default 30 000). */
  lockStaleMs?: number;
  /** Aborting stops the rebuild between pages; the fresh tables are dropped and the live ones stay. */
  signal?: AbortSignal;
}

export interface RebuildResult {
  /** Events read from the log (every type; the projection's own types were applied). */
  events: number;
  /** The checkpoint stored with the swapped-in tables. */
  position: Position;
}

const DEFAULT_PAGE_SIZE = 1000;

export async function rebuildProjection(
  store: EventStore,
  readStore: ReadStore,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  options.signal?.throwIfAborted();
  const lock = RebuildLock.acquire(readStore, projection.name, {
    owner: options.owner ?? newLockOwner(),
    staleMs: options.lockStaleMs,
  });
  try {
    dropLeftoversOfKilledRebuilds(readStore, projection);
    const suffix = `__rb${randomBytes(4).toString('hex')}`;
    const fresh = (logical: string) => `${logical}${suffix}`;
    readStore.transaction(() => readStore.createSchema(projection, fresh));
    try {
      const replay = new Replay(store, readStore, projection, fresh, lock, options);
      for (;;) {
        await replay.catchUpToHead();
        options.onProgress?.(replay.events, replay.position, 'swap');
        if (swapIfCaughtUp(readStore, projection, fresh, lock, replay.position))
          return { events: replay.events, position: replay.position };
      }
    } catch (error) {
      for (const table of projection.tables) readStore.db.exec(`DROP TABLE IF EXISTS "${fresh(table)}"`);
      throw error;
    }
  } finally {
    lock.release();
  }
}

/** Folds the global log into the fresh tables, page by page, remembering how far it got. */
class Replay {
  position: Position = START;
  events = 0;
  private readonly handled: ReadonlySet<string>;
  private readonly pageSize: number;

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    private readonly projection: Projection,
    private readonly fresh: (logical: string) => string,
    private readonly lock: RebuildLock,
    private readonly options: RebuildOptions,
  ) {
    this.handled = new Set(projection.eventTypes);
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  async catchUpToHead(): Promise<void> {
    const writer = this.readStore.writer(this.fresh);
    for (;;) {
      this.options.signal?.throwIfAborted();
      const page = await this.store.readAll({ after: this.position, maxCount: this.pageSize });
      if (page.length === 0) return;
      this.readStore.transaction(() => {
        this.lock.heartbeat();
        for (const event of page) if (this.handled.has(event.type)) this.projection.apply(writer, upcast(event));
      });
      this.position = page[page.length - 1].position;
      this.events += page.length;
      this.options.onProgress?.(this.events, this.position, 'replay');
      await new Promise<void>((resolve) => setImmediate(resolve)); // keep a serving process responsive
      if (page.length < this.pageSize) return;
    }
  }
}

/** The swap transaction; false (nothing changed) when the live projection is ahead of the rebuild. */
function swapIfCaughtUp(
  readStore: ReadStore,
  projection: Projection,
  fresh: (logical: string) => string,
  lock: RebuildLock,
  position: Position,
): boolean {
  return readStore.transaction(() => {
    lock.heartbeat();
    const live = readStore.checkpoint(projection.name);
    if (live && comparePositions(position, live.position) < 0) return false;
    for (const table of projection.tables) {
      readStore.db.exec(`DROP TABLE IF EXISTS "${table}"`);
      readStore.db.exec(`ALTER TABLE "${fresh(table)}" RENAME TO "${table}"`);
    }
    readStore.saveCheckpoint(projection.name, projection.version, position, 'running');
    return true;
  });
}

/** Fresh tables of this projection that no rebuild owns any more (we hold the lock): a killed rebuild left them. */
function dropLeftoversOfKilledRebuilds(readStore: ReadStore, projection: Projection): void {
  const hex8 = '[0-9a-f]'.repeat(8);
  readStore.transaction(() => {
    for (const table of projection.tables) {
      for (const leftover of readStore.tablesMatching(`${table}__rb${hex8}`))
        readStore.db.exec(`DROP TABLE "${leftover}"`);
    }
  });
}
