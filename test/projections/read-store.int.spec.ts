/** The read-model file: checkpoints stored losslessly, queries on a read-only connection, older files migrated. */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { START } from '../../src/event-store/port';
import { ReadStore } from '../../src/projections/read-store';
import { tempDir } from './projection-fixture';

describe('read store', () => {
  let dir: string;
  let readStore: ReadStore | undefined;
  beforeEach(() => {
    dir = tempDir('actions-readstore-');
  });
  afterEach(() => {
    readStore?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores checkpoints with positions beyond 2^53 exactly, and parked state with them', () => {
    readStore = ReadStore.inDataDir(dir);
    const far = { commit: 2n ** 63n - 2n, prepare: 2n ** 63n - 3n }; // EventStoreDB positions are 64-bit
    readStore.saveCheckpoint('p', 3, far);
    expect(readStore.checkpoint('p')).toMatchObject({ name: 'p', version: 3, position: far, status: 'running' });
    readStore.markParked('p', { commit: far.commit + 1n, prepare: far.prepare + 1n }, 'boom');
    expect(readStore.checkpoint('p')).toMatchObject({
      position: far,
      status: 'parked',
      parkedAt: { commit: far.commit + 1n, prepare: far.prepare + 1n },
      parkedError: 'boom',
    });
    readStore.advanceCheckpoint('p', { commit: far.commit + 5n, prepare: far.prepare + 5n });
    const moved = readStore.checkpoint('p')!;
    expect(moved).toMatchObject({
      status: 'running',
      position: { commit: far.commit + 5n, prepare: far.prepare + 5n },
    });
    expect(moved.parkedAt).toBeUndefined();
    expect(readStore.ensureCheckpoint('q', 1)).toMatchObject({ position: START, version: 1 });
    expect(readStore.checkpoints().map((c) => c.name)).toEqual(['p', 'q']);
  });

  it('queries run on a read-only connection that sees committed writes only', () => {
    readStore = ReadStore.inDataDir(dir);
    readStore.db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)');
    readStore.transaction(() => {
      readStore!.writer((t) => t).run('INSERT INTO things (id, name) VALUES (?, ?)', 1, 'one');
      expect(readStore!.get('SELECT name FROM things WHERE id = ?', 1)).toBeUndefined(); // not committed yet
    });
    expect(readStore.get('SELECT name FROM things WHERE id = ?', 1)).toEqual({ name: 'one' });
    expect(readStore.all('SELECT id, name FROM things')).toEqual([{ id: 1, name: 'one' }]);
    expect(() => readStore!.get("INSERT INTO things (id, name) VALUES (2, 'two') RETURNING id")).toThrow(/readonly/i);
    expect(readStore.all('SELECT COUNT(*) AS n FROM things')).toEqual([{ n: 1 }]);
  });

  it('opens a file written by the first release: parked_at becomes parked_at_position, the lock gains host and pid', () => {
    const file = path.join(dir, 'read-models.sqlite');
    const old = new Database(file);
    old.exec(`
      CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position TEXT NOT NULL, status TEXT NOT NULL,
        parked_at TEXT, parked_error TEXT, updated_at TEXT NOT NULL);
      CREATE TABLE projection_rebuild_lock (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, projection TEXT NOT NULL, heartbeat_ms INTEGER NOT NULL);
      INSERT INTO projection_checkpoints VALUES ('actions', 2, '41/41', 'parked', '42/42', 'bad event', '2026-01-01T00:00:00.000Z');`);
    old.close();
    readStore = new ReadStore(file);
    expect(readStore.checkpoint('actions')).toMatchObject({
      version: 2,
      position: { commit: 41n, prepare: 41n },
      status: 'parked',
      parkedAt: { commit: 42n, prepare: 42n },
      parkedError: 'bad event',
    });
    const lockColumns = (readStore.db.pragma('table_info(projection_rebuild_lock)') as { name: string }[]).map(
      (c) => c.name,
    );
    expect(lockColumns).toEqual(expect.arrayContaining(['host', 'pid']));
  });
});
