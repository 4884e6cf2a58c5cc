/**
 * Projections fed by the EventStoreDB adapter (through the protocol double): the runner reads `$all` over gRPC and
 * keeps its checkpoints ({commit, prepare}) in its own read store, exactly as on the embedded store. When the
 * subscription is dropped (mid catch-up, while live, or by a server restart) it resumes after its checkpoint: the
 * counting projection (n = n + 1, deliberately not idempotent) ends equal to a fresh fold of the log, so no event
 * was lost and none was applied twice. A new runner on the same read store starts from the stored checkpoint.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { comparePositions, Position, positionToString, START } from '../../src/event-store/port';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { ReadStore } from '../../src/projections/read-store';
import { rebuildProjection } from '../../src/projections/rebuild';
import { counted, countingProjection, foldedCounts, META, tempDir } from '../projections/projection-fixture';
import { DoubleAndStore, startDoubleAndStore } from './esdb-test-support';

const TOTAL_AT_START = 3000;

describe('projections on EventStoreDB (protocol double)', () => {
  let env: DoubleAndStore;
  let dir: string;
  let readStore: ReadStore;
  const runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    // Positions start beyond 2^53: checkpoints must keep them exactly (bigint end to end). Drops and restarts reach
    // the adapter as connection errors, not as deadlines, so the calls keep the production deadline: with 1 s, a
    // page of `$all` on a loaded machine ran out of time and the runner never reached the head (flaky).
    env = await startDoubleAndStore({ firstPosition: 2n ** 53n + 11n }, { deadlineMs: 10_000 });
    dir = tempDir('actions-esdb-proj-');
    readStore = new ReadStore(path.join(dir, 'read-models.sqlite'));
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    readStore.close();
    await env.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const appendCounted = async (count: number, from = 0): Promise<Position> => {
    let last = START;
    for (let i = 0; i < count; i += 100) {
      const batch = Array.from({ length: Math.min(100, count - i) }, (_, k) => ({
        id: randomUUID(),
        ...counted(from + i + k),
        metadata: META,
      }));
      last = (await env.store.append(`counter-${(i / 100) % 7}`, batch, 'any')).position;
    }
    return last;
  };
  const startRunner = (onApply?: (n: number) => void) => {
    const runner = new ProjectionRunner(
      env.store,
      readStore,
      [countingProjection('counts', 1, { onApply: (d) => onApply?.(d.n) })],
      {
        retry: { attempts: 3, backoffMs: 5 },
      },
    );
    runners.push(runner);
    runner.start();
    return runner;
  };
  const reach = async (runner: ProjectionRunner, position: Position) => {
    expect(await runner.waitForPosition(position, 20_000)).toBe(true);
  };
  const counts = () =>
    readStore.all<{ stream: string; n: number }>('SELECT stream, n FROM stream_counts ORDER BY stream');

  it('drops during catch-up and while live, and a server restart: nothing lost, nothing applied twice', async () => {
    const { double } = env;
    await appendCounted(TOTAL_AT_START);
    let applied = 0;
    let restarting: Promise<void> | undefined;
    const runner = startRunner(() => {
      applied++;
      if (applied === 400 || applied === 1300) double.dropAllSubscriptions();
      if (applied === 2200) restarting = double.restart();
    });
    const head = await env.store.headPosition();
    await reach(runner, head);
    await restarting;
    expect(counts()).toEqual(await foldedCounts(env.store));

    const live1 = await appendCounted(250, TOTAL_AT_START);
    await reach(runner, live1);
    double.dropAllSubscriptions();
    const live2 = await appendCounted(250, TOTAL_AT_START + 250);
    await reach(runner, live2);

    expect(counts()).toEqual(await foldedCounts(env.store));
    expect(counts().reduce((sum, row) => sum + row.n, 0)).toBe(TOTAL_AT_START + 500);
    expect(double.subscriptionStarts.length).toBeGreaterThanOrEqual(5); // the first one and one per drop or restart
    expect(runner.status().projections[0]).toMatchObject({ parked: false, checkpoint: positionToString(live2) });
  }, 60_000);

  it('a new runner on the same read store resumes after the stored checkpoint (lossless beyond 2^53)', async () => {
    const { double } = env;
    const first = await appendCounted(500);
    const runner = startRunner();
    await reach(runner, first);
    await runner.stop();
    const checkpoint = runner.status().projections[0].checkpoint;
    expect(checkpoint).toBe(positionToString(first));
    expect(first.commit > 2n ** 53n).toBe(true);

    const second = await appendCounted(300, 500);
    const startsBefore = double.subscriptionStarts.length;
    const resumed = startRunner();
    await reach(resumed, second);
    expect(double.subscriptionStarts[startsBefore]).toBe(first.commit); // subscribed after the checkpoint, not from 0
    expect(comparePositions(second, first)).toBeGreaterThan(0);
    expect(counts()).toEqual(await foldedCounts(env.store));
  }, 60_000);

  it('a rebuild from position 0 over `$all` swaps in the same read model while the runner goes on', async () => {
    const head = await appendCounted(1200);
    const runner = startRunner();
    await reach(runner, head);
    const before = counts();
    const projection = countingProjection('counts', 1);
    await rebuildProjection(env.store, readStore, projection);
    expect(counts()).toEqual(before);
    const more = await appendCounted(200, 1200);
    await reach(runner, more);
    expect(counts()).toEqual(await foldedCounts(env.store));
  }, 60_000);
});
