/**
 * The action lifecycle through the official auth0 SDK against the real service (docs/api.md):
 * create → get → update → deploy → versions → rollback → delete, and a restart on the same DATA_DIR.
 */
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, Sdk, sdk, sdkError, untilBuilt, updateBuilt } from '../support/sdk';

const CODE_V1 = "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('v', 1); };";
const CODE_V2 = "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('v', 2); };";

describe('actions lifecycle (auth0 SDK)', () => {
  let service: RunningService;
  let client: Sdk;

  beforeAll(async () => {
    service = await startService();
    client = sdk(service.apiUrl, await service.token());
  });
  afterAll(() => service.stop());

  it('creates an action: pending draft that the build reactor builds, no deployed version, secrets without values', async () => {
    const answered = await client.actions.create({
      name: 'lifecycle',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: CODE_V1,
      secrets: [{ name: 'API_KEY', value: 'super-secret-value' }],
      runtime: 'node18',
    });
    expect(answered).toMatchObject({ name: 'lifecycle', status: 'pending', all_changes_deployed: false });
    const created = await untilBuilt(client, answered.id);
    expect(created).toMatchObject({
      name: 'lifecycle',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: CODE_V1,
      status: 'built',
      all_changes_deployed: false,
      runtime: 'node18-actions',
      dependencies: [],
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.secrets).toEqual([
      { name: 'API_KEY', updated_at: expect.any(String), fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) },
    ]);
    expect(created).not.toHaveProperty('deployed_version');
    expect(JSON.stringify(created)).not.toContain('super-secret-value');
    expect(await client.actions.get(created.id)).toEqual(created);
  });

  it('updates only the draft: left-out fields stay, arrays replace, a secret without value is kept', async () => {
    const { id } = await client.actions.create({
      name: 'patchy',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE_V1,
      secrets: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    });
    const before = await client.actions.get(id);
    const updated = await updateBuilt(client, id, { code: CODE_V2, secrets: [{ name: 'A' }] });
    expect(updated).toMatchObject({
      name: 'patchy',
      code: CODE_V2,
      runtime: before.runtime,
      status: 'built',
      all_changes_deployed: false,
    });
    expect(updated.secrets.map((s: { name: string }) => s.name)).toEqual(['A']);
    expect(updated.secrets[0].fingerprint).toBe(before.secrets[0].fingerprint);
    const cleared = await client.actions.update(id, { secrets: [] });
    expect(cleared.secrets).toEqual([]);
    expect(cleared.code).toBe(CODE_V2);
  });

  it('deploys versions numbered from 1, newest first, exactly one deployed', async () => {
    const { id } = await createBuilt(client, {
      name: 'deployer',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: CODE_V1,
    });
    const v1 = await client.actions.deploy(id);
    expect(v1).toMatchObject({ number: 1, status: 'built', code: CODE_V1, action: { id, name: 'deployer' } });
    const afterDeploy = await client.actions.get(id);
    expect(afterDeploy).toMatchObject({
      all_changes_deployed: true,
      deployed_version: { id: v1.id, number: 1, deployed: true },
    });

    await updateBuilt(client, id, { code: CODE_V2 });
    expect((await client.actions.get(id)).all_changes_deployed).toBe(false);
    const v2 = await client.actions.deploy(id);
    expect(v2.number).toBe(2);
    const v3 = await client.actions.deploy(id); // no change since the last deploy still makes a version (docs/api.md)
    expect(v3.number).toBe(3);

    const page = await client.actions.versions.list(id);
    expect(page.data.map((v) => v.number)).toEqual([3, 2, 1]);
    expect(page.data.filter((v) => v.deployed === true).map((v) => v.number)).toEqual([3]);
    expect(page.response).toMatchObject({ total: 3, per_page: 50 }); // the SDK always sends per_page=50
    expect(await client.actions.versions.get(id, v1.id)).toMatchObject({ id: v1.id, number: 1, code: CODE_V1 });
    expect(await sdkError(() => client.actions.versions.get(id, 'nope'))).toMatchObject({
      statusCode: 404,
      body: { message: 'The action version does not exist.' },
    });
  });

  it('rolls back by creating a new version copied from the old one; update_draft also resets the draft', async () => {
    const { id } = await createBuilt(client, {
      name: 'roller',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: CODE_V1,
    });
    const v1 = await client.actions.deploy(id);
    await updateBuilt(client, id, { code: CODE_V2 });
    await client.actions.deploy(id);
    const rolled = await client.actions.versions.deploy(id, v1.id);
    expect(rolled).toMatchObject({ number: 3, code: CODE_V1 });
    const action = await client.actions.get(id);
    expect(action).toMatchObject({
      code: CODE_V2,
      all_changes_deployed: false,
      deployed_version: { number: 3, code: CODE_V1, deployed: true },
    });

    const again = await client.actions.versions.deploy(id, v1.id, { update_draft: true });
    expect(again.number).toBe(4);
    expect(await client.actions.get(id)).toMatchObject({ code: CODE_V1, all_changes_deployed: true, status: 'built' });
  });

  it('a draft that does not build is failed with errors and cannot be deployed', async () => {
    const { id, status, errors } = await createBuilt(client, {
      name: 'broken',
      supported_triggers: [{ id: 'post-login' }],
      code: 'exports.onExecutePostLogin = async (event, api) => {',
    });
    expect(status).toBe('failed');
    expect(errors[0].msg).toMatch(/SyntaxError|Unexpected/);
    const noHandler = await createBuilt(client, {
      name: 'no-handler',
      supported_triggers: [{ id: 'post-login' }],
      code: 'exports.somethingElse = () => 1;',
    });
    expect(noHandler.status).toBe('failed');
    expect(noHandler.errors[0].msg).toContain('onExecutePostLogin');
    expect(await sdkError(() => client.actions.deploy(id))).toMatchObject({
      statusCode: 400,
      body: { message: "A draft must be in the 'built' state before it can be deployed." },
    });
  });

  it('creates with deploy:true: version 1 is deployed as soon as the draft builds', async () => {
    const created = await createBuilt(client, {
      name: 'instant',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE_V1,
      deploy: true,
    });
    expect(created).toMatchObject({
      status: 'built',
      all_changes_deployed: true,
      deployed_version: { number: 1, deployed: true },
    });
  });

  it('deletes an action and all its versions; a second delete is 404', async () => {
    const { id } = await createBuilt(client, {
      name: 'doomed',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE_V1,
    });
    await client.actions.deploy(id);
    await client.actions.delete(id);
    const notFound = {
      statusCode: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'That action does not exist.' },
    };
    expect(await sdkError(() => client.actions.get(id))).toEqual(notFound);
    expect(await sdkError(() => client.actions.delete(id))).toEqual(notFound);
    expect(await sdkError(() => client.actions.versions.list(id))).toMatchObject({ statusCode: 404 });
    // the name is free again
    expect(
      (await client.actions.create({ name: 'doomed', supported_triggers: [{ id: 'post-login' }], code: CODE_V1 })).name,
    ).toBe('doomed');
  });

  it('keeps everything across a restart on the same DATA_DIR', async () => {
    const { id } = await createBuilt(client, {
      name: 'durable',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE_V1,
      secrets: [{ name: 'S', value: 'v' }],
    });
    await client.actions.deploy(id);
    const before = await client.actions.get(id);
    const versionsBefore = (await client.actions.versions.list(id)).data;
    await service.restart();
    client = sdk(service.apiUrl, await service.token());
    expect(await client.actions.get(id)).toEqual(before);
    expect((await client.actions.versions.list(id)).data).toEqual(versionsBefore);
  });
});
