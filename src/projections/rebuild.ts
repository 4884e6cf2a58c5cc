/**
 * Rebuilds one projection from position 0 into fresh tables, then swaps them in atomically while the service runs:
 * 1. take the rebuild lock (one rebuild at a time per read store, across processes; a stale lock expires);
 * 2. create fresh tables (`<logical>__rb<random>`) and replay the global log into them page by page;
 * 3. in one IMMEDIATE transaction: if the rebuild has reached the live checkpoint, drop the old tables, rename the
 *    fresh ones and store the rebuild's position as the checkpoint; otherwise catch up further and try again.
 * The live runner re-reads the checkpoint in each of its transactions, so it simply skips what the rebuild applied.
 */
import { randomBytes } from 'node:crypto';
import { comparePositions, EventStore, Position, START } from '../event-store/port';
import { upcast } from '../event-store/upcasters';
import type { Projection } from './projection';
import type { ReadStore } from './read-store';

export class RebuildInProgressError extends Error {}

const PAGE = 1000;
const LOCK_STALE_MS = 30_000;

export interface RebuildOptions {
  owner: string;
  onProgress?: (events: number, position: Position) => void;
}

function acquireLock(readStore: ReadStore, owner: string, projection: string): void {
  readStore.transaction(() => {
    const lock = readStore.get<{ owner: string; projection: string; heartbeat_ms: number }>('SELECT * FROM projection_rebuild_lock WHERE id = 1');
    if (lock && lock.owner !== owner && Date.now() - lock.heartbeat_ms < LOCK_STALE_MS) {
      throw new RebuildInProgressError(`A rebuild of "${lock.projection}" is already running (${lock.owner}); try again when it has finished.`);
    }
    readStore.statement('INSERT OR REPLACE INTO projection_rebuild_lock (id, owner, projection, heartbeat_ms) VALUES (1, ?, ?, ?)').run(owner, projection, Date.now());
  });
}

function heartbeat(readStore: ReadStore, owner: string): void {
  readStore.statement('UPDATE projection_rebuild_lock SET heartbeat_ms = ? WHERE id = 1 AND owner = ?').run(Date.now(), owner);
}

function releaseLock(readStore: ReadStore, owner: string): void {
  readStore.statement('DELETE FROM projection_rebuild_lock WHERE id = 1 AND owner = ?').run(owner);
}

export async function rebuildProjection(store: EventStore, readStore: ReadStore, p: Projection, options: RebuildOptions): Promise<{ events: number }> {
  acquireLock(readStore, options.owner, p.name);
  const suffix = `__rb${randomBytes(4).toString('hex')}`;
  const fresh = (logical: string) => `${logical}${suffix}`;
  const handled = new Set(p.eventTypes);
  const writer = readStore.writer(fresh);
  let position: Position = START;
  let count = 0;
  try {
    readStore.db.exec(p.schema(fresh).join(';\n'));
    for (;;) {
      // catch up to the head as it is now
      for (;;) {
        const page = await store.readAll({ after: position, maxCount: PAGE });
        if (page.length === 0) break;
        readStore.transaction(() => {
          for (const e of page) if (handled.has(e.type)) p.apply(writer, upcast(e));
        });
        position = page[page.length - 1].position;
        count += page.length;
        heartbeat(readStore, options.owner);
        options.onProgress?.(count, position);
        await new Promise<void>((resolve) => setImmediate(resolve)); // keep the process responsive during a rebuild
        if (page.length < PAGE) break;
      }
      const swapped = readStore.transaction(() => {
        const live = readStore.checkpoint(p.name);
        if (live && live.version === p.version && comparePositions(position, live.position) < 0) return false;
        for (const table of p.tables) {
          readStore.db.exec(`DROP TABLE IF EXISTS ${table}`);
          readStore.db.exec(`ALTER TABLE ${fresh(table)} RENAME TO ${table}`);
        }
        readStore.saveCheckpoint(p.name, p.version, position);
        return true;
      });
      if (swapped) return { events: count };
    }
  } catch (error) {
    for (const table of p.tables) readStore.db.exec(`DROP TABLE IF EXISTS ${fresh(table)}`);
    throw error;
  } finally {
    releaseLock(readStore, options.owner);
  }
}
