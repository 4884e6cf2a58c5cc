/** A real embedded event store and read store in a temp dir, a small counting projection, and the reference fold
 *  ("what a fresh full fold of the log gives") that engine tests compare read models with. */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { EventStore, Position, positionToString, START } from '../../src/event-store/port';
import type { Projection } from '../../src/projections/projection';
import { ProjectionRunner, RunnerOptions } from '../../src/projections/projection-runner';
import { ReadStore } from '../../src/projections/read-store';
import { rebuildProjection } from '../../src/projections/rebuild';

export const META = { tenantId: 't', actor: 'test', correlationId: 'c', causationId: 'c' };

export const counted = (n: number) => ({ type: 'Counted', data: { n } });

export function tempDir(prefix = 'actions-proj-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function projectionFixture(dir = tempDir()) {
  const store = new SqliteEventStore({ file: path.join(dir, 'events.sqlite'), pollIntervalMs: 20 });
  const readStore = new ReadStore(path.join(dir, 'read-models.sqlite'));
  const runners: ProjectionRunner[] = [];
  return {
    dir,
    store,
    readStore,
    async append(stream: string, ...events: { type: string; data: unknown }[]): Promise<Position> {
      const r = await store.append(
        stream,
        events.map((e) => ({ id: randomUUID(), ...e, metadata: META })),
        'any',
      );
      return r.position;
    },
    /** Appends `count` Counted events in batches of 100, round-robin over `streams` streams. */
    async appendMany(count: number, streams = 5): Promise<Position> {
      let last = START;
      for (let i = 0; i < count; i += 100) {
        last = await this.append(
          `s-${(i / 100) % streams}`,
          ...Array.from({ length: Math.min(100, count - i) }, (_, k) => counted(i + k)),
        );
      }
      return last;
    },
    runner(projections: Projection[], options: RunnerOptions = {}) {
      const runner = new ProjectionRunner(store, readStore, projections, {
        retry: { attempts: 3, backoffMs: 5 },
        ...options,
      });
      runners.push(runner);
      runner.start();
      return runner;
    },
    rows<T = Record<string, unknown>>(sql: string, ...params: (string | number)[]) {
      return readStore.all<T>(sql, ...params);
    },
    counts(table = 'stream_counts') {
      return readStore.all<{ stream: string; n: number }>(`SELECT stream, n FROM ${table} ORDER BY stream`);
    },
    async close() {
      for (const r of runners) await r.stop();
      readStore.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CountingOptions {
  /** Logical table name (default stream_counts). */
  table?: string;
  /** Thrown after the event's row was written (so a rollback has something to undo). */
  failOn?: (data: { n: number }) => boolean;
  /** Called before each apply (to count tries, or to slow a child process down). */
  onApply?: (data: { n: number }, position: Position) => void;
}

/** Counts Counted events per stream. Version 2 changed the schema: it also records the last position applied. */
export function countingProjection(name = 'counts', version = 1, options: CountingOptions = {}): Projection {
  const logical = options.table ?? 'stream_counts';
  return {
    name,
    version,
    tables: [logical],
    eventTypes: ['Counted'],
    schema: (t) => [
      `CREATE TABLE ${t(logical)} (stream TEXT PRIMARY KEY, n INTEGER NOT NULL${version >= 2 ? ', last_position TEXT' : ''})`,
      `CREATE INDEX ${t(logical)}_by_n ON ${t(logical)} (n)`,
    ],
    apply(w, e) {
      const data = e.data as { n: number };
      options.onApply?.(data, e.position);
      const table = w.table(logical);
      if (version >= 2) {
        w.run(
          `INSERT INTO ${table} (stream, n, last_position) VALUES (?, 1, ?) ON CONFLICT(stream) DO UPDATE SET n = n + 1, last_position = excluded.last_position`,
          e.stream,
          positionToString(e.position),
        );
      } else {
        w.run(`INSERT INTO ${table} (stream, n) VALUES (?, 1) ON CONFLICT(stream) DO UPDATE SET n = n + 1`, e.stream);
      }
      if (options.failOn?.(data)) throw new Error(`refusing ${JSON.stringify(data)}`);
    },
  };
}

/** The reference: Counted events per stream in the log up to `until` (all of it by default), folded in memory. */
export async function foldedCounts(store: EventStore, until?: Position): Promise<{ stream: string; n: number }[]> {
  const counts = new Map<string, number>();
  for (let after = START; ;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) break;
    for (const e of page) {
      if (until && e.position.commit > until.commit) break;
      if (e.type === 'Counted') counts.set(e.stream, (counts.get(e.stream) ?? 0) + 1);
    }
    after = page[page.length - 1].position;
  }
  return [...counts].map(([stream, n]) => ({ stream, n })).sort((a, b) => (a.stream < b.stream ? -1 : 1)); // binary order, like SQLite's ORDER BY
}

/** A fresh rebuild of `projection` into a read store in another directory; returns its counts. */
export async function freshRebuildCounts(store: EventStore, projection = countingProjection()) {
  const dir = tempDir('actions-fresh-');
  const fresh = new ReadStore(path.join(dir, 'read-models.sqlite'));
  try {
    await rebuildProjection(store, fresh, projection);
    return fresh.all<{ stream: string; n: number }>('SELECT stream, n FROM stream_counts ORDER BY stream');
  } finally {
    fresh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
