/**
 * Rebuilds into fresh tables and the atomic swap, while the live runner goes on: in this process and from another
 * process on the same files (as the CLI does). One rebuild at a time per read store; a killed rebuild's lock and
 * tables do not get in the way of the next one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { positionFromString } from '../../src/event-store/port';
import { rebuildLockHolder } from '../../src/projections/rebuild-lock';
import { rebuildProjection, RebuildInProgressError, RebuildLockLostError } from '../../src/projections/rebuild';
import { removeBundles, spawnTs } from '../support/spawn-ts';
import { counted, countingProjection, foldedCounts, freshRebuildCounts, projectionFixture } from './projection-fixture';

type Fixture = ReturnType<typeof projectionFixture>;
const REBUILD_CHILD = 'test/projections/fixtures/rebuilding-child.ts';

/** Appends one event per turn of the event loop until stopped. */
function appendsFlowing(f: Fixture) {
  let flowing = true;
  const done = (async () => {
    for (let i = 0; flowing; i++) {
      await f.append(`live-${i % 3}`, counted(i));
      await new Promise((r) => setImmediate(r));
    }
  })();
  return async () => {
    flowing = false;
    await done;
  };
}

/** The swapped-in table carries the index created under the rebuild's fresh name. */
function indexesOf(f: Fixture, table = 'stream_counts') {
  return f.readStore
    .all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
      table,
    )
    .map((r) => r.name);
}

