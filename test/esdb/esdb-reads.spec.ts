/**
 * EventStoreDB adapter, reads: retries on UNAVAILABLE and on a read that never answers (the client sets no read
 * deadline; the adapter does), reconnection after a server restart, system events kept out of `$all`, and
 * positions beyond 2^53 kept exact from append to read to subscription.
 */
import { EsdbEventStore } from '../../src/event-store/esdb/esdb-event-store';
import {
  EventStoreUnavailableError,
  positionFromString,
  positionToString,
  RecordedEvent,
} from '../../src/event-store/port';
import { idsOf, newEvents } from '../event-store/contract/contract-support';
import { DoubleAndStore, startDoubleAndStore } from './esdb-test-support';

describe('EventStoreDB adapter: reads', () => {
  let env: DoubleAndStore;

  afterEach(async () => {
    await env.close();
  });

  test('reads refused with UNAVAILABLE are retried until the server answers', async () => {
    env = await startDoubleAndStore();
    const { store, double } = env;
    const events = newEvents(3);
    await store.append('ledger-1', events, 'no_stream');
    double.faults.unavailableReads = 2;
    expect(idsOf(await store.readStream('ledger-1', { maxCount: 10 }))).toEqual(idsOf(events));
    double.faults.unavailableReads = 2;
    expect(idsOf(await store.readAll({ maxCount: 10 }))).toEqual(idsOf(events));
    expect(double.faults.unavailableReads).toBe(0);
  });

  test('a read that never answers is cancelled at the deadline and tried again', async () => {
    env = await startDoubleAndStore({}, { deadlineMs: 300 });
    const { store, double } = env;
    const events = newEvents(2);
    await store.append('ledger-2', events, 'no_stream');
    double.faults.stalledReads = 1;
    expect(idsOf(await store.readStream('ledger-2', { maxCount: 10 }))).toEqual(idsOf(events));
    expect(double.faults.stalledReads).toBe(0);
  });

  test('a read issued while the server restarts succeeds once it is back, on a new connection', async () => {
    env = await startDoubleAndStore();
    const { store, double } = env;
    const events = newEvents(2);
    await store.append('ledger-3', events, 'no_stream');
    await double.stop();
    const pending = store.readStream('ledger-3', { maxCount: 10 });
    setTimeout(() => void double.start(), 200);
    expect(idsOf(await pending)).toEqual(idsOf(events));
  });

  test('a server that stays away fails reads and ping with EventStoreUnavailableError', async () => {
    env = await startDoubleAndStore();
    await env.double.stop();
    const store = new EsdbEventStore({ connectionString: env.double.connectionString, deadlineMs: 300, attempts: 2 });
    try {
      await expect(store.readStream('ledger-4', { maxCount: 1 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll({ maxCount: 1 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await store.close();
      await env.double.start();
    }
  });

  test('system events never reach $all readers; headPosition skips them', async () => {
    env = await startDoubleAndStore({ systemEventEvery: 1 });
    const { store, double } = env;
    const first = newEvents(2);
    const second = newEvents(1);
    await store.append('ledger-5', first, 'no_stream');
    const { position } = await store.append('ledger-6', second, 'no_stream');
    expect(double.log.events.filter((e) => e.stream.startsWith('$'))).toHaveLength(2);
    expect(idsOf(await store.readAll({ maxCount: 10 }))).toEqual(idsOf([...first, ...second]));
    expect(idsOf(await store.readAll({ direction: 'backwards', maxCount: 2 }))).toEqual(idsOf([second[0], first[1]]));
    expect(await store.headPosition()).toEqual(position);
  });

  test('positions beyond 2^53 round-trip exactly through append, reads, subscription and their string form', async () => {
    const beyondSafeIntegers = 2n ** 53n + 1n;
    env = await startDoubleAndStore({ firstPosition: beyondSafeIntegers });
    const { store } = env;
    await store.append('ledger-7', newEvents(1), 'no_stream');
    const { position } = await store.append('ledger-7', newEvents(2), 0n);
    expect(position.commit > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const stored = await store.readStream('ledger-7', { maxCount: 10 });
    expect(stored[2].position).toEqual(position);
    expect((await store.readAll({ after: stored[1].position, maxCount: 10 })).map((e) => e.position)).toEqual([
      position,
    ]);
    expect(await store.headPosition()).toEqual(position);
    expect(positionFromString(positionToString(position))).toEqual(position);
    const subscription = store.subscribeToAll({ after: stored[1].position });
    let delivered: RecordedEvent | undefined;
    for await (const event of subscription) {
      delivered = event;
      break;
    }
    await subscription.stop();
    expect(delivered?.position).toEqual(position);
  });
});
