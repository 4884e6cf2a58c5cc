/**
 * SIGKILL in the middle of projecting: a child process runs the runner over a log of many events and is killed while
 * a batch transaction is open (it has already written part of the batch). Because the read-model changes and the
 * checkpoint share one transaction, what the killed process leaves is exactly the fold up to its last committed
 * checkpoint; after a restart, once caught up, the read model equals a fresh rebuild into another directory.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { positionFromString } from '../../src/event-store/port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { ReadStore } from '../../src/projections/read-store';
import { removeBundles, spawnTs } from '../support/spawn-ts';
import { countingProjection, foldedCounts, freshRebuildCounts, META, tempDir } from './projection-fixture';

const EVENTS = 20_000;
const PER_APPEND = 1000;

describe('projection runner killed mid-transaction', () => {
  afterAll(() => removeBundles());

  it('leaves the fold up to its last checkpoint, and after a restart the read model equals a fresh rebuild', async () => {
    const dir = tempDir('actions-kill-');
    const store = new SqliteEventStore({ file: path.join(dir, 'events.sqlite') });
    for (let b = 0; b < EVENTS / PER_APPEND; b++) {
      const events = Array.from({ length: PER_APPEND }, (_, i) => ({
        id: randomUUID(),
        type: 'Counted',
        data: { n: i },
        metadata: META,
      }));
      await store.append(`s-${b % 7}`, events, 'any');
    }
    const head = await store.headPosition();
    const stopAt = head.commit / 2n + 250n; // mid-log, well inside a batch

    const child = await spawnTs('test/projections/fixtures/projecting-child.ts', { args: [dir, String(stopAt)] });
    const line = await child.waitForLine((l) => l.startsWith('in-transaction '), 60_000);
    const exit = await child.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const [, blockedAt, committedBefore] = line.split(' ');
    expect(positionFromString(blockedAt).commit).toBe(stopAt);
    const lastCommitted = positionFromString(committedBefore);
    expect(stopAt - lastCommitted.commit).toBeGreaterThan(1n); // the open transaction had written events of its batch

    const readStore = new ReadStore(path.join(dir, 'read-models.sqlite'));
    const counts = () =>
      readStore.all<{ stream: string; n: number }>('SELECT stream, n FROM stream_counts ORDER BY stream');
    expect(readStore.checkpoint('counts')!.position).toEqual(lastCommitted);
    expect(counts()).toEqual(await foldedCounts(store, lastCommitted)); // nothing of the killed transaction survived

    const runner = new ProjectionRunner(store, readStore, [countingProjection()]);
    runner.start();
    expect(await runner.waitForPosition(head, 60_000)).toBe(true);
    await runner.stop();
    expect(counts()).toEqual(await freshRebuildCounts(store));
    expect(counts().reduce((sum, r) => sum + r.n, 0)).toBe(EVENTS);

    readStore.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