describe('rebuild', () => {
  let f: Fixture;
  beforeEach(() => {
    f = projectionFixture();
  });
  afterEach(() => f.close());
  afterAll(() => removeBundles());

  it('in-process, while the runner is live and appends flow: ends equal to a fresh full fold, nothing lost or doubled', async () => {
    const runner = f.runner([countingProjection()]);
    await f.appendMany(5000);
    const stopAppending = appendsFlowing(f);
    const progress: number[] = [];
    const result = await runner.rebuild('counts', (events) => progress.push(events));
    await stopAppending();
    expect(await runner.waitForPosition(await f.store.headPosition(), 10_000)).toBe(true);
    expect(f.counts()).toEqual(await foldedCounts(f.store));
    expect(f.counts()).toEqual(await freshRebuildCounts(f.store));
    expect(result.events).toBeGreaterThanOrEqual(5000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(result.events);
    expect(indexesOf(f)).toEqual([expect.stringMatching(/^stream_counts__rb[0-9a-f]{8}_by_n$/)]);
    expect(f.readStore.tablesMatching('stream_counts__rb*')).toEqual([]);
    expect(rebuildLockHolder(f.readStore)).toBeUndefined();
  });

  it('one at a time per read store: a second rebuild, whoever asks, is refused while the first runs', async () => {
    const runner = f.runner([countingProjection(), countingProjection('other', 1, { table: 'other_counts' })]);
    await f.appendMany(2000);
    const first = runner.rebuild('counts');
    await expect(runner.rebuild('counts')).rejects.toBeInstanceOf(RebuildInProgressError);
    await expect(runner.rebuild('other')).rejects.toBeInstanceOf(RebuildInProgressError);
    await expect(rebuildProjection(f.store, f.readStore, countingProjection())).rejects.toThrow(/already running/);
    await first;
    await expect(runner.rebuild('other')).resolves.toMatchObject({ events: 2000 });
  });

  it('from another process (the CLI) while this runner is live: refused here meanwhile; its swap catches up past the live checkpoint first', async () => {
    const runner = f.runner([countingProjection()]);
    await f.appendMany(3000);
    const child = await spawnTs(REBUILD_CHILD, { args: [f.dir, f.dir, 'first-page', 'swap'] });
    await child.waitForLine((l) => l.startsWith('holding first-page '));
    expect(rebuildLockHolder(f.readStore)).toMatchObject({ projection: 'counts', pid: child.child.pid });
    await expect(runner.rebuild('counts')).rejects.toBeInstanceOf(RebuildInProgressError);

    const stopAppending = appendsFlowing(f);
    fs.writeFileSync(path.join(f.dir, 'first-page'), '');
    const beforeSwap = positionFromString(
      (await child.waitForLine((l) => l.startsWith('holding swap '))).split(' ')[2],
    );
    // the live projection moves past what the other process has applied: its swap must catch up first, not lose these
    const live = await f.append('s-late', counted(1), counted(2));
    expect(await runner.waitForPosition(live, 5000)).toBe(true);
    expect(beforeSwap.commit).toBeLessThan(live.commit);
    fs.writeFileSync(path.join(f.dir, 'swap'), '');
    const outcome = await child.waitForLine((l) => l.startsWith('rebuilt ') || l.startsWith('failed '), 60_000);
    expect(outcome).toMatch(/^rebuilt /);
    expect((await child.exited).code).toBe(0);
    expect(positionFromString(outcome.split(' ')[2]).commit).toBeGreaterThanOrEqual(live.commit);
    await stopAppending();

    expect(await runner.waitForPosition(await f.store.headPosition(), 10_000)).toBe(true);
    expect(f.counts()).toEqual(await foldedCounts(f.store));
    expect(f.counts()).toContainEqual({ stream: 's-late', n: 2 });
    expect(indexesOf(f)).toEqual([expect.stringMatching(/^stream_counts__rb[0-9a-f]{8}_by_n$/)]);
    expect(runner.status().projections[0]).toMatchObject({ parked: false, lag: 0 });
  });

  it('a rebuild process killed mid-way blocks nothing: its lock is taken over and its fresh tables dropped', async () => {
    const head = await f.appendMany(2000);
    const child = await spawnTs(REBUILD_CHILD, { args: [f.dir, f.dir, 'first-page'] });
    await child.waitForLine((l) => l.startsWith('holding first-page '));
    expect(f.readStore.tablesMatching('stream_counts__rb*')).toHaveLength(1);
    await child.kill('SIGKILL');
    expect(rebuildLockHolder(f.readStore)).toMatchObject({ pid: child.child.pid });

    await expect(rebuildProjection(f.store, f.readStore, countingProjection())).resolves.toEqual({
      events: 2000,
      position: head,
    });
    expect(f.readStore.tablesMatching('stream_counts__rb*')).toEqual([]);
    expect(f.counts()).toEqual(await foldedCounts(f.store));
  });

  it('a lock with a live heartbeat from another host is respected; once its heartbeat is stale it is taken over', async () => {
    await f.appendMany(500);
    const holdLock = (heartbeatMs: number) =>
      f.readStore
        .statement(
          "INSERT OR REPLACE INTO projection_rebuild_lock (id, owner, projection, heartbeat_ms, host, pid) VALUES (1, 'cli@elsewhere', 'counts', ?, 'elsewhere', 1)",
        )
        .run(heartbeatMs);
    holdLock(Date.now());
    await expect(
      rebuildProjection(f.store, f.readStore, countingProjection(), { lockStaleMs: 60_000 }),
    ).rejects.toBeInstanceOf(RebuildInProgressError);
    holdLock(Date.now() - 60_000);
    await expect(
      rebuildProjection(f.store, f.readStore, countingProjection(), { lockStaleMs: 60_000 }),
    ).resolves.toMatchObject({ events: 500 });
  });

  it('a rebuild that lost its lock, or was aborted, stops without swapping: live tables and checkpoint unchanged', async () => {
    const runner = f.runner([countingProjection()]);
    const head = await f.appendMany(2000);
    await runner.waitForPosition(head, 5000);
    const before = {
      counts: f.counts(),
      indexes: indexesOf(f),
      checkpoint: f.readStore.checkpoint('counts')!.position,
    };
    const takeOver = () => f.readStore.statement("UPDATE projection_rebuild_lock SET owner = 'usurper'").run();
    await expect(
      rebuildProjection(f.store, f.readStore, countingProjection(), { pageSize: 500, onProgress: takeOver }),
    ).rejects.toBeInstanceOf(RebuildLockLostError);
    f.readStore.statement('DELETE FROM projection_rebuild_lock').run();
    const abort = new AbortController();
    await expect(
      rebuildProjection(f.store, f.readStore, countingProjection(), {
        pageSize: 500,
        signal: abort.signal,
        onProgress: () => abort.abort(),
      }),
    ).rejects.toThrow(/abort/i);
    expect({
      counts: f.counts(),
      indexes: indexesOf(f),
      checkpoint: f.readStore.checkpoint('counts')!.position,
    }).toEqual(before);
    expect(f.readStore.tablesMatching('stream_counts__rb*')).toEqual([]);
    expect(rebuildLockHolder(f.readStore)).toBeUndefined();
  });
});
