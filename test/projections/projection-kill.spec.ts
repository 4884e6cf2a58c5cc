/**
 * SIGKILL while a projection is applying a batch (between applying events and storing the checkpoint): the change
 * and the checkpoint share one transaction, so after a restart, once caught up, the read model equals a fresh
 * rebuild into another directory.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ReadStore } from '../../src/projections/read-store';
import { rebuildProjection } from '../../src/projections/rebuild';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { removeBundles, spawnTs } from '../support/spawn-ts';
import { countingProjection, META } from './projection-fixture';

const EVENTS = 60_000;

describe('projection killed mid-batch', () => {
  afterAll(() => removeBundles());

  it('restarts to a read model equal to a fresh rebuild', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actions-kill-'));
    const store = new SqliteEventStore({ file: path.join(dir, 'events.sqlite') });
    for (let b = 0; b < EVENTS / 1000; b++) {
      await store.append(`s-${b % 7}`, Array.from({ length: 1000 }, (_, i) => ({ id: randomUUID(), type: 'Counted', data: { i }, metadata: META })), 'any');
    }
    const head = await store.headPosition();

    const child = await spawnTs('test/projections/fixtures/projecting-child.ts', { args: [dir] });
    const midway = await child.waitForLine((l) => {
      const n = Number(l.split(' ')[1]);
      return n > EVENTS / 6 && n < (EVENTS * 2) / 3;
    }, 60_000);
    await child.kill('SIGKILL');
    const killedAt = Number(midway.split(' ')[1]);
    expect(killedAt).toBeLessThan(Number(head.commit));

    const readStore = new ReadStore(path.join(dir, 'read-models.sqlite'));
    const resumedFrom = readStore.checkpoint('counts')!.position.commit;
    expect(resumedFrom).toBeLessThan(head.commit); // it really was killed before the end
    const runner = new ProjectionRunner(store, readStore, [countingProjection()]);
    runner.start();
    expect(await runner.waitForPosition(head, 60_000)).toBe(true);
    await runner.stop();

    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'actions-fresh-'));
    const fresh = new ReadStore(path.join(freshDir, 'read-models.sqlite'));
    await rebuildProjection(store, fresh, countingProjection(), { owner: 'test' });
    const table = (rs: ReadStore) => rs.all('SELECT stream, n FROM stream_counts ORDER BY stream');
    expect(table(readStore)).toEqual(table(fresh));
    expect(table(fresh).reduce((sum: number, r) => sum + (r as { n: number }).n, 0)).toBe(EVENTS);

    readStore.close();
    fresh.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(freshDir, { recursive: true, force: true });
  }, 120_000);
});
