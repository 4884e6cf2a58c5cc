/**
 * Contract cases for subscribeToAll: catch-up from an exclusive position then live, exactly once and in order,
 * across forced drops; the event type filter; stop().
 */
import { NewEvent, Position, RecordedEvent, START } from '../../../src/event-store/port';
import { FixtureAccess, SubscriptionRecorder, idsOf, newEvents, uniqueStream, uniqueSuffix } from './contract-support';

export function describeSubscriptionContract(fixture: FixtureAccess): void {
  describe('subscribeToAll', () => {
    /** Appends batches to fresh streams one after another; returns every event in append order. */
    const appendInOrder = async (sizes: readonly number[], streams: Set<string>, type?: (i: number) => string) => {
      const { store } = fixture();
      const all: NewEvent[] = [];
      let lastPosition: Position = START;
      for (const size of sizes) {
        const stream = uniqueStream('contractSub');
        streams.add(stream);
        const events = newEvents(size).map((e, i) => (type ? { ...e, type: type(all.length + i) } : e));
        lastPosition = (await store.append(stream, events, 'no_stream')).position;
        all.push(...events);
      }
      return Object.assign(all, { lastPosition });
    };

    test('delivers every event after the start position, then live ones, once each and in order', async () => {
      const { store } = fixture();
      const streams = new Set<string>();
      const skipped = await appendInOrder([3, 1, 4, 2], streams);
      const catchUp = await appendInOrder([2, 1, 3], streams);
      const recorder = new SubscriptionRecorder(store, { after: skipped.lastPosition }, (e) => streams.has(e.stream));
      await recorder.waitForCount(catchUp.length);
      const live = await appendInOrder([1, 2, 1], streams);
      const concurrent = newEvents(5);
      await Promise.all(
        concurrent.map((e) => {
          const stream = uniqueStream('contractSub');
          streams.add(stream);
          return store.append(stream, [e], 'no_stream');
        }),
      );
      const total = catchUp.length + live.length + concurrent.length;
      await recorder.waitForCount(total);
      await recorder.stop();
      const delivered = idsOf(recorder.events);
      expect(delivered).toHaveLength(total);
      expect(delivered.slice(0, catchUp.length + live.length)).toEqual(idsOf([...catchUp, ...live]));
      expect(delivered.slice(catchUp.length + live.length).sort()).toEqual(idsOf(concurrent).sort());
      expect(recorder.orderViolation).toBeUndefined();
    });

    test('resumes by itself after forced drops during catch-up and while live, skipping and repeating nothing', async () => {
      const { store, dropSubscriptions } = fixture();
      const streams = new Set<string>();
      const after = await store.headPosition();
      const catchUp = await appendInOrder([400, 400, 400], streams);
      const recorder = new SubscriptionRecorder(store, { after }, (e) => streams.has(e.stream));
      await recorder.waitForCount(100);
      await dropSubscriptions();
      await recorder.waitForCount(catchUp.length);
      const live = await appendInOrder([2, 3], streams);
      await recorder.waitForCount(catchUp.length + 2);
      await dropSubscriptions();
      live.push(...(await appendInOrder([1, 4], streams)));
      await recorder.waitForCount(catchUp.length + live.length);
      await recorder.stop();
      expect(idsOf(recorder.events)).toEqual(idsOf([...catchUp, ...live]));
      expect(recorder.orderViolation).toBeUndefined();
    });

    test('delivers only the requested event types, in order', async () => {
      const { store } = fixture();
      const suffix = uniqueSuffix();
      const types = [`ContractAlpha${suffix}`, `ContractBeta${suffix}`, `ContractGamma${suffix}`];
      const wanted = new Set([types[0], types[2]]);
      const streams = new Set<string>();
      const after = await store.headPosition();
      const written = await appendInOrder([5, 7, 3, 9, 6], streams, (i) => types[(i * 7) % 3]);
      const expected = written.filter((e) => wanted.has(e.type));
      const recorder = new SubscriptionRecorder(store, { after, eventTypes: [...wanted] }, () => true);
      const live = await appendInOrder([4, 4], streams, (i) => types[i % 3]);
      expected.push(...live.filter((e) => wanted.has(e.type)));
      await recorder.waitForCount(expected.length);
      await recorder.stop();
      const ours = recorder.events.filter((e) => streams.has(e.stream));
      expect(idsOf(ours)).toEqual(idsOf(expected));
      expect(recorder.events.every((e: RecordedEvent) => wanted.has(e.type))).toBe(true);
    });

    test('started at the head it delivers only what is appended afterwards; stop() ends the iteration', async () => {
      const { store } = fixture();
      const streams = new Set<string>();
      await appendInOrder([2], streams);
      const recorder = new SubscriptionRecorder(store, { after: await store.headPosition() }, (e) =>
        streams.has(e.stream),
      );
      const live = await appendInOrder([1, 2], streams);
      await recorder.waitForCount(live.length);
      await recorder.stop();
      await expect(recorder.finished).resolves.toBeUndefined();
      expect(idsOf(recorder.events)).toEqual(idsOf(live));
    });
  });
}
