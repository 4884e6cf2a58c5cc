/**
 * Crash safety of the embedded store. Two child processes share one file, each running several writers that append
 * batches concurrently and print every acknowledged append. The test SIGKILLs both mid-way, reopens the file and
 * checks that every acknowledged append is there and that every batch in the file is whole. Three rounds run on the
 * same file, so later rounds also start from a file recovered after a crash.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordedEvent, readStreamPaged } from '../../src/event-store/port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { TsProcess, removeBundles, spawnTs } from '../support/spawn-ts';
import type { AcknowledgedAppend, CrashEventData } from './fixtures/crash-appender';

const APPENDER = path.join(__dirname, 'fixtures', 'crash-appender.ts');
const LABELS = ['a', 'b'];
const WRITERS_PER_PROCESS = 4;
const ACKS_BEFORE_KILL = 60;

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-crash-'));
const file = path.join(tempDir, 'events.sqlite');
const children: TsProcess[] = [];

afterAll(async () => {
  await Promise.all(children.map((c) => c.kill('SIGKILL')));
  removeBundles();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('SqliteEventStore after SIGKILL mid-append', () => {
  for (const round of [1, 2, 3]) {
    test(`round ${round}: every acknowledged append survives and no batch is half-written`, async () => {
      const running = await Promise.all(
        LABELS.map((label) => spawnTs(APPENDER, { args: [file, label, String(WRITERS_PER_PROCESS), String(round)] })),
      );
      children.push(...running);
      await Promise.all(running.map((child) => child.waitForLine(() => child.lines.length >= ACKS_BEFORE_KILL)));
      const exits = await Promise.all(running.map((child) => child.kill('SIGKILL')));
      expect(exits.map((e) => e.signal)).toEqual(['SIGKILL', 'SIGKILL']);
      const acknowledged = running.flatMap((child) =>
        child.lines.map((line) => JSON.parse(line) as AcknowledgedAppend),
      );

      expect(integrityCheck(file)).toBe('ok');
      const store = new SqliteEventStore({ file });
      try {
        for (const label of LABELS) {
          for (let writer = 0; writer < WRITERS_PER_PROCESS; writer++) {
            const stream = `crash-${label}.${writer}`;
            const stored = await readWhole(store, stream);
            expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => BigInt(i)));
            const batches = wholeBatchesOf(stored);
            const acked = acknowledged.filter((a) => a.stream === stream);
            for (const ack of acked) {
              const last = Number(ack.lastRevision);
              expect(stored.slice(last - ack.ids.length + 1, last + 1).map((e) => e.id)).toEqual(ack.ids);
            }
            const storedThisRound = batches.filter((id) => id.startsWith(`${round}.`)).length;
            expect(storedThisRound - acked.length).toBeGreaterThanOrEqual(0); // at most the one batch that was
            expect(storedThisRound - acked.length).toBeLessThanOrEqual(1); // committed but not yet printed
          }
        }
        const probe = `crash-${LABELS[0]}.0`;
        const last = (await store.readStream(probe, { direction: 'backwards', maxCount: 1 }))[0];
        await expect(store.append(probe, [], last.revision)).resolves.toMatchObject({ nextRevision: last.revision });
      } finally {
        await store.close();
      }
    }, 120_000);
  }
});

async function readWhole(store: SqliteEventStore, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of readStreamPaged(store, stream)) events.push(event);
  return events;
}

/**
 * Splits a stream into its batches, asserting that each batch is complete (indices 0..size-1, adjacent) and appears
 * once. Returns the batch ids in stream order.
 */
function wholeBatchesOf(stored: readonly RecordedEvent[]): string[] {
  const batchIds: string[] = [];
  for (let at = 0; at < stored.length;) {
    const head = stored[at].data as CrashEventData;
    const batch = stored.slice(at, at + head.size).map((e) => e.data as CrashEventData);
    expect({ batchId: head.batchId, indices: batch.map((d) => `${d.batchId}#${d.index}`) }).toEqual({
      batchId: head.batchId,
      indices: Array.from({ length: head.size }, (_, i) => `${head.batchId}#${i}`),
    });
    batchIds.push(head.batchId);
    at += head.size;
  }
  expect(new Set(batchIds).size).toBe(batchIds.length);
  return batchIds;
}

function integrityCheck(dbFile: string): string {
  const db = new Database(dbFile);
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}
