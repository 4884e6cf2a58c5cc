/**
 * Contract cases for reading: one stream in both directions, the global log in both directions with an exclusive
 * `after`, global order versus commit order, and reading a large log page by page in bounded memory.
 */
import {
  EventStore,
  NewEvent,
  Position,
  RecordedEvent,
  ReadAllOptions,
  comparePositions,
} from '../../../src/event-store/port';
import {
  FixtureAccess,
  firstNonIncreasing,
  forceGc,
  idsOf,
  newEvent,
  newEvents,
  uniqueStream,
} from './contract-support';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const MEMORY_GROWTH_LIMIT_BYTES = 64 * 1024 * 1024;
const BIG_READ_PAGE = 1000;

export function describeReadContract(fixture: FixtureAccess, options: { bigReadCount: number }): void {
  describe('readStream', () => {
    let stream: string;
    let written: NewEvent[];
    const revisions = (events: RecordedEvent[]) => events.map((e) => Number(e.revision));

    beforeAll(async () => {
      stream = uniqueStream();
      written = newEvents(10, 'ContractEventRecorded', (i) => ({ i, nested: { list: [i, 'x'], flag: i % 2 === 0 } }));
      await fixture().store.append(stream, written.slice(0, 4), 'no_stream');
      await fixture().store.append(stream, written.slice(4), 3n);
    });

    test('returns what was appended: id, type, data, metadata, stream, revision and a UTC creation time', async () => {
      const stored = await fixture().store.readStream(stream, { maxCount: 100 });
      expect(stored.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }))).toEqual(written);
      expect(stored.every((e) => e.stream === stream && ISO_UTC.test(e.createdAt))).toBe(true);
      expect(revisions(stored)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    test('forwards from an inclusive revision, up to maxCount, stopping at the end of the stream', async () => {
      const { store } = fixture();
      expect(revisions(await store.readStream(stream, { fromRevision: 3n, maxCount: 4 }))).toEqual([3, 4, 5, 6]);
      expect(
        revisions(await store.readStream(stream, { direction: 'forwards', fromRevision: 8n, maxCount: 5 })),
      ).toEqual([8, 9]);
      expect(await store.readStream(stream, { fromRevision: 10n, maxCount: 5 })).toEqual([]);
    });

    test('backwards from the end or from an inclusive revision', async () => {
      const { store } = fixture();
      expect(revisions(await store.readStream(stream, { direction: 'backwards', maxCount: 3 }))).toEqual([9, 8, 7]);
      expect(
        revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 5n, maxCount: 3 })),
      ).toEqual([5, 4, 3]);
      expect(
        revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 1n, maxCount: 5 })),
      ).toEqual([1, 0]);
    });

    test('a stream that does not exist reads as [] in both directions', async () => {
      const { store } = fixture();
      const missing = uniqueStream();
      expect(await store.readStream(missing, { maxCount: 10 })).toEqual([]);
      expect(await store.readStream(missing, { direction: 'backwards', maxCount: 10 })).toEqual([]);
    });
  });

  describe('readAll', () => {
    let baseline: Position;
    let ours: RecordedEvent[];
    let streams: Set<string>;

    /** Pages through the log until `want` events of `own` streams are seen (or the log ends); returns them in read order. */
    const pageThrough = async (
      direction: 'forwards' | 'backwards',
      after: Position | undefined,
      pageSize: number,
      want: number,
      own = streams,
    ) => {
      const { store } = fixture();
      const seen: RecordedEvent[] = [];
      const everyPosition: Position[] = [];
      let cursor = after;
      for (;;) {
        const request: ReadAllOptions = { direction, maxCount: pageSize, ...(cursor ? { after: cursor } : {}) };
        const page = await store.readAll(request);
        expect(page.length).toBeLessThanOrEqual(pageSize);
        everyPosition.push(...page.map((e) => e.position));
        seen.push(...page.filter((e) => own.has(e.stream)));
        const passedBaseline =
          direction === 'backwards' && page.some((e) => comparePositions(e.position, baseline) <= 0);
        if (page.length < pageSize || passedBaseline || seen.length >= want) break;
        cursor = page[page.length - 1].position;
      }
      const inReadOrder = direction === 'forwards' ? everyPosition : [...everyPosition].reverse();
      expect(firstNonIncreasing(inReadOrder)).toBe(-1);
      return seen;
    };

    beforeAll(async () => {
      const { store } = fixture();
      baseline = await store.headPosition();
      const names = [uniqueStream(), uniqueStream(), uniqueStream()];
      streams = new Set(names);
      const batches = [1, 3, 1, 5, 2, 4, 1, 6, 2].map((size, i) => ({ stream: names[i % 3], events: newEvents(size) }));
      const acknowledged: Position[] = [];
      for (const batch of batches) acknowledged.push((await store.append(batch.stream, batch.events, 'any')).position);
      expect(firstNonIncreasing(acknowledged)).toBe(-1); // global order is the order appends were acknowledged
      ours = await pageThrough('forwards', baseline, 1000, 25);
      expect(idsOf(ours)).toEqual(batches.flatMap((b) => idsOf(b.events)));
      expect(
        comparePositions(await store.headPosition(), acknowledged[acknowledged.length - 1]),
      ).toBeGreaterThanOrEqual(0);
    });

    test('forwards in small pages from an exclusive position returns every later event once, in order', async () => {
      expect(idsOf(await pageThrough('forwards', baseline, 4, 25))).toEqual(idsOf(ours));
      expect(idsOf(await pageThrough('forwards', ours[4].position, 7, 20))).toEqual(idsOf(ours.slice(5)));
    });

    test('backwards from the end, and from an exclusive position, in small pages', async () => {
      expect(idsOf(await pageThrough('backwards', undefined, 4, 25))).toEqual(idsOf(ours).reverse());
      expect(idsOf(await pageThrough('backwards', ours[19].position, 6, 19))).toEqual(
        idsOf(ours.slice(0, 19)).reverse(),
      );
    });

    test('concurrent appends are read back in the order of the positions they were acknowledged with', async () => {
      const { store } = fixture();
      const before = await store.headPosition();
      const batches = Array.from({ length: 20 }, () => ({ stream: uniqueStream(), events: [newEvent()] }));
      const acks = await Promise.all(batches.map((b) => store.append(b.stream, b.events, 'no_stream')));
      const byPosition = batches
        .map((b, i) => ({ id: b.events[0].id, position: acks[i].position }))
        .sort((x, y) => comparePositions(x.position, y.position));
      expect(firstNonIncreasing(byPosition.map((x) => x.position))).toBe(-1); // all distinct
      const read = await pageThrough('forwards', before, 50, batches.length, new Set(batches.map((b) => b.stream)));
      expect(read.map(({ id, position }) => ({ id, position }))).toEqual(byPosition);
    });
  });

  describe('reading a large log', () => {
    let baseline: Position;
    let streams: Set<string>;
    const count = options.bigReadCount;
    /** Checks that our events arrive numbered 0, 1, 2, ... and samples heap growth (after gc) as they do. */
    const checkedReader = () => {
      forceGc();
      const heapBefore = process.memoryUsage().heapUsed;
      const state = { next: 0, peakGrowth: 0, outOfOrder: undefined as string | undefined };
      const accept = (e: RecordedEvent) => {
        if (!streams.has(e.stream)) return;
        const n = (e.data as { n: number }).n;
        if (n !== state.next && state.outOfOrder === undefined) state.outOfOrder = `event #${n} read as #${state.next}`;
        if (++state.next % 10_000 === 0) sampleHeap();
      };
      const sampleHeap = () => {
        forceGc();
        state.peakGrowth = Math.max(state.peakGrowth, process.memoryUsage().heapUsed - heapBefore);
      };
      return { state, accept, sampleHeap };
    };

    beforeAll(async () => {
      const { store } = fixture();
      baseline = await store.headPosition();
      const names = Array.from({ length: 10 }, () => uniqueStream('contractBig'));
      streams = new Set(names);
      await appendNumbered(store, names, count);
    }, 600_000);

    test(`readAll returns all ${count} events in pages of ${BIG_READ_PAGE} within bounded memory`, async () => {
      const { store } = fixture();
      const reader = checkedReader();
      let cursor = baseline;
      while (reader.state.next < count) {
        const page = await store.readAll({ after: cursor, maxCount: BIG_READ_PAGE });
        expect(page.length).toBeLessThanOrEqual(BIG_READ_PAGE);
        page.forEach(reader.accept);
        if (page.length < BIG_READ_PAGE) break;
        cursor = page[page.length - 1].position;
      }
      reader.sampleHeap();
      expect(reader.state.outOfOrder).toBeUndefined();
      expect(reader.state.next).toBe(count);
      expect(reader.state.peakGrowth).toBeLessThan(MEMORY_GROWTH_LIMIT_BYTES);
    }, 600_000);

    test(`a subscription catches up over all ${count} events within bounded memory`, async () => {
      const { store } = fixture();
      const reader = checkedReader();
      const subscription = store.subscribeToAll({ after: baseline });
      for await (const event of subscription) {
        reader.accept(event);
        if (reader.state.next === count) break;
      }
      await subscription.stop();
      reader.sampleHeap();
      expect(reader.state.outOfOrder).toBeUndefined();
      expect(reader.state.next).toBe(count);
      expect(reader.state.peakGrowth).toBeLessThan(MEMORY_GROWTH_LIMIT_BYTES);
    }, 600_000);
  });
}

/** Appends `count` events numbered 0.. in batches of 1000, round-robin over `streams`; ~300 bytes of data each. */
export async function appendNumbered(store: EventStore, streams: readonly string[], count: number): Promise<void> {
  const padding = 'p'.repeat(240);
  for (let start = 0, batch = 0; start < count; start += 1000, batch++) {
    const size = Math.min(1000, count - start);
    const events = newEvents(size, 'ContractBulkRecorded', (i) => ({ n: start + i, padding }));
    await store.append(streams[batch % streams.length], events, 'any');
  }
}
