/**
 * The embedded SQLite store: the shared event store contract, plus what only this adapter promises (the file
 * shared by two connections, JSON text at rest, refusal of reused ids, recovery from a busy file, closing).
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventStoreUnavailableError } from '../../src/event-store/port';
import { EventIdConflictError, SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { SubscriptionRecorder, idsOf, newEvent, newEvents, uniqueStream } from './contract/contract-support';
import { runEventStoreContract } from './event-store.contract';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-event-store-'));
let files = 0;
const newFile = () => path.join(tempDir, `store-${++files}`, 'events.sqlite');

afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

runEventStoreContract('sqlite', async () => {
  const store = new SqliteEventStore({ file: newFile(), pollIntervalMs: 50 });
  return {
    store,
    dropSubscriptions: async () => store.simulateDrop(),
    teardown: () => store.close(),
  };
});

describe('SqliteEventStore specifics', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore({ file: newFile(), pollIntervalMs: 50 });
  });
  afterEach(() => store.close());

  test('a second connection to the same file (another process) sees appends and is seen by live subscriptions', async () => {
    const other = new SqliteEventStore({ file: store.file });
    try {
      const stream = uniqueStream();
      const recorder = new SubscriptionRecorder(
        store,
        { after: await store.headPosition() },
        (e) => e.stream === stream,
      );
      const first = newEvents(2);
      await other.append(stream, first, 'no_stream');
      await recorder.waitForCount(2);
      await expect(store.append(stream, newEvents(1), 'no_stream')).rejects.toMatchObject({ actual: 1n });
      const second = newEvents(3);
      await other.append(stream, second, 1n);
      await recorder.waitForCount(5);
      await recorder.stop();
      expect(idsOf(recorder.events)).toEqual(idsOf([...first, ...second]));
    } finally {
      await other.close();
    }
  });

  test('data and metadata are stored as JSON text with a store-stamped ISO UTC time', async () => {
    const event = newEvent('ThingRecorded', { when: '2026-01-01T00:00:00.000Z', list: [1, 'two'] });
    await store.append('thing-1', [event], 'no_stream');
    const raw = new Database(store.file, { readonly: true });
    try {
      const row = raw.prepare('SELECT data, metadata, created_at FROM events WHERE id = ?').get(event.id) as Record<
        string,
        string
      >;
      expect(JSON.parse(row.data)).toEqual(event.data);
      expect(JSON.parse(row.metadata)).toEqual(event.metadata);
      expect(new Date(row.created_at).toISOString()).toBe(row.created_at);
    } finally {
      raw.close();
    }
  });

  test('reusing ids in a way that is not an exact retry is refused with EventIdConflictError', async () => {
    const [a, b] = newEvents(2);
    await store.append('reuse-1', [a, b], 'no_stream');
    await expect(store.append('reuse-1', [a, newEvent()], 'no_stream')).rejects.toThrow(EventIdConflictError);
    await expect(store.append('reuse-2', [a, b], 'no_stream')).rejects.toThrow(/already stored in stream "reuse-1"/);
    await expect(store.append('reuse-1', [b, a], 'any')).rejects.toThrow(/out of the batch's order/);
    const twice = newEvent();
    await expect(store.append('reuse-3', [twice, twice], 'no_stream')).rejects.toThrow(/appears twice/);
    expect(await store.readStream('reuse-3', { maxCount: 10 })).toEqual([]);
  });

  test('an append that cannot take the write lock in time fails as unavailable; readers are not blocked', async () => {
    const impatient = new SqliteEventStore({ file: store.file, busyTimeoutMs: 20 });
    const locker = new Database(store.file);
    try {
      await store.append('locked-1', newEvents(1), 'no_stream');
      locker.exec('BEGIN IMMEDIATE'); // another process holds the write lock
      await expect(impatient.append('locked-1', newEvents(1), 0n)).rejects.toThrow(EventStoreUnavailableError);
      expect(await impatient.readStream('locked-1', { maxCount: 10 })).toHaveLength(1);
      locker.exec('ROLLBACK');
      expect((await impatient.append('locked-1', newEvents(1), 0n)).nextRevision).toBe(1n);
    } finally {
      locker.close();
      await impatient.close();
    }
  });

  test('a subscription retries transient read failures and resumes exactly where it was', async () => {
    const stream = uniqueStream();
    const busy = () => {
      throw new Database.SqliteError('database is locked', 'SQLITE_BUSY');
    };
    const reads = jest.spyOn(store, 'readPageAfter').mockImplementationOnce(busy).mockImplementationOnce(busy);
    const first = newEvents(3);
    const recorder = new SubscriptionRecorder(store, { after: await store.headPosition() }, (e) => e.stream === stream);
    await store.append(stream, first, 'no_stream');
    await recorder.waitForCount(3);
    reads.mockImplementationOnce(busy);
    const second = newEvents(2);
    await store.append(stream, second, 2n);
    await recorder.waitForCount(5);
    await recorder.stop();
    expect(idsOf(recorder.events)).toEqual(idsOf([...first, ...second]));
    expect(reads.mock.calls.length).toBeGreaterThan(3);
  });

  test('a subscription ends with the error when a read fails for a reason that retrying cannot fix', async () => {
    const corrupt = new Database.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT');
    jest.spyOn(store, 'readPageAfter').mockImplementationOnce(() => {
      throw corrupt;
    });
    const recorder = new SubscriptionRecorder(store, { after: await store.headPosition() }, () => true);
    await expect(recorder.finished).rejects.toBe(corrupt);
  });

  test('closing ends live subscriptions and later calls fail as unavailable', async () => {
    const recorder = new SubscriptionRecorder(store, { after: await store.headPosition() }, () => true);
    await store.close();
    await expect(recorder.finished).resolves.toBeUndefined();
    await expect(store.ping()).rejects.toThrow(EventStoreUnavailableError);
    await expect(store.append('x-1', newEvents(1), 'any')).rejects.toThrow(EventStoreUnavailableError);
    await expect(store.close()).resolves.toBeUndefined();
  });

  test('a negative maxCount is refused instead of reading without limit', async () => {
    await expect(store.readAll({ maxCount: -1 })).rejects.toThrow(RangeError);
    await expect(store.readStream('any-1', { maxCount: 1.5 })).rejects.toThrow(RangeError);
  });
});
