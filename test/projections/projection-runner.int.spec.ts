/** The projection engine on the real embedded store: checkpoints, idempotence, parking, waiting, rebuilds. */
import { comparePositions } from '../../src/event-store/port';
import { rebuildProjection, RebuildInProgressError } from '../../src/projections/rebuild';
import { countingProjection, projectionFixture } from './projection-fixture';

const counted = (n: number) => ({ type: 'Counted', data: { n } });

describe('projection runner', () => {
  it('applies events once: re-delivery after a restart changes nothing; the checkpoint moves over unhandled types too', async () => {
    const f = projectionFixture();
    let runner = f.runner([countingProjection()]);
    await f.append('s-1', counted(1), counted(2), { type: 'Ignored', data: {} });
    const last = await f.append('s-2', counted(3));
    expect(await runner.waitForPosition(last, 5000)).toBe(true);
    expect(f.rows('SELECT stream, n FROM stream_counts ORDER BY stream')).toEqual([{ stream: 's-1', n: 2 }, { stream: 's-2', n: 1 }]);
    await runner.stop();
    // a restarted runner sees the same log again from its checkpoint: nothing is applied twice
    runner = f.runner([countingProjection()]);
    const more = await f.append('s-2', counted(4));
    await runner.waitForPosition(more, 5000);
    expect(f.rows('SELECT stream, n FROM stream_counts ORDER BY stream')).toEqual([{ stream: 's-1', n: 2 }, { stream: 's-2', n: 2 }]);
    expect(comparePositions(f.readStore.checkpoint('counts')!.position, more)).toBe(0);
    await f.close();
  });

  it('parks a projection that keeps failing on an event, after bounded retries; the others go on; unpark resumes', async () => {
    const f = projectionFixture();
    let failing = true;
    const fragile = countingProjection('fragile', 1, (d) => failing && (d as { n: number }).n === 2);
    const runner = f.runner([fragile, countingProjection('sturdy')]);
    await f.append('s-1', counted(1));
    const bad = await f.append('s-1', counted(2));
    const after = await f.append('s-1', counted(3));
    expect(await runner.waitForPosition(after, 5000)).toBe(true); // parked projections do not hold writers back
    const status = runner.status();
    expect(status.projections.find((p) => p.name === 'fragile')).toMatchObject({ parked: true, error: expect.stringContaining('refusing') });
    expect(status.projections.find((p) => p.name === 'sturdy')).toMatchObject({ parked: false });
    const row = f.readStore.checkpoint('fragile')!;
    expect(row.status).toBe('parked');
    expect(comparePositions(row.parkedAt!, bad)).toBe(0);
    failing = false;
    runner.unpark('fragile');
    await new Promise((r) => setTimeout(r, 300));
    expect(await runner.waitForPosition(after, 5000)).toBe(true);
    expect(runner.status().projections.every((p) => !p.parked)).toBe(true);
    await f.close();
  });

  it('waitForPosition resolves false on timeout when the position is never reached', async () => {
    const f = projectionFixture();
    const runner = f.runner([countingProjection()]);
    expect(await runner.waitForPosition({ commit: 10_000n, prepare: 10_000n }, 50)).toBe(false);
    await f.close();
  });

  it('a version bump rebuilds the projection from position 0 at start', async () => {
    const f = projectionFixture();
    const v1 = f.runner([countingProjection('counts', 1)]);
    const p = await f.append('s-1', counted(1), counted(2));
    await v1.waitForPosition(p, 5000);
    await v1.stop();
    f.readStore.db.exec('UPDATE stream_counts SET n = 999'); // a v1 fold that v2 must not inherit
    const v2 = f.runner([countingProjection('counts', 2)]);
    await v2.waitForPosition(p, 5000);
    await new Promise((r) => setTimeout(r, 100));
    expect(f.rows('SELECT n FROM stream_counts')).toEqual([{ n: 2 }]);
    expect(f.readStore.checkpoint('counts')!.version).toBe(2);
    await f.close();
  });

  it('rebuilds while live appends flow, ends equal to a fresh fold with nothing lost or doubled; one rebuild at a time', async () => {
    const f = projectionFixture();
    const runner = f.runner([countingProjection()]);
    for (let i = 0; i < 20; i++) await f.append(`s-${i % 4}`, ...Array.from({ length: 50 }, (_, k) => counted(k)));
    let writing = true;
    const writer = (async () => { let i = 0; while (writing) { await f.append(`s-${i++ % 4}`, counted(i)); await new Promise((r) => setImmediate(r)); } })();
    // the lock is taken when a rebuild starts: whichever comes second, from another process or this one, is refused
    const first = runner.rebuild('counts');
    const fromCli = rebuildProjection(f.store, f.readStore, countingProjection(), { owner: 'cli-elsewhere' });
    const again = runner.rebuild('counts');
    await expect(fromCli).rejects.toBeInstanceOf(RebuildInProgressError);
    await expect(again).rejects.toBeInstanceOf(RebuildInProgressError);
    const { events } = await first;
    expect(events).toBeGreaterThanOrEqual(1000);
    writing = false;
    await writer;
    const head = await f.store.headPosition();
    await runner.waitForPosition(head, 5000);
    const total = f.rows<{ n: number }>('SELECT SUM(n) AS n FROM stream_counts')[0].n;
    const counted_ = (await f.store.readAll({ maxCount: 100_000 })).filter((e) => e.type === 'Counted').length;
    expect(total).toBe(counted_);
    await f.close();
  });
});
