/**
 * Contract cases for append: expected revisions, optimistic concurrency under contention, idempotent retries.
 */
import { AppendResult, WrongExpectedRevisionError } from '../../../src/event-store/port';
import {
  FixtureAccess,
  expectWrongRevision,
  idsOf,
  newEvent,
  newEvents,
  readWholeStream,
  uniqueStream,
} from './contract-support';

export function describeAppendContract(fixture: FixtureAccess): void {
  describe('append with an expected revision', () => {
    test('no_stream creates the stream at revisions 0.. and returns the last revision and its position', async () => {
      const { store } = fixture();
      const stream = uniqueStream();
      const events = newEvents(3);
      const result = await store.append(stream, events, 'no_stream');
      expect(result.nextRevision).toBe(2n);
      const stored = await readWholeStream(store, stream);
      expect(idsOf(stored)).toEqual(idsOf(events));
      expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect(stored.every((e) => e.stream === stream)).toBe(true);
      expect(stored[2].position).toEqual(result.position);
    });

    test('no_stream on an existing stream conflicts, reports the actual revision and writes nothing', async () => {
      const { store } = fixture();
      const stream = uniqueStream();
      await store.append(stream, newEvents(2), 'no_stream');
      await expectWrongRevision(store.append(stream, newEvents(1), 'no_stream'), 1n);
      expect(await readWholeStream(store, stream)).toHaveLength(2);
    });

    test('stream_exists conflicts on a missing stream and appends to an existing one', async () => {
      const { store } = fixture();
      const stream = uniqueStream();
      await expectWrongRevision(store.append(stream, newEvents(1), 'stream_exists'), 'no_stream');
      expect(await readWholeStream(store, stream)).toEqual([]);
      await store.append(stream, newEvents(1), 'no_stream');
      const result = await store.append(stream, newEvents(2), 'stream_exists');
      expect(result.nextRevision).toBe(2n);
    });

    test('an exact revision appends when it is the last revision and conflicts otherwise', async () => {
      const { store } = fixture();
      const stream = uniqueStream();
      await expectWrongRevision(store.append(stream, newEvents(1), 0n), 'no_stream');
      await store.append(stream, newEvents(2), 'no_stream');
      expect((await store.append(stream, newEvents(1), 1n)).nextRevision).toBe(2n);
      await expectWrongRevision(store.append(stream, newEvents(1), 1n), 2n); // stale
      await expectWrongRevision(store.append(stream, newEvents(1), 5n), 2n); // ahead
      expect((await readWholeStream(store, stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    });

    test('any appends to a missing stream and to an existing one', async () => {
      const { store } = fixture();
      const stream = uniqueStream();
      expect((await store.append(stream, newEvents(2), 'any')).nextRevision).toBe(1n);
      expect((await store.append(stream, newEvents(1), 'any')).nextRevision).toBe(2n);
    });
  });

  describe('append under contention', () => {
    test('of 50 concurrent appends expecting the same revision exactly one wins; the others conflict', async () => {
      const { store } = fixture();
      const stream = uniqueStream();
      await store.append(stream, newEvents(1), 'no_stream');
      const batches = Array.from({ length: 50 }, () => newEvents(2));
      const outcomes = await Promise.allSettled(batches.map((batch) => store.append(stream, batch, 0n)));
      const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const o of outcomes)
        if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
      const stored = await readWholeStream(store, stream);
      expect(idsOf(stored.slice(1))).toEqual(idsOf(batches[winners[0]]));
      expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    });

    test('50 appenders retrying on conflict all land whole, contiguous batches; every loss is a conflict', async () => {
      const { store } = fixture();
      const stream = uniqueStream();
      let conflicts = 0;
      const appendUntilAccepted = async (batch: ReturnType<typeof newEvents>): Promise<AppendResult> => {
        for (;;) {
          const last = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
          try {
            return await store.append(stream, batch, last.length === 0 ? 'no_stream' : last[0].revision);
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError)) throw error;
            conflicts++;
          }
        }
      };
      const batches = Array.from({ length: 50 }, () => newEvents(2));
      const results = await Promise.all(batches.map(appendUntilAccepted));
      expect(conflicts).toBeGreaterThan(0);
      const stored = await readWholeStream(store, stream);
      expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i)));
      batches.forEach((batch, i) => {
        const at = Number(results[i].nextRevision) - 1;
        expect(idsOf(stored.slice(at, at + 2))).toEqual(idsOf(batch));
      });
    });
  });

  describe('idempotent retries', () => {
    test('re-sending an identical append returns the original result and writes nothing more', async () => {
      const { store } = fixture();
      const stream = uniqueStream();
      const batch = newEvents(3);
      const first = await store.append(stream, batch, 'no_stream');
      const retried = await store.append(stream, batch, 'no_stream');
      expect(retried).toEqual(first);
      expect(idsOf(await readWholeStream(store, stream))).toEqual(idsOf(batch));
    });

    test('a retry with an exact expected revision succeeds even after the stream moved on', async () => {
      const { store } = fixture();
      const stream = uniqueStream();
      await store.append(stream, newEvents(1), 'no_stream');
      const batch = newEvents(2);
      const first = await store.append(stream, batch, 0n);
      const later = newEvent();
      await store.append(stream, [later], 2n);
      expect(await store.append(stream, batch, 0n)).toEqual(first);
      expect(await store.append(stream, batch, 'any')).toEqual(first);
      expect((await readWholeStream(store, stream)).map((e) => e.id).slice(1)).toEqual([...idsOf(batch), later.id]);
    });

    test('an append whose ids only partly match an earlier append is refused whole', async () => {
      const { store } = fixture();
      const stream = uniqueStream();
      const [a, b] = newEvents(2);
      await store.append(stream, [a, b], 'no_stream');
      await expect(store.append(stream, [a, newEvent()], 'no_stream')).rejects.toThrow();
      await expect(store.append(stream, [newEvent(), a], 'no_stream')).rejects.toThrow();
      expect(idsOf(await readWholeStream(store, stream))).toEqual([a.id, b.id]);
    });
  });
}
