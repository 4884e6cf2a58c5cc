/**
 * EventStoreDB adapter, subscriptions to `$all`: after a drop (server-side UNAVAILABLE, a severed network, a
 * restart, or no confirmation in time) the subscription comes back by itself, starting after the last event it
 * delivered, so nothing is lost and nothing repeated.
 */
import { EsdbEventStore } from '../../src/event-store/esdb/esdb-event-store';
import { NewEvent, Position, START } from '../../src/event-store/port';
import { idsOf, newEvents, SubscriptionRecorder } from '../event-store/contract/contract-support';
import { DoubleAndStore, startDoubleAndStore } from './esdb-test-support';
import { TcpProxy } from './tcp-proxy';

describe('EventStoreDB adapter: subscriptions', () => {
  let env: DoubleAndStore;

  beforeEach(async () => {
    env = await startDoubleAndStore({}, { deadlineMs: 500 });
  });
  afterEach(async () => {
    await env.close();
  });

  const appendBatches = async (store: EsdbEventStore, stream: string, batches: number, size: number) => {
    const written: NewEvent[] = [];
    for (let i = 0; i < batches; i++) {
      const events = newEvents(size);
      await store.append(stream, events, 'any');
      written.push(...events);
    }
    return written;
  };

  test('dropped during catch-up and while live, it resubscribes after the last delivered event: no gap, no repeat', async () => {
    const { store, double } = env;
    const catchUp = await appendBatches(store, 'feed-1', 6, 100);
    const recorder = new SubscriptionRecorder(store, { after: START }, () => true);
    await recorder.waitForCount(150);
    double.dropAllSubscriptions();
    await recorder.waitForCount(catchUp.length);
    double.dropAllSubscriptions();
    const live = await appendBatches(store, 'feed-1', 3, 2);
    await recorder.waitForCount(catchUp.length + live.length);
    await recorder.stop();
    expect(idsOf(recorder.events)).toEqual(idsOf([...catchUp, ...live]));
    expect(recorder.orderViolation).toBeUndefined();
    const delivered = new Set(recorder.events.map((e) => e.position.commit));
    const [first, ...resumed] = double.subscriptionStarts;
    expect(first).toBe('start');
    expect(resumed.length).toBeGreaterThanOrEqual(2);
    for (const start of resumed) expect(typeof start === 'bigint' && delivered.has(start)).toBe(true);
  });

  test('a severed network (every connection cut) is survived by subscriptions and appends alike', async () => {
    const { double } = env;
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: TcpProxy.targetOf(double.connectionString).port });
    const store = new EsdbEventStore({
      connectionString: TcpProxy.rewrite(double.connectionString, proxy.port),
      deadlineMs: 500,
    });
    try {
      const before = await appendBatches(store, 'feed-2', 2, 50);
      const recorder = new SubscriptionRecorder(store, { after: START }, () => true);
      await recorder.waitForCount(before.length);
      proxy.severAll();
      const after = await appendBatches(store, 'feed-2', 2, 3);
      await recorder.waitForCount(before.length + after.length);
      await recorder.stop();
      expect(idsOf(recorder.events)).toEqual(idsOf([...before, ...after]));
    } finally {
      await store.close();
      await proxy.close();
    }
  });

  test('a restarted server: the subscription resumes and receives what is written afterwards', async () => {
    const { store, double } = env;
    const before = await appendBatches(store, 'feed-3', 1, 5);
    const recorder = new SubscriptionRecorder(store, { after: START }, () => true);
    await recorder.waitForCount(before.length);
    await double.restart();
    const after = await appendBatches(store, 'feed-3', 2, 2);
    await recorder.waitForCount(before.length + after.length);
    await recorder.stop();
    expect(idsOf(recorder.events)).toEqual(idsOf([...before, ...after]));
  });

  test('a subscription the server never confirms is abandoned at the deadline and made again', async () => {
    const { store, double } = env;
    const written = await appendBatches(store, 'feed-4', 1, 3);
    double.faults.silentSubscriptions = 1;
    const recorder = new SubscriptionRecorder(store, { after: START }, () => true);
    await recorder.waitForCount(written.length);
    await recorder.stop();
    expect(idsOf(recorder.events)).toEqual(idsOf(written));
    expect(double.subscriptionStarts).toEqual(['start', 'start']);
  });

  test('event types are matched exactly, even with regex characters in them', async () => {
    const { store } = env;
    const types = ['Order.Placed+v2', 'OrderXPlaced+v2', 'Order.Placed+v2Extra', '(Order)'];
    const written = types.flatMap((type) => newEvents(2, type));
    await store.append('feed-5', written, 'no_stream');
    const wanted = new Set(['Order.Placed+v2', '(Order)']);
    const recorder = new SubscriptionRecorder(store, { after: START, eventTypes: [...wanted] }, () => true);
    await recorder.waitForCount(4);
    const afterwards: Position = (await store.append('feed-5', newEvents(1, '(Order)'), 7n)).position;
    await recorder.waitForCount(5);
    await recorder.stop();
    expect(recorder.events.map((e) => e.type)).toEqual([
      'Order.Placed+v2',
      'Order.Placed+v2',
      '(Order)',
      '(Order)',
      '(Order)',
    ]);
    expect(recorder.events[4].position).toEqual(afterwards);
  });
});
