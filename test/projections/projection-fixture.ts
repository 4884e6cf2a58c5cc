/** A real embedded event store and read store in a temp dir, plus helpers to append domain events and read rows. */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import type { Position } from '../../src/event-store/port';
import type { Projection } from '../../src/projections/projection';
import { ProjectionRunner, RunnerOptions } from '../../src/projections/projection-runner';
import { ReadStore } from '../../src/projections/read-store';

export const META = { tenantId: 't', actor: 'test', correlationId: 'c', causationId: 'c' };

export function projectionFixture(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actions-proj-'))) {
  const store = new SqliteEventStore({ file: path.join(dir, 'events.sqlite'), pollIntervalMs: 20 });
  const readStore = new ReadStore(path.join(dir, 'read-models.sqlite'));
  const runners: ProjectionRunner[] = [];
  return {
    dir, store, readStore,
    async append(stream: string, ...events: { type: string; data: unknown }[]): Promise<Position> {
      const r = await store.append(stream, events.map((e) => ({ id: randomUUID(), ...e, metadata: META })), 'any');
      return r.position;
    },
    runner(projections: Projection[], options: RunnerOptions = {}) {
      const runner = new ProjectionRunner(store, readStore, projections, { retry: { attempts: 3, backoffMs: 5 }, ...options });
      runners.push(runner);
      runner.start();
      return runner;
    },
    rows<T = Record<string, unknown>>(sql: string, ...params: (string | number)[]) {
      return readStore.all<T>(sql, ...params);
    },
    async close() {
      for (const r of runners) await r.stop();
      readStore.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A small projection for engine tests: counts events per stream. */
export function countingProjection(name = 'counts', version = 1, failOn?: (data: unknown) => boolean): Projection {
  return {
    name, version, tables: ['stream_counts'], eventTypes: ['Counted'],
    schema: (t) => [`CREATE TABLE IF NOT EXISTS ${t('stream_counts')} (stream TEXT PRIMARY KEY, n INTEGER NOT NULL)`],
    apply(w, e) {
      if (failOn?.(e.data)) throw new Error(`refusing ${JSON.stringify(e.data)}`);
      w.run(`INSERT INTO ${w.table('stream_counts')} (stream, n) VALUES (?, 1) ON CONFLICT(stream) DO UPDATE SET n = n + 1`, e.stream);
    },
  };
}
