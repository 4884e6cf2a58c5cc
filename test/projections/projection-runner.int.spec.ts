/** The projection runner on the real embedded store: given events, then read model; checkpoints, parking, waiting. */
import * as path from 'node:path';
import { positionToString } from '../../src/event-store/port';
import type { Projection } from '../../src/projections/projection';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { ReadStore } from '../../src/projections/read-store';
import { rebuildProjection } from '../../src/projections/rebuild';
import { counted, countingProjection, foldedCounts, projectionFixture } from './projection-fixture';

type Fixture = ReturnType<typeof projectionFixture>;

/** Counts events per type: a second projection that starts from position 0 next to one that is far ahead. */
const typesProjection: Projection = {
  name: 'types',
  version: 1,
  tables: ['type_counts'],
  eventTypes: ['Counted', 'Ignored'],
  schema: (t) => [`CREATE TABLE ${t('type_counts')} (type TEXT PRIMARY KEY, n INTEGER NOT NULL)`],
  apply: (w, e) => {
    w.run(
      `INSERT INTO ${w.table('type_counts')} (type, n) VALUES (?, 1) ON CONFLICT(type) DO UPDATE SET n = n + 1`,
      e.type,
    );
  },
};

describe('projection runner', () => {
  let f: Fixture;
  beforeEach(() => {
    f = projectionFixture();
  });
  afterEach(() => f.close());

  it('given events, the read model counts the ones the projection handles; its checkpoint moves over the others', async () => {
    await f.append('s-1', counted(1), counted(2), { type: 'Ignored', data: {} });
    await f.append('s-2', counted(3));
    const last = await f.append('s-3', { type: 'Ignored', data: {} });
    const runner = f.runner([countingProjection()]);
    expect(await runner.waitForPosition(last, 5000)).toBe(true);
    expect(f.counts()).toEqual([
      { stream: 's-1', n: 2 },
      { stream: 's-2', n: 1 },
    ]);
    expect(f.readStore.checkpoint('counts')).toMatchObject({ position: last, status: 'running', version: 1 });
  });

  it('a catch-up of thousands of events commits in batches, not per event', async () => {
    const head = await f.appendMany(3000);
    const transactions = jest.spyOn(f.readStore, 'transaction');
    const runner = new ProjectionRunner(f.store, f.readStore, [countingProjection()]);
    expect(runner.status().caughtUpAtStart).toBe(false);
    runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    await runner.stop();
    expect(transactions.mock.calls.length).toBeLessThan(30);
    expect(runner.status()).toEqual({
      caughtUpAtStart: true,
      projections: [{ name: 'counts', version: 1, checkpoint: positionToString(head), parked: false, lag: 0 }],
    });
    expect(f.counts()).toEqual(await foldedCounts(f.store));
  });

  it('re-delivered events change nothing: a new projection makes the runner read the whole log again', async () => {
    const first = f.runner([countingProjection()]);
    const p = await f.appendMany(1000);
    await first.waitForPosition(p, 5000);
    await first.stop();
    const before = f.counts();
    const again = f.runner([countingProjection(), typesProjection]); // typesProjection starts at position 0
    const q = await f.append('s-9', counted(0));
    expect(await again.waitForPosition(q, 5000)).toBe(true);
    expect(f.counts()).toEqual([...before, { stream: 's-9', n: 1 }]);
    expect(f.rows('SELECT type, n FROM type_counts')).toEqual([{ type: 'Counted', n: 1001 }]);
  });

  it('two runners on two connections feeding one projection count every event once (the checkpoint is re-read in each transaction)', async () => {
    const secondConnection = new ReadStore(path.join(f.dir, 'read-models.sqlite'));
    const a = f.runner([countingProjection()]);
    const b = new ProjectionRunner(f.store, secondConnection, [countingProjection()]);
    b.start();
    const last = await f.appendMany(2000);
    expect(await a.waitForPosition(last, 10_000)).toBe(true);
    expect(await b.waitForPosition(last, 10_000)).toBe(true);
    await b.stop();
    secondConnection.close();
    expect(f.counts()).toEqual(await foldedCounts(f.store));
  });

  it('parks a projection after bounded retries on a failing event, with its partial writes rolled back; the others go on', async () => {
    let tries = 0;
    const fragile = countingProjection('fragile', 1, {
      table: 'fragile_counts',
      failOn: (d) => d.n === 2,
      onApply: (d) => {
        if (d.n === 2) tries++;
      },
    });
    const runner = f.runner([fragile, countingProjection('sturdy')]); // 3 attempts
    const good = await f.append('s-1', counted(1));
    const bad = await f.append('s-1', counted(2));
    const after = await f.append('s-1', counted(3));
    expect(await runner.waitForPosition(after, 5000)).toBe(true); // a parked projection does not hold writers back
    expect(tries).toBe(3);
    expect(f.counts('fragile_counts')).toEqual([{ stream: 's-1', n: 1 }]); // the row the failing event wrote is gone
    expect(f.readStore.checkpoint('fragile')).toMatchObject({
      status: 'parked',
      position: good,
      parkedAt: bad,
      parkedError: expect.stringContaining('refusing'),
    });
    expect(f.counts()).toEqual([{ stream: 's-1', n: 3 }]);
    expect(runner.status()).toEqual({
      caughtUpAtStart: true,
      projections: [
        {
          name: 'fragile',
          version: 1,
          checkpoint: positionToString(good),
          parked: true,
          parkedAt: positionToString(bad),
          error: expect.stringContaining('refusing {"n":2}'),
          lag: 2,
        },
        { name: 'sturdy', version: 1, checkpoint: positionToString(after), parked: false, lag: 0 },
      ],
    });
  });

  it('unpark retries the event the projection is parked on and resumes it from there', async () => {
    let failing = true;
    const runner = f.runner([countingProjection('fragile', 1, { failOn: (d) => failing && d.n === 2 })]);
    await f.append('s-1', counted(1));
    const bad = await f.append('s-1', counted(2));
    expect(await runner.waitForPosition(bad, 5000)).toBe(true); // true once parked: parked projections are not waited for
    expect(runner.status().projections[0]).toMatchObject({ parked: true });
    failing = false;
    const next = await f.append('s-1', counted(3));
    expect(runner.unpark('fragile')).toBe(true);
    expect(await runner.waitForPosition(next, 5000)).toBe(true);
    expect(f.counts()).toEqual([{ stream: 's-1', n: 3 }]);
    expect(f.readStore.checkpoint('fragile')).toMatchObject({ status: 'running', position: next });
    expect(runner.status().projections[0]).toEqual({
      name: 'fragile',
      version: 1,
      checkpoint: positionToString(next),
      parked: false,
      lag: 0,
    });
    expect(runner.unpark('fragile')).toBe(false);
  });

  it('a projection parked before a restart is retried by the next runner', async () => {
    let failing = true;
    const fragile = () => countingProjection('fragile', 1, { failOn: (d) => failing && d.n === 2 });
    const first = f.runner([fragile()]);
    const bad = await f.append('s-1', counted(1), counted(2));
    await first.waitForPosition(bad, 5000);
    await first.stop();
    expect(f.readStore.checkpoint('fragile')!.status).toBe('parked');
    failing = false;
    const second = f.runner([fragile()]);
    const next = await f.append('s-1', counted(3));
    expect(await second.waitForPosition(next, 5000)).toBe(true);
    expect(f.counts()).toEqual([{ stream: 's-1', n: 3 }]);
    expect(f.readStore.checkpoint('fragile')!.status).toBe('running');
  });

  it('waitForPosition: true once the write is readable, false on timeout, false for waiters when the runner stops; stop is idempotent', async () => {
    const runner = f.runner([countingProjection()]);
    const p = await f.append('s-1', counted(1));
    expect(await runner.waitForPosition(p, 5000)).toBe(true);
    expect(f.counts()).toEqual([{ stream: 's-1', n: 1 }]); // visible on the query connection right away
    const never = { commit: p.commit + 1000n, prepare: p.prepare + 1000n };
    expect(await runner.waitForPosition(never, 20)).toBe(false);
    const waiting = runner.waitForPosition(never, 60_000);
    await Promise.all([runner.stop(), runner.stop()]);
    await runner.stop();
    expect(await waiting).toBe(false);
    expect(await runner.waitForPosition(p, 60_000)).toBe(true); // already reached: answered after stop too
  });

  it('a version bump rebuilds the projection at start, with its new schema, before following the log', async () => {
    const v1 = f.runner([countingProjection('counts', 1)]);
    const p = await f.append('s-1', counted(1), counted(2));
    await v1.waitForPosition(p, 5000);
    await v1.stop();
    f.readStore.db.exec('UPDATE stream_counts SET n = 999'); // a v1 fold that v2 must not inherit
    const v2 = f.runner([countingProjection('counts', 2)]);
    const more = await f.append('s-2', counted(3));
    expect(await v2.waitForPosition(more, 5000)).toBe(true);
    expect(f.rows('SELECT stream, n, last_position FROM stream_counts ORDER BY stream')).toEqual([
      { stream: 's-1', n: 2, last_position: positionToString(p) },
      { stream: 's-2', n: 1, last_position: positionToString(more) },
    ]);
    expect(f.readStore.checkpoint('counts')).toMatchObject({ version: 2, status: 'running', position: more });
  });

  it('a projection whose rebuild at start fails is parked with the error, keeps its old tables, and the others go on', async () => {
    const v1 = f.runner([countingProjection('counts', 1)]);
    const p = await f.append('s-1', counted(1), counted(2));
    await v1.waitForPosition(p, 5000);
    await v1.stop();
    const brokenV2 = countingProjection('counts', 2, { failOn: (d) => d.n === 2 });
    const runner = f.runner([brokenV2, countingProjection('sturdy', 1, { table: 'sturdy_counts' })]);
    const q = await f.append('s-1', counted(3));
    expect(await runner.waitForPosition(q, 5000)).toBe(true);
    expect(runner.status().projections[0]).toMatchObject({
      name: 'counts',
      parked: true,
      error: expect.stringContaining('rebuild at start failed: refusing'),
    });
    expect(f.readStore.checkpoint('counts')).toMatchObject({ version: 1, status: 'parked', position: p });
    expect(f.counts()).toEqual([{ stream: 's-1', n: 2 }]);
    expect(f.readStore.tablesMatching('stream_counts__rb*')).toEqual([]);
    expect(f.counts('sturdy_counts')).toEqual([{ stream: 's-1', n: 3 }]);
  });

  it('a runner whose projection another process rebuilt at a different version parks instead of writing into it', async () => {
    const v1 = f.runner([countingProjection('counts', 1)]);
    const p = await f.append('s-1', counted(1));
    await v1.waitForPosition(p, 5000);
    await rebuildProjection(f.store, f.readStore, countingProjection('counts', 2)); // a newer release's CLI
    const q = await f.append('s-1', counted(2));
    expect(await v1.waitForPosition(q, 5000)).toBe(true);
    expect(v1.status().projections[0]).toMatchObject({ parked: true, error: expect.stringContaining('version 2') });
    expect(f.rows('SELECT n, last_position FROM stream_counts')).toEqual([
      { n: 1, last_position: positionToString(p) },
    ]);
  });
});
