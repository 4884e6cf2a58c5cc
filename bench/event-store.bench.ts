/**
 * The embedded event store, measured in a temp dir against the cheapest durable write SQLite can do there: one
 * synchronous=FULL single-row INSERT transaction on a bare table in the same directory. Every row's ratio reads
 * as "N × the bare fsync'd insert" (for reads, events read per second over inserts per second).
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NewEvent, Position, START } from '../src/event-store/port';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { BenchOptions, BenchRow, benchRow, measure, sized } from './harness';

const SUITE = 'event-store';
let BUDGET_MS = 3000;
let READ_LOG_SIZE = 100_000;
const PAGE = 1000;

export async function run(options: BenchOptions = {}): Promise<BenchRow[]> {
  BUDGET_MS = sized(options, 3000, 1000);
  READ_LOG_SIZE = sized(options, 100_000, 20_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-event-store-'));
  const store = new SqliteEventStore({ file: path.join(dir, 'events.sqlite') });
  try {
    const baseline = benchRow(
      SUITE,
      "bare fsync'd INSERT txn (raw better-sqlite3)",
      'inserts/s',
      await bareInsert(dir),
    );
    const rows = [baseline];
    rows.push(benchRow(SUITE, 'append, 1 event per append', 'appends/s', await singleAppends(store), { baseline }));
    rows.push(benchRow(SUITE, 'append, 100 events per append', 'events/s', await batchedAppends(store), { baseline }));
    await fillLog(store, READ_LOG_SIZE);
    const total = Number((await store.headPosition()).commit);
    const note = `${total.toLocaleString('en-US')} events in the log`;
    rows.push(
      benchRow(SUITE, `readAll forwards, pages of ${PAGE}`, 'events/s', await pagedReads(store, total), {
        baseline,
        note,
      }),
    );
    rows.push(
      benchRow(SUITE, 'subscribeToAll catch-up from START', 'events/s', await subscriptionCatchUp(store, total), {
        baseline,
        note,
      }),
    );
    return rows;
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function bareInsert(dir: string) {
  const db = new Database(path.join(dir, 'bare.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE bare (id INTEGER PRIMARY KEY, value TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO bare (value) VALUES (?)');
    const insertTransaction = db.transaction((value: string) => insert.run(value));
    return await measure((i) => insertTransaction.immediate(`{"i":${i}}`), {
      iterations: 5000,
      warmup: 50,
      maxMs: BUDGET_MS,
    });
  } finally {
    db.close();
  }
}

async function singleAppends(store: SqliteEventStore) {
  let expected = -1n;
  return measure(
    async (i) => {
      const result = await store.append(
        'bench-single',
        [benchEvent(`single-${i}`, i)],
        expected < 0n ? 'no_stream' : expected,
      );
      expected = result.nextRevision;
    },
    { iterations: 5000, warmup: 50, maxMs: BUDGET_MS },
  );
}

async function batchedAppends(store: SqliteEventStore) {
  let expected = -1n;
  return measure(
    async (i) => {
      const events = Array.from({ length: 100 }, (_, j) => benchEvent(`batch-${i}-${j}`, j));
      const result = await store.append('bench-batched', events, expected < 0n ? 'no_stream' : expected);
      expected = result.nextRevision;
    },
    { iterations: 1000, warmup: 5, unitsPerIteration: 100, maxMs: BUDGET_MS },
  );
}

async function fillLog(store: SqliteEventStore, atLeast: number): Promise<void> {
  for (let batch = 0; Number((await store.headPosition()).commit) < atLeast; batch++) {
    const events = Array.from({ length: PAGE }, (_, j) => benchEvent(`fill-${batch}-${j}`, j));
    await store.append(`bench-fill-${batch % 50}`, events, 'any');
  }
}

async function pagedReads(store: SqliteEventStore, total: number) {
  return measure(
    async () => {
      let after: Position = START;
      for (;;) {
        const page = await store.readAll({ after, maxCount: PAGE });
        if (page.length < PAGE) return;
        after = page[page.length - 1].position;
      }
    },
    { iterations: 10, warmup: 1, unitsPerIteration: total, maxMs: BUDGET_MS },
  );
}

async function subscriptionCatchUp(store: SqliteEventStore, total: number) {
  return measure(
    async () => {
      const subscription = store.subscribeToAll({ after: START });
      let seen = 0;
      for await (const _event of subscription) if (++seen === total) break;
      await subscription.stop();
    },
    { iterations: 10, warmup: 1, unitsPerIteration: total, maxMs: BUDGET_MS },
  );
}

/** A realistic event: a small JSON payload and the full metadata envelope. */
function benchEvent(id: string, n: number): NewEvent {
  return {
    id,
    type: 'ActionDraftUpdated',
    data: {
      tenantId: 'bench',
      actionId: 'act_bench',
      n,
      code: 'exports.onExecutePostLogin = async (event, api) => {};',
    },
    metadata: { tenantId: 'bench', actor: 'bench', correlationId: id, causationId: id },
  };
}
