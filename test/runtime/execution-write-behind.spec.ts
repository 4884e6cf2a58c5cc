/**
 * Execution records written behind the answer (WriteBehindExecutionStore): readable at once from the pending buffer,
 * written in batches, suspended executions written through, bounded, flushed by a graceful shutdown.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutionRecord } from '../../src/runtime/executions/execution-record';
import {
  SerializedExecution,
  SqliteExecutionStore,
  StoredExecution,
} from '../../src/runtime/executions/execution-store';
import { WriteBehindExecutionStore } from '../../src/runtime/executions/write-behind.store';
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, sdk } from '../support/sdk';

const record = (id: string, status: ExecutionRecord['status'] = 'final'): ExecutionRecord => ({
  id,
  trigger_id: 'post-login',
  status,
  results: [],
  commands: [],
  logs: [],
  created_at: '2026-11-25T10:00:00.000Z',
  updated_at: '2026-11-25T10:00:00.000Z',
});
const FAR = Date.now() + 3_600_000;

describe('WriteBehindExecutionStore', () => {
  let dir: string;
  let inner: SqliteExecutionStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-behind-'));
    inner = new SqliteExecutionStore(dir);
  });
  afterEach(async () => {
    await inner.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a saved record from the buffer at once, writes it in one batch, and keeps the snapshot taken at save', async () => {
    const batches: number[] = [];
    const spy = Object.assign(Object.create(inner) as SqliteExecutionStore, {
      saveMany: (items: readonly SerializedExecution[]) => {
        batches.push(items.length);
        return inner.saveMany(items);
      },
    });
    const store = new WriteBehindExecutionStore(spy);
    const stored: StoredExecution = { tenantId: 't', record: record('a') };
    await store.save(stored, FAR);
    await store.save({ tenantId: 't', record: record('b') }, FAR);
    stored.record.status = 'partial'; // changed after the save: not what was saved
    expect(store.pendingCount()).toBe(2);
    expect(await inner.get('t', 'a', Date.now())).toBeUndefined();
    expect((await store.get('t', 'a', Date.now()))?.record.status).toBe('final');
    expect(await store.get('other-tenant', 'a', Date.now())).toBeUndefined();
    await store.drain();
    expect(batches).toEqual([2]);
    expect(store.pendingCount()).toBe(0);
    expect((await inner.get('t', 'a', Date.now()))?.record.status).toBe('final');
    expect((await store.get('t', 'b', Date.now()))?.record.id).toBe('b');
  });

  it('close (graceful shutdown) writes what is still pending before closing the store', async () => {
    const store = new WriteBehindExecutionStore(inner);
    for (const id of ['x', 'y', 'z']) await store.save({ tenantId: 't', record: record(id) }, FAR);
    expect(store.pendingCount()).toBe(3);
    await store.close();
    const reopened = new SqliteExecutionStore(dir);
    for (const id of ['x', 'y', 'z']) expect((await reopened.get('t', id, Date.now()))?.record.id).toBe(id);
    await reopened.close();
  });

  it('writes a suspended execution through before save returns', async () => {
    const store = new WriteBehindExecutionStore(inner);
    const continuation = { stateHash: 'h', bindingId: 'b', actionIndex: 0, event: {}, facts: [] };
    await store.save({ tenantId: 't', record: record('s', 'suspended'), continuation }, FAR);
    expect(store.pendingCount()).toBe(0);
    expect((await inner.get('t', 's', Date.now()))?.continuation).toEqual(continuation);
  });

  it('is bounded: past maxPending a save waits for the batch in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = Object.assign(Object.create(inner) as SqliteExecutionStore, {
      saveMany: async (items: readonly SerializedExecution[]) => {
        await gate;
        return inner.saveMany(items);
      },
    });
    const store = new WriteBehindExecutionStore(slow, { maxPending: 2 });
    await store.save({ tenantId: 't', record: record('1') }, FAR);
    await store.save({ tenantId: 't', record: record('2') }, FAR);
    await new Promise((r) => setImmediate(r)); // the batch [1, 2] is in flight, blocked
    let third = false;
    const saving = store.save({ tenantId: 't', record: record('3') }, FAR).then(() => {
      third = true;
    });
    await sleep(20);
    expect(third).toBe(false);
    release();
    await saving;
    await store.drain();
    for (const id of ['1', '2', '3']) expect(await inner.get('t', id, Date.now())).toBeDefined();
  });

  it('is bounded in characters too: past maxPendingChars a save starts a batch and waits for it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const batches: string[][] = [];
    const slow = Object.assign(Object.create(inner) as SqliteExecutionStore, {
      saveMany: async (items: readonly SerializedExecution[]) => {
        batches.push(items.map((i) => i.id));
        await gate;
        return inner.saveMany(items);
      },
    });
    // A linger no test waits for: only the bound can start the batch.
    const store = new WriteBehindExecutionStore(slow, { maxPendingChars: 1, lingerMs: 60_000 });
    await store.save({ tenantId: 't', record: record('big-1') }, FAR);
    let second = false;
    const saving = store.save({ tenantId: 't', record: record('big-2') }, FAR).then(() => {
      second = true;
    });
    await sleep(20);
    expect(batches).toEqual([['big-1']]);
    expect(second).toBe(false);
    release();
    await saving;
    await store.drain();
    for (const id of ['big-1', 'big-2']) expect(await inner.get('t', id, Date.now())).toBeDefined();
  });

  it('reports a batch the store refuses and goes on', async () => {
    const errors: string[] = [];
    let fail = true;
    const flaky = Object.assign(Object.create(inner) as SqliteExecutionStore, {
      saveMany: async (items: readonly SerializedExecution[]) => {
        if (fail) throw new Error('store down');
        return inner.saveMany(items);
      },
    });
    const store = new WriteBehindExecutionStore(flaky, { onError: (e) => errors.push(e.message) });
    await store.save({ tenantId: 't', record: record('lost') }, FAR);
    await store.drain();
    expect(errors).toEqual(['store down']);
    fail = false;
    await store.save({ tenantId: 't', record: record('kept') }, FAR);
    await store.drain();
    expect(await inner.get('t', 'kept', Date.now())).toBeDefined();
  });
});

describe('execution records through the service (write-behind)', () => {
  let service: RunningService;
  afterAll(() => service?.stop());

  it('GET /executions/{id} right after the answer finds the record; a graceful shutdown writes every pending record', async () => {
    service = await startService();
    const token = await service.token();
    const client = sdk(service.apiUrl, token);
    const { id } = await createBuilt(client, {
      name: 'recorded',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      deploy: true,
      code: "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('n', event.n); };",
    });
    await client.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_id', value: id as string } }],
    });
    const execute = async (n: number) => {
      const res = await fetch(`${service.baseUrl}/runtime/v1/triggers/post-login/executions`, {
        method: 'POST',
        body: JSON.stringify({ event: { n } }),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      return (await res.json()) as ExecutionRecord;
    };
    const first = await execute(0);
    expect(await client.actions.executions.get(first.id)).toEqual(first);

    const records = await Promise.all(Array.from({ length: 50 }, (_, i) => execute(i + 1)));
    await service.restart(); // graceful: the HTTP server closes, then the pending records are written, then the stores close
    const again = sdk(service.apiUrl, await service.token());
    for (const r of [first, ...records]) expect(await again.actions.executions.get(r.id)).toEqual(r);
  });
});
