/**
 * Rebuilding read models: 100k events folded into fresh tables and swapped in, against the in-run baseline of just
 * reading the same 100k events from the store in pages. The real projections (actions, bindings) are rebuilt from
 * a log of real action lifecycles. A second row: the projection runner catching up on the same log from position 0
 * (one subscription feeding both projections, a transaction per projection per batch), as after a fresh install.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { draftKeyOf } from '../src/actions/action.content';
import type { ActionContent } from '../src/actions/actions.events';
import { actionsProjection } from '../src/actions/projections/actions.projection';
import { bindingsProjection } from '../src/bindings/projections/bindings.projection';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { START } from '../src/event-store/port';
import { ProjectionRunner } from '../src/projections/projection-runner';
import { ReadStore } from '../src/projections/read-store';
import { rebuildProjection } from '../src/projections/rebuild';
import { BenchOptions, BenchRow, benchRow, measure, sized } from './harness';

const SUITE = 'projections';
let EVENTS = 100_000;
const META = { tenantId: 'bench', actor: 'bench', correlationId: 'b', causationId: 'b' };

async function seed(store: SqliteEventStore): Promise<void> {
  const now = new Date().toISOString();
  let written = 0;
  for (let a = 0; written < EVENTS; a++) {
    const actionId = randomUUID();
    const content: ActionContent = {
      name: `action-${a}`,
      supportedTriggers: [{ id: 'post-login', version: 'v3' }],
      code: `exports.onExecutePostLogin = async () => ${a};`,
      dependencies: [],
      runtime: 'node22',
      secrets: [],
    };
    const events: { type: string; data: unknown }[] = [
      { type: 'ActionCreated', data: { tenantId: 'bench', actionId, content, createdAt: now } },
    ];
    for (let v = 1; v <= 8; v++) {
      events.push(
        {
          type: 'ActionDraftBuilt',
          data: {
            tenantId: 'bench',
            actionId,
            draftKey: draftKeyOf(content),
            builtAt: now,
            artifactSha256: 'x',
            resolvedDependencies: [],
          },
        },
        {
          type: 'ActionVersionCreated',
          data: {
            tenantId: 'bench',
            actionId,
            versionId: randomUUID(),
            number: v,
            content,
            artifactSha256: 'x',
            resolvedDependencies: [],
            builtAt: now,
            createdAt: now,
          },
        },
        {
          type: 'ActionVersionDeployed',
          data: { tenantId: 'bench', actionId, versionId: 'v', number: v, deployedAt: now },
        },
      );
    }
    events.push({
      type: 'TriggerBindingsReplaced',
      data: {
        tenantId: 'bench',
        triggerId: 'post-login',
        bindings: [{ id: randomUUID(), actionId, displayName: 'x', createdAt: now }],
        updatedAt: now,
      },
    });
    await store.append(
      `action-${actionId}`,
      events.slice(0, -1).map((e) => ({ id: randomUUID(), ...e, metadata: META })),
      'any',
    );
    await store.append(
      'triggerBindings-bench.post-login',
      [{ id: randomUUID(), ...events[events.length - 1], metadata: META }],
      'any',
    );
    written += events.length;
  }
}

export async function run(options: BenchOptions = {}): Promise<BenchRow[]> {
  EVENTS = sized(options, 100_000, 10_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-proj-'));
  const store = new SqliteEventStore({ file: path.join(dir, 'events.sqlite') });
  await seed(store);
  const total = Number((await store.headPosition()).commit);
  const readAll = async () => {
    let after = START;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 1000 });
      if (page.length === 0) return;
      after = page[page.length - 1].position;
    }
  };
  const baseline = benchRow(
    SUITE,
    `baseline: read ${total} events in pages of 1000`,
    'events/s',
    await measure(readAll, { iterations: 3, warmup: 1, unitsPerIteration: total }),
  );
  const readStore = new ReadStore(path.join(dir, 'read-models.sqlite'));
  const rebuildAll = async () => {
    await rebuildProjection(store, readStore, actionsProjection, { owner: 'bench' });
    await rebuildProjection(store, readStore, bindingsProjection, { owner: 'bench' });
  };
  const rebuild = benchRow(
    SUITE,
    `rebuild actions + bindings from ${total} events, then swap`,
    'events/s',
    await measure(rebuildAll, { iterations: 2, warmup: 1, unitsPerIteration: total * 2 }),
    { baseline, note: 'each projection reads the whole log' },
  );
  readStore.close();
  let catchUps = 0;
  const catchUp = async () => {
    const freshDir = path.join(dir, `catch-up-${catchUps++}`);
    const freshStore = ReadStore.inDataDir(freshDir);
    const runner = new ProjectionRunner(store, freshStore, [actionsProjection, bindingsProjection]);
    runner.start();
    const head = await store.headPosition();
    if (!(await runner.waitForPosition(head, 600_000))) throw new Error('catch-up did not reach the head');
    await runner.stop();
    freshStore.close();
    fs.rmSync(freshDir, { recursive: true, force: true });
  };
  const caughtUp = benchRow(
    SUITE,
    `runner catch-up: actions + bindings from position 0 over ${total} events`,
    'events/s',
    await measure(catchUp, { iterations: 2, warmup: 1, unitsPerIteration: total }),
    { baseline, note: 'one subscription, batches of 500' },
  );
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return [baseline, rebuild, caughtUp];
}
