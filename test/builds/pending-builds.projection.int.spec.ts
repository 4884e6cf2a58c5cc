/** The build reactor's to-do list as a specification: given action events, then the pending drafts. */
import { draftKeyOf } from '../../src/actions/action.content';
import type { ActionContent } from '../../src/actions/actions.events';
import { pendingBuildsProjection } from '../../src/builds/projections/pending-builds.projection';
import { projectionFixture } from '../projections/projection-fixture';

const NOW = '2026-11-25T10:00:00.000Z';
const T = 't';
const content = (code: string): ActionContent => ({
  name: 'alpha',
  supportedTriggers: [{ id: 'post-login', version: 'v3' }],
  code,
  dependencies: [],
  runtime: 'node22',
  secrets: [],
});
const created = (id: string, c: ActionContent) => ({
  type: 'ActionCreated',
  data: { tenantId: T, actionId: id, content: c, createdAt: NOW },
});
const updated = (id: string, c: ActionContent) => ({
  type: 'ActionDraftUpdated',
  data: { tenantId: T, actionId: id, content: c, updatedAt: NOW },
});
const built = (id: string, c: ActionContent) => ({
  type: 'ActionDraftBuilt',
  data: {
    tenantId: T,
    actionId: id,
    draftKey: draftKeyOf(c),
    builtAt: NOW,
    artifactSha256: 'x',
    resolvedDependencies: [],
  },
});
const failed = (id: string, c: ActionContent) => ({
  type: 'ActionDraftBuildFailed',
  data: { tenantId: T, actionId: id, draftKey: draftKeyOf(c), failedAt: NOW, errors: [{ id: 'e', msg: 'm' }] },
});

describe('pending-builds projection: given events, then the drafts waiting for a build', () => {
  const f = projectionFixture();
  const runner = f.runner([pendingBuildsProjection]);
  afterAll(() => f.close());
  const pending = () =>
    f.rows<{ action_id: string; draft_key: string }>(
      'SELECT action_id, draft_key FROM pending_builds ORDER BY since_commit',
    );

  it('a created or updated draft is pending until a build outcome for that same draft', async () => {
    const c1 = content('exports.onExecutePostLogin = async () => 1;');
    const c2 = content('exports.onExecutePostLogin = async () => 2;');
    await f.append('action-a1', created('a1', c1));
    let p = await f.append('action-a2', created('a2', c1), built('a2', c1));
    await runner.waitForPosition(p, 5000);
    expect(pending()).toEqual([{ action_id: 'a1', draft_key: draftKeyOf(c1) }]);

    // the draft changed before its build was recorded: the old outcome does not clear the new draft
    p = await f.append('action-a1', updated('a1', c2), built('a1', c1));
    await runner.waitForPosition(p, 5000);
    expect(pending()).toEqual([{ action_id: 'a1', draft_key: draftKeyOf(c2) }]);

    p = await f.append('action-a1', failed('a1', c2), updated('a2', c2));
    await runner.waitForPosition(p, 5000);
    expect(pending()).toEqual([{ action_id: 'a2', draft_key: draftKeyOf(c2) }]);
  });

  it('a deleted action is no longer pending', async () => {
    const p = await f.append('action-a2', {
      type: 'ActionDeleted',
      data: { tenantId: T, actionId: 'a2', name: 'alpha', deletedAt: NOW },
    });
    await runner.waitForPosition(p, 5000);
    expect(pending()).toEqual([]);
  });
});
