/**
 * At most one rebuild at a time per read store, across processes: a single lock row in the read store naming its
 * owner (host, pid, a unique id) with a heartbeat the rebuild refreshes after every page. A lock is stale, and may be
 * taken over, when its heartbeat is older than `staleMs` or when its owner was a process on this host that no longer
 * exists (a SIGKILLed CLI does not block the next rebuild). A rebuild whose lock was taken over notices at its next
 * heartbeat or at its swap, and gives up instead of swapping.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import type { ReadStore } from './read-store';

export const DEFAULT_LOCK_STALE_MS = 30_000;

export interface RebuildLockHolder {
  owner: string;
  projection: string;
  host: string | null;
  pid: number | null;
  heartbeatAt: Date;
}

export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';
  constructor(readonly holder: RebuildLockHolder) {
    super(
      `A rebuild of "${holder.projection}" is already running (${holder.owner}, last heartbeat ${holder.heartbeatAt.toISOString()}); try again when it has finished.`,
    );
  }
}

export class RebuildLockLostError extends Error {
  override readonly name = 'RebuildLockLostError';
  constructor(owner: string) {
    super(
      `The rebuild lock held by ${owner} was taken over (its heartbeat went stale); this rebuild stops without swapping.`,
    );
  }
}

interface LockRecord {
  owner: string;
  projection: string;
  heartbeat_ms: number;
  host: string | null;
  pid: number | null;
}

/** A fresh owner name: unique per rebuild, so two rebuilds in one process exclude each other too. */
export function newLockOwner(prefix = 'rebuild'): string {
  return `${prefix}@${os.hostname()}:${process.pid}:${randomUUID()}`;
}

/** Who holds the rebuild lock of this read store, if anyone (stale or not). */
export function rebuildLockHolder(readStore: ReadStore): RebuildLockHolder | undefined {
  const row = readStore.statement('SELECT * FROM projection_rebuild_lock WHERE id = 1').get() as LockRecord | undefined;
  return (
    row && {
      owner: row.owner,
      projection: row.projection,
      host: row.host,
      pid: row.pid,
      heartbeatAt: new Date(row.heartbeat_ms),
    }
  );
}

export class RebuildLock {
  private constructor(
    private readonly readStore: ReadStore,
    readonly owner: string,
  ) {}

  /** Takes the lock, or throws RebuildInProgressError while another live rebuild holds it. */
  static acquire(readStore: ReadStore, projection: string, options: { owner: string; staleMs?: number }): RebuildLock {
    const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
    readStore.transaction(() => {
      const holder = rebuildLockHolder(readStore);
      if (holder && holder.owner !== options.owner && !isStale(holder, staleMs))
        throw new RebuildInProgressError(holder);
      readStore
        .statement(
          'INSERT OR REPLACE INTO projection_rebuild_lock (id, owner, projection, heartbeat_ms, host, pid) VALUES (1, ?, ?, ?, ?, ?)',
        )
        .run(options.owner, projection, Date.now(), os.hostname(), process.pid);
    });
    return new RebuildLock(readStore, options.owner);
  }

  /** Refreshes the heartbeat; throws RebuildLockLostError when the lock is no longer ours. Call it in a transaction
   *  with the work it vouches for, so work done after losing the lock is rolled back. */
  heartbeat(): void {
    const { changes } = this.readStore
      .statement('UPDATE projection_rebuild_lock SET heartbeat_ms = ? WHERE id = 1 AND owner = ?')
      .run(Date.now(), this.owner);
    if (changes === 0) throw new RebuildLockLostError(this.owner);
  }

  release(): void {
    this.readStore.statement('DELETE FROM projection_rebuild_lock WHERE id = 1 AND owner = ?').run(this.owner);
  }
}

function isStale(holder: RebuildLockHolder, staleMs: number): boolean {
  if (Date.now() - holder.heartbeatAt.getTime() >= staleMs) return true;
  return holder.host === os.hostname() && holder.pid !== null && !processExists(holder.pid);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
