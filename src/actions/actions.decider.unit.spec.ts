import { specFor } from '../../test/support/given-when-then';
import { InvalidError, LimitExceededError, NotFoundError, ConflictError } from '../shared/domain-errors';
import { actionDecider, DRAFT_NOT_BUILT } from './actions.decider';
import { applyPatch, draftKeyOf, MissingSecretValue } from './action.content';
import type { ActionContent, ActionEvent, BuildOutcome } from './actions.events';
import type { ActionCommand } from './actions.commands';
import { codeSha256 } from './action-code';

const spec = specFor(actionDecider);
const T = 'tenant-a';
const A = 'a1';
const NOW = '2026-11-25T10:00:00.000Z';
const LATER = '2026-11-25T11:00:00.000Z';

describe('action decider', () => {
  it('creates an action with a pending draft: nothing is built in the command', () => {
    spec.given([]).when(create()).then([created()]);
  });

  it('create with deploy:true asks for a deploy once the draft builds', () => {
    spec
      .given([])
      .when(create({ deploy: true }))
      .then([created(content(), { deployWhenBuilt: true })]);
  });

  it('the first successful build of an action created with deploy:true also deploys version 1', () => {
    spec
      .given([created(content(), { deployWhenBuilt: true })])
      .when(record(okBuild(), 'v1'))
      .then([built(), versionCreated(1, 'v1'), versionDeployed(1, 'v1')]);
  });

  it('a failed first build of an action created with deploy:true deploys nothing, and later builds do not deploy', () => {
    const fixed = { ...content(), code: 'exports.onExecutePostLogin = async () => 3;' };
    spec
      .given([created(content(), { deployWhenBuilt: true })])
      .when(record(failedBuild(), 'v1'))
      .then([buildFailed()]);
    spec
      .given([created(content(), { deployWhenBuilt: true }), buildFailed(), draftUpdated(fixed)])
      .when(record(okBuild(), 'v1', fixed))
      .then([built(fixed)]);
  });

  it('refuses to create an action whose id exists', () => {
    spec.given([created()]).when(create()).thenThrows(ConflictError);
  });

  it('records a failed build with its errors', () => {
    spec.given([created()]).when(record(failedBuild(), 'v1')).then([buildFailed()]);
  });

  it('deploys the built draft as version n+1 with the draft content', () => {
    const next = { ...content(), code: 'exports.onExecutePostLogin = async () => 2;' };
    spec
      .given([created(), built(), versionCreated(1, 'v1'), versionDeployed(1, 'v1'), draftUpdated(next), built(next)])
      .when(deploy('v2'))
      .then([versionCreated(2, 'v2', next), versionDeployed(2, 'v2')]);
  });

  it('deploys again with no change since the last deploy, as Auth0 does', () => {
    spec
      .given([created(), built(), versionCreated(1, 'v1'), versionDeployed(1, 'v1')])
      .when(deploy('v2'))
      .then([versionCreated(2, 'v2'), versionDeployed(2, 'v2')]);
  });

  it('refuses to deploy a draft that is pending or failed', () => {
    spec.given([created()]).when(deploy('v1')).thenThrows(InvalidError, DRAFT_NOT_BUILT);
    spec.given([created(), buildFailed()]).when(deploy('v1')).thenThrows(InvalidError, DRAFT_NOT_BUILT);
  });

  it('an update makes the draft pending until its build is recorded', () => {
    const next = { ...content(), code: 'exports.onExecutePostLogin = async () => { /* v2 */ };' };
    spec
      .given([created(), built(), draftUpdated(next)])
      .when(deploy('v1'))
      .thenThrows(InvalidError, DRAFT_NOT_BUILT);
  });

  it('a build result for an older draft is ignored', () => {
    const next = { ...content(), code: 'exports.onExecutePostLogin = async () => 2;' };
    spec
      .given([created(), draftUpdated(next)])
      .when(record(okBuild(), 'v1'))
      .thenNothingHappened();
  });

  it('records a late build for the current draft once', () => {
    spec.given([created()]).when(record(okBuild(), 'v1')).then([built()]);
    spec.given([created(), built()]).when(record(okBuild(), 'v1')).thenNothingHappened();
  });

  it('rolls back by deploying a new version copied from the old one; numbers only go up', () => {
    const v2content = { ...content(), code: 'exports.onExecutePostLogin = async () => 2;' };
    const given = [
      created(),
      built(),
      versionCreated(1, 'v1'),
      versionDeployed(1, 'v1'),
      draftUpdated(v2content),
      built(v2content),
      versionCreated(2, 'v2', v2content),
      versionDeployed(2, 'v2'),
    ];
    spec
      .given(given)
      .when({
        type: 'RollbackVersion',
        data: { tenantId: T, targetVersionId: 'v1', versionId: 'v3', updateDraft: false, now: LATER, maxVersions: 0 },
      })
      .then([versionCreated(3, 'v3', content(), { rollbackOf: 'v1', now: LATER }), versionDeployed(3, 'v3', LATER)]);
  });

  it('rollback with update_draft also overwrites the draft, already built', () => {
    const events = spec
      .given([created(), built(), versionCreated(1, 'v1'), versionDeployed(1, 'v1')])
      .when({
        type: 'RollbackVersion',
        data: { tenantId: T, targetVersionId: 'v1', versionId: 'v2', updateDraft: true, now: LATER, maxVersions: 0 },
      })
      .events();
    expect(events.map((e) => e.type)).toEqual([
      'ActionVersionCreated',
      'ActionVersionDeployed',
      'ActionDraftUpdated',
      'ActionDraftBuilt',
    ]);
  });

  it('rollback to an unknown version is a 404', () => {
    spec
      .given([created(), built()])
      .when({
        type: 'RollbackVersion',
        data: { tenantId: T, targetVersionId: 'nope', versionId: 'v9', updateDraft: false, now: NOW, maxVersions: 0 },
      })
      .thenThrows(NotFoundError, 'The action version does not exist.');
  });

  it('refuses a deploy past the configured version cap instead of pruning', () => {
    spec
      .given([created(), built(), versionCreated(1, 'v1'), versionDeployed(1, 'v1')])
      .when({ type: 'DeployAction', data: { tenantId: T, versionId: 'v2', now: NOW, maxVersions: 1 } })
      .thenThrows(LimitExceededError);
  });

  it('refuses a move to an incompatible trigger', () => {
    const moved: ActionContent = { ...content(), supportedTriggers: [{ id: 'credentials-exchange', version: 'v2' }] };
    spec.given([created()]).when(update(moved)).thenThrows(InvalidError, "can't upgrade to this trigger.");
  });

  it('allows a move to a later version of the same trigger', () => {
    const old: ActionContent = { ...content(), supportedTriggers: [{ id: 'post-login', version: 'v2' }] };
    const moved: ActionContent = { ...content(), supportedTriggers: [{ id: 'post-login', version: 'v3' }] };
    spec
      .given([created(old)])
      .when(update(moved))
      .then([draftUpdated(moved, false)]); // same code: named by hash only
  });

  it('deletes an action; a second delete or any later command is a 404', () => {
    spec
      .given([created()])
      .when(del())
      .then([{ type: 'ActionDeleted', data: { tenantId: T, actionId: A, name: 'my-action', deletedAt: NOW } }]);
    spec
      .given([
        created(),
        { type: 'ActionDeleted', data: { tenantId: T, actionId: A, name: 'my-action', deletedAt: NOW } },
      ])
      .when(del())
      .thenThrows(NotFoundError, 'That action does not exist.');
  });

  it("another tenant's action does not exist", () => {
    spec
      .given([created()])
      .when({ type: 'DeleteAction', data: { tenantId: 'tenant-b', now: NOW } })
      .thenThrows(NotFoundError);
    spec
      .given([created()])
      .when(update(content(), 'tenant-b'))
      .thenThrows(NotFoundError, 'Action not found and cannot be updated.');
  });
});

