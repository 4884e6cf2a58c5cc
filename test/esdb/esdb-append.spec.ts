/**
 * EventStoreDB adapter, appends: how the server's answers map onto the port, and the ambiguous outcome. A write
 * that may have landed (acknowledgement lost, connection cut after the commit) is repeated as the identical
 * request, which EventStoreDB answers with the original result; it must land exactly once.
 */
import { EsdbEventStore } from '../../src/event-store/esdb/esdb-event-store';
import { EventStoreUnavailableError } from '../../src/event-store/port';
import { expectWrongRevision, idsOf, newEvents } from '../event-store/contract/contract-support';
import { DoubleAndStore, startDoubleAndStore } from './esdb-test-support';

describe('EventStoreDB adapter: appends', () => {
  let env: DoubleAndStore;

  // The deadline is what ends a call whose acknowledgement the double drops; it must also leave a loaded machine
  // time for every answered call, or a slow first append is sent twice and the request counts below are off (with
  // 500 ms it was, under load).
  beforeEach(async () => {
    env = await startDoubleAndStore({}, { deadlineMs: 2000 });
  });
  afterEach(async () => {
    await env.close();
  });

  test('a wrong expected version in the append response becomes WrongExpectedRevisionError with the actual revision', async () => {
    const { store, double } = env;
    await store.append('order-1', newEvents(2), 'no_stream');
    const stale = await expectWrongRevision(store.append('order-1', newEvents(1), 0n), 1n);
    expect(stale).toMatchObject({ stream: 'order-1', expected: 0n });
    await expectWrongRevision(store.append('order-1', newEvents(1), 'no_stream'), 1n);
    await expectWrongRevision(store.append('order-2', newEvents(1), 'stream_exists'), 'no_stream');
    await expectWrongRevision(store.append('order-2', newEvents(1), 3n), 'no_stream');
    // Each went to the server once, through BatchAppend: a conflict is an answer, not a failure to retry.
    expect(double.receivedAppends.map((a) => a.expected)).toEqual(['no_stream', 0n, 'no_stream', 'stream_exists', 3n]);
  });

  test('an append whose acknowledgement is lost is repeated as the identical request and lands once', async () => {
    const { store, double } = env;
    await store.append('cart-1', newEvents(1), 'no_stream');
    double.faults.loseAcknowledgements = 1;
    const batch = newEvents(3);
    const result = await store.append('cart-1', batch, 0n);
    const identical = { stream: 'cart-1', expected: 0n, eventIds: idsOf(batch) };
    expect(double.receivedAppends.slice(1)).toEqual([identical, identical]);
    const stored = await store.readStream('cart-1', { maxCount: 10 });
    expect(idsOf(stored)).toHaveLength(4);
    expect(idsOf(stored.slice(1))).toEqual(idsOf(batch));
    expect(result).toEqual({ nextRevision: 3n, position: stored[3].position });
  });

  test('an append cut off by a lost connection after the commit is repeated after reconnecting and lands once', async () => {
    const { store, double } = env;
    await store.append('cart-2', newEvents(2), 'no_stream');
    double.faults.failAfterCommit = 1;
    const batch = newEvents(2);
    const result = await store.append('cart-2', batch, 'any');
    const identical = { stream: 'cart-2', expected: 'any', eventIds: idsOf(batch) };
    expect(double.receivedAppends.slice(1)).toEqual([identical, identical]);
    const later = newEvents(1);
    expect((await store.append('cart-2', later, 3n)).nextRevision).toBe(4n);
    const stored = await store.readStream('cart-2', { maxCount: 10 });
    expect(idsOf(stored.slice(2))).toEqual([...idsOf(batch), ...idsOf(later)]);
    expect(result).toEqual({ nextRevision: 3n, position: stored[3].position });
  });

  test('while the server stays away an append fails with EventStoreUnavailableError (outcome unknown)', async () => {
    const { double } = env;
    await double.stop();
    const store = new EsdbEventStore({ connectionString: double.connectionString, deadlineMs: 500, attempts: 2 });
    try {
      await expect(store.append('cart-3', newEvents(1), 'no_stream')).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
    } finally {
      await store.close();
      await double.start();
    }
  });

  test('an empty batch is checked against the stream and not sent', async () => {
    const { store, double } = env;
    expect(await store.append('empty-1', [], 'no_stream')).toEqual({
      nextRevision: -1n,
      position: await store.headPosition(),
    });
    await expectWrongRevision(store.append('empty-1', [], 0n), 'no_stream');
    await store.append('empty-1', newEvents(2), 'no_stream');
    expect((await store.append('empty-1', [], 1n)).nextRevision).toBe(1n);
    await expectWrongRevision(store.append('empty-1', [], 'no_stream'), 1n);
    expect(double.receivedAppends).toHaveLength(1);
  });
});
