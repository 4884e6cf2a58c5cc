/** Projections as specifications: given events, then read model (actions, versions, bindings). */
import { actionsProjection } from '../../src/actions/projections/actions.projection';
import { bindingsProjection } from '../../src/bindings/projections/bindings.projection';
import { draftKeyOf } from '../../src/actions/action.content';
import type { ActionContent } from '../../src/actions/actions.events';
import { projectionFixture } from './projection-fixture';

const NOW = '2026-11-25T10:00:00.000Z';
const content = (code = 'exports.onExecutePostLogin = async () => {};'): ActionContent => ({
  name: 'alpha',
  supportedTriggers: [{ id: 'post-login', version: 'v3' }],
  code,
  dependencies: [],
  runtime: 'node22',
  secrets: [{ name: 'S', updatedAt: NOW, fingerprint: 'f1', ciphertext: 'c1' }],
});
const T = 't';

describe('read models: given events, then read model', () => {
  const f = projectionFixture();
  const runner = f.runner([actionsProjection, bindingsProjection]);
  afterAll(() => f.close());
  const doc = (id: string) =>
    JSON.parse(f.rows<{ doc: string }>('SELECT doc FROM actions WHERE id = ?', id)[0]?.doc ?? 'null');

  it('an action: draft status, versions newest-first with exactly one deployed, all_changes_deployed', async () => {
    const c1 = content();
    const c2 = content('exports.onExecutePostLogin = async () => 2;');
    const built = (c: ActionContent) => ({
      type: 'ActionDraftBuilt',
      data: {
        tenantId: T,
        actionId: 'a1',
        draftKey: draftKeyOf(c),
        builtAt: NOW,
        artifactSha256: 'x',
        resolvedDependencies: [],
      },
    });
    const version = (n: number, c: ActionContent) => [
      {
        type: 'ActionVersionCreated',
        data: {
          tenantId: T,
          actionId: 'a1',
          versionId: `v${n}`,
          number: n,
          content: c,
          artifactSha256: 'x',
          resolvedDependencies: [],
          builtAt: NOW,
          createdAt: NOW,
        },
      },
      {
        type: 'ActionVersionDeployed',
        data: { tenantId: T, actionId: 'a1', versionId: `v${n}`, number: n, deployedAt: NOW },
      },
    ];
    await f.append(
      'action-a1',
      { type: 'ActionCreated', data: { tenantId: T, actionId: 'a1', content: c1, createdAt: NOW } },
      built(c1),
      ...version(1, c1),
    );
    const p = await f.append(
      'action-a1',
      { type: 'ActionDraftUpdated', data: { tenantId: T, actionId: 'a1', content: c2, updatedAt: NOW } },
      built(c2),
      ...version(2, c2),
    );
    expect(await runner.waitForPosition(p, 5000)).toBe(true);
    expect(doc('a1')).toMatchObject({
      status: 'built',
      allChangesDeployed: true,
      deployedVersionId: 'v2',
      currentVersion: { id: 'v2', number: 2 },
    });
    expect(
      f.rows('SELECT id, number, deployed FROM action_versions WHERE action_id = ? ORDER BY number DESC', 'a1'),
    ).toEqual([
      { id: 'v2', number: 2, deployed: 1 },
      { id: 'v1', number: 1, deployed: 0 },
    ]);
    const p2 = await f.append('action-a1', {
      type: 'ActionDraftUpdated',
      data: { tenantId: T, actionId: 'a1', content: c1, updatedAt: NOW },
    });
    await runner.waitForPosition(p2, 5000);
    expect(doc('a1')).toMatchObject({ status: 'pending', allChangesDeployed: false });
  });

  it('a deleted action disappears with its versions', async () => {
    const p = await f.append('action-a1', {
      type: 'ActionDeleted',
      data: { tenantId: T, actionId: 'a1', name: 'alpha', deletedAt: NOW },
    });
    await runner.waitForPosition(p, 5000);
    expect(f.rows('SELECT id FROM actions WHERE id = ?', 'a1')).toEqual([]);
    expect(f.rows('SELECT id FROM action_versions WHERE action_id = ?', 'a1')).toEqual([]);
  });

  it("a trigger's bindings: the whole ordered list replaced, and the stream revision kept as the ETag", async () => {
    const binding = (id: string, actionId: string) => ({ id, actionId, displayName: actionId, createdAt: NOW });
    await f.append('triggerBindings-t.post-login', {
      type: 'TriggerBindingsReplaced',
      data: {
        tenantId: T,
        triggerId: 'post-login',
        bindings: [binding('b1', 'x'), binding('b2', 'y')],
        updatedAt: NOW,
      },
    });
    const p = await f.append('triggerBindings-t.post-login', {
      type: 'TriggerBindingsReplaced',
      data: {
        tenantId: T,
        triggerId: 'post-login',
        bindings: [binding('b3', 'y'), binding('b4', 'x')],
        updatedAt: NOW,
      },
    });
    await runner.waitForPosition(p, 5000);
    expect(
      f.rows(
        'SELECT position, id, action_id FROM bindings WHERE tenant_id = ? AND trigger_id = ? ORDER BY position',
        T,
        'post-login',
      ),
    ).toEqual([
      { position: 0, id: 'b3', action_id: 'y' },
      { position: 1, id: 'b4', action_id: 'x' },
    ]);
    expect(f.rows('SELECT revision FROM trigger_bindings WHERE tenant_id = ?', T)).toEqual([{ revision: 1 }]);
  });
});