describe('PATCH merge', () => {
  const secret = { name: 'API_KEY', updatedAt: NOW, fingerprint: 'f1', ciphertext: 'c1' };
  it('keeps fields that are left out and replaces arrays as a whole', () => {
    const draft = { ...content(), secrets: [secret], dependencies: [{ name: 'lodash', version: '4.17.21' }] };
    const merged = applyPatch(draft, { code: 'x', dependencies: [] }, LATER);
    expect(merged).toEqual({ ...draft, code: 'x', dependencies: [] });
  });
  it('a secret sent without value keeps its stored value with a fresh updated_at; unknown ones are refused', () => {
    const draft = { ...content(), secrets: [secret] };
    expect(applyPatch(draft, { secrets: [{ name: 'API_KEY' }] }, LATER).secrets).toEqual([
      { ...secret, updatedAt: LATER },
    ]);
    expect(applyPatch(draft, { secrets: [] }, LATER).secrets).toEqual([]);
    expect(() => applyPatch(draft, { secrets: [{ name: 'OTHER' }] }, LATER)).toThrow(MissingSecretValue);
  });
});

// ---- builders ----
function content(): ActionContent {
  return {
    name: 'my-action',
    supportedTriggers: [{ id: 'post-login', version: 'v3' }],
    code: 'exports.onExecutePostLogin = async () => {};',
    dependencies: [],
    runtime: 'node22',
    secrets: [],
  };
}
function okBuild(): BuildOutcome {
  return { status: 'built', builtAt: NOW, artifactSha256: 'sha-1', resolvedDependencies: [] };
}
function failedBuild(): BuildOutcome {
  return { status: 'failed', failedAt: NOW, errors: [{ id: 'build_error', msg: 'SyntaxError: Unexpected token' }] };
}
function create(o: { deploy?: boolean } = {}): ActionCommand {
  return {
    type: 'CreateAction',
    data: { tenantId: T, actionId: A, content: content(), deploy: o.deploy ?? false, now: NOW },
  };
}
function record(build: BuildOutcome, versionId: string, c = content()): ActionCommand {
  return {
    type: 'RecordDraftBuild',
    data: { tenantId: T, draftKey: draftKeyOf(c), build, versionId, now: NOW, maxVersions: 0 },
  };
}
function update(c: ActionContent, tenantId = T): ActionCommand {
  return { type: 'UpdateAction', data: { tenantId, content: c, now: NOW } };
}
function deploy(versionId: string): ActionCommand {
  return { type: 'DeployAction', data: { tenantId: T, versionId, now: NOW, maxVersions: 0 } };
}
function del(): ActionCommand {
  return { type: 'DeleteAction', data: { tenantId: T, now: NOW } };
}
/** Content as events carry it: the code text only where the stream does not hold it yet. */
function packed(c: ActionContent, withText: boolean) {
  const { code, ...rest } = c;
  return withText ? { ...rest, code, codeSha256: codeSha256(code) } : { ...rest, codeSha256: codeSha256(code) };
}
function created(c = content(), o: { deployWhenBuilt?: boolean } = {}): ActionEvent {
  return {
    type: 'ActionCreated',
    data: { tenantId: T, actionId: A, content: packed(c, true), draftKey: draftKeyOf(c), createdAt: NOW, ...o },
  };
}
function draftUpdated(c: ActionContent, newCode = true): ActionEvent {
  return {
    type: 'ActionDraftUpdated',
    data: { tenantId: T, actionId: A, content: packed(c, newCode), draftKey: draftKeyOf(c), updatedAt: NOW },
  };
}
function built(c = content()): ActionEvent {
  return {
    type: 'ActionDraftBuilt',
    data: {
      tenantId: T,
      actionId: A,
      draftKey: draftKeyOf(c),
      builtAt: NOW,
      artifactSha256: 'sha-1',
      resolvedDependencies: [],
    },
  };
}
function buildFailed(c = content()): ActionEvent {
  return {
    type: 'ActionDraftBuildFailed',
    data: {
      tenantId: T,
      actionId: A,
      draftKey: draftKeyOf(c),
      failedAt: NOW,
      errors: [{ id: 'build_error', msg: 'SyntaxError: Unexpected token' }],
    },
  };
}
function versionCreated(
  number: number,
  versionId: string,
  c = content(),
  o: { rollbackOf?: string; now?: string } = {},
): ActionEvent {
  return {
    type: 'ActionVersionCreated',
    data: {
      tenantId: T,
      actionId: A,
      number,
      versionId,
      content: packed(c, false),
      builtAt: NOW,
      artifactSha256: 'sha-1',
      resolvedDependencies: [],
      ...(o.rollbackOf ? { rollbackOf: o.rollbackOf } : {}),
      createdAt: o.now ?? NOW,
    },
  };
}
function versionDeployed(number: number, versionId: string, now = NOW): ActionEvent {
  return { type: 'ActionVersionDeployed', data: { tenantId: T, actionId: A, versionId, number, deployedAt: now } };
}

