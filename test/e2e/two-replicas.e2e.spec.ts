/**
 * Scaling out: two service instances share the event log (one embedded SQLite file in WAL mode, each instance
 * with its own connection) and Redis, and each projects into its own read store. A write through one is read
 * through the other once its projection catches up; the writer reads its own write at once; an execution run on
 * one replica is readable on the other (records live in Redis).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { readStreamPaged } from '../../src/event-store/port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { RunningService, sequentialIds, startService } from '../support/service-harness';
import { createBuilt, sdk } from '../support/sdk';

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read().catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > end) throw new Error(`not reached; last value ${JSON.stringify(v)}`);
    await sleep(50);
  }
}

describe('two replicas on one log', () => {
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'actions-shared-'));
  const prefix = `replicas:${randomBytes(6).toString('hex')}:`;
  const env = {
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: prefix,
    SECRETS_KEY: randomBytes(32).toString('base64'),
  };
  const stores = [0, 1].map(
    () => new SqliteEventStore({ file: path.join(shared, 'events.sqlite'), pollIntervalMs: 50 }),
  );
  let a: RunningService;
  let b: RunningService;

  beforeAll(async () => {
    a = await startService({ env, eventStore: stores[0], ids: sequentialIds(1) });
    b = await startService({ env, eventStore: stores[1], ids: sequentialIds(2) });
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
    for (const s of stores) await s.close();
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('a write through one replica is read through the other once it catches up, and executions are shared', async () => {
    const viaA = sdk(a.apiUrl, await a.token());
    const viaB = sdk(b.apiUrl, await b.token());
    const created = await createBuilt(viaA, {
      name: 'replicated',
      supported_triggers: [{ id: 'post-login' }],
      deploy: true,
      secrets: [{ name: 'K', value: 'v' }],
      code: "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('k', event.secrets.K); };",
    });
    expect((await viaA.actions.get(created.id)).deployed_version.number).toBe(1); // read-your-writes on the writer
    const seen = await eventually(
      () => viaB.actions.get(created.id),
      (x) => x.deployed_version?.number === 1,
    );
    expect(seen).toEqual(await viaA.actions.get(created.id));

    await viaB.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_id', value: created.id } }],
    });
    await eventually(
      () => viaA.actions.triggers.bindings.list('post-login'),
      (p) => p.data.length === 1,
    );

    const res = await fetch(`${b.baseUrl}/runtime/v1/triggers/post-login/executions`, {
      method: 'POST',
      body: JSON.stringify({ event: {} }),
      headers: { authorization: `Bearer ${await b.token()}`, 'content-type': 'application/json' },
    });
    const record = (await res.json()) as { id: string; commands: unknown[] };
    expect(record.commands).toEqual([{ action_name: 'replicated', name: 'idToken.setCustomClaim', args: ['k', 'v'] }]);
    expect(await viaA.actions.executions.get(record.id)).toEqual(record);

    // concurrent writes through both replicas: both land, neither is lost
    await Promise.all([
      viaA.actions.update(created.id, { code: '// from a\nexports.onExecutePostLogin = async () => {};' }),
      viaB.actions.create({ name: 'from-b', supported_triggers: [{ id: 'post-login' }] }),
    ]);
    await eventually(
      () => viaB.actions.list(),
      (p) => p.data.length === 2,
    );
    const fromA = await eventually(
      () => viaB.actions.get(created.id),
      (x) => String(x.code).startsWith('// from a'),
    );
    expect(fromA.all_changes_deployed).toBe(false);
  });

  it('both replicas run a build reactor: many drafts built at once end with exactly one build outcome each', async () => {
    const viaA = sdk(a.apiUrl, await a.token());
    const viaB = sdk(b.apiUrl, await b.token());
    const ids = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? viaA : viaB).actions
          .create({
            name: `raced-${i}`,
            supported_triggers: [{ id: 'post-login' }],
            code: `exports.onExecutePostLogin = async () => { /* ${i} */ };`,
          })
          .then((x) => x.id as string),
      ),
    );
    for (const id of ids)
      await eventually(
        () => viaA.actions.get(id),
        (x) => x.status === 'built',
      );
    await sleep(500); // a late duplicate from the other replica would have landed by now
    for (const id of ids) {
      const outcomes = [];
      for await (const e of readStreamPaged(stores[0], `action-${id}`))
        if (e.type === 'ActionDraftBuilt' || e.type === 'ActionDraftBuildFailed') outcomes.push(e.type);
      expect(outcomes).toEqual(['ActionDraftBuilt']);
    }
  });
});