describe('code stored once per stream', () => {
  it('a redeploy, a rollback and a secrets-only update name unchanged code by its hash; the fold restores the text', () => {
    const secret = { name: 'K', updatedAt: NOW, fingerprint: 'f', ciphertext: 'c' };
    const given = [created(), built(), versionCreated(1, 'v1'), versionDeployed(1, 'v1')];
    const events = spec.given(given).when(deploy('v2')).events();
    const version = events[0] as Extract<ActionEvent, { type: 'ActionVersionCreated' }>;
    expect(version.data.content).not.toHaveProperty('code');
    expect(version.data.content.codeSha256).toBe(codeSha256(content().code));
    expect(JSON.stringify(events).length).toBeLessThan(1200);

    const update = spec
      .given(given)
      .when({ type: 'UpdateAction', data: { tenantId: T, content: { ...content(), secrets: [secret] }, now: LATER } })
      .events();
    expect(update[0].data).toMatchObject({ content: { codeSha256: codeSha256(content().code), secrets: [secret] } });
    expect((update[0].data as { content: object }).content).not.toHaveProperty('code');

    const state = [...given, ...events, ...update].reduce(actionDecider.evolve, actionDecider.initialState());
    expect(state).toMatchObject({
      status: 'Active',
      content: { code: content().code },
      versions: [{ content: { code: content().code } }, { content: { code: content().code } }],
    });
  });

  it('events written before code was stored by hash (code inline every time) still fold', () => {
    const legacy = {
      type: 'ActionCreated',
      data: { tenantId: T, actionId: A, content: content(), createdAt: NOW },
    } as ActionEvent;
    spec
      .given([legacy, built()])
      .when(deploy('v1'))
      .then([versionCreated(1, 'v1'), versionDeployed(1, 'v1')]);
  });
});
