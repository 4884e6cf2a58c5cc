/** Triggers and bindings through the official auth0 SDK (docs/api.md). */
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, Sdk, sdk, sdkError, updateBuilt } from '../support/sdk';

const CODE = 'exports.onExecutePostLogin = async () => {};';

describe('triggers and bindings (auth0 SDK)', () => {
  let service: RunningService;
  let client: Sdk;
  const deployed = async (name: string, trigger = { id: 'post-login', version: 'v3' }, code = CODE) => {
    const { id } = await createBuilt(client, { name, supported_triggers: [trigger], code, deploy: true });
    return id as string;
  };

  beforeAll(async () => {
    service = await startService();
    client = sdk(service.apiUrl, await service.token());
  });
  afterAll(() => service.stop());

  it('lists one entry per trigger (id, version) with runtimes and compatibility', async () => {
    const { triggers } = await client.actions.triggers.list();
    expect(triggers).toEqual(
      expect.arrayContaining([
        {
          id: 'post-login',
          version: 'v3',
          status: 'CURRENT',
          runtimes: expect.arrayContaining(['node22', 'node18-actions']),
          default_runtime: 'node22',
          compatible_triggers: [{ id: 'post-login', version: 'v2' }],
          binding_policy: 'trigger-bound',
        },
        expect.objectContaining({ id: 'credentials-exchange', version: 'v2', status: 'CURRENT' }),
        expect.objectContaining({ id: 'custom-token-exchange', binding_policy: 'entity-bound' }),
      ]),
    );
  });

  it('replaces the ordered list, embeds the action, and re-orders by binding id', async () => {
    const a = await deployed('bind-a');
    const b = await deployed('bind-b');
    const { bindings } = await client.actions.triggers.bindings.updateMany('post-login', {
      bindings: [
        { ref: { type: 'action_name', value: 'bind-b' }, display_name: 'B first' },
        { ref: { type: 'action_id', value: a } },
      ],
    });
    expect(bindings.map((x) => [x.action.id, x.display_name, x.trigger_id])).toEqual([
      [b, 'B first', 'post-login'],
      [a, 'bind-a', 'post-login'],
    ]);
    expect(bindings[0].action.deployed_version).toMatchObject({ number: 1, deployed: true });

    const listed = await client.actions.triggers.bindings.list('post-login');
    expect(listed.data.map((x) => x.id)).toEqual(bindings.map((x) => x.id));
    expect(listed.response).toMatchObject({ total: 2, per_page: 50 });

    const reordered = await client.actions.triggers.bindings.updateMany('post-login', {
      bindings: [
        { ref: { type: 'binding_id', value: bindings[1].id } },
        { ref: { type: 'binding_id', value: bindings[0].id } },
      ],
    });
    expect(reordered.bindings.map((x) => x.action.id)).toEqual([a, b]);
    await client.actions.triggers.bindings.updateMany('post-login', { bindings: [] });
    expect((await client.actions.triggers.bindings.list('post-login')).data).toEqual([]);
  });

  it('runs the deployed version: a new deploy shows up in the binding without re-binding', async () => {
    const id = await deployed('bind-redeploy');
    await client.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_id', value: id } }],
    });
    await updateBuilt(client, id, { code: 'exports.onExecutePostLogin = async () => { /* v2 */ };' });
    await client.actions.deploy(id);
    const [binding] = (await client.actions.triggers.bindings.list('post-login')).data;
    expect(binding.action.deployed_version.number).toBe(2);
    await client.actions.triggers.bindings.updateMany('post-login', { bindings: [] });
  });

  it('refuses undeployed, incompatible, unknown and duplicate actions, and malformed items', async () => {
    const { id: undeployed } = await client.actions.create({
      name: 'not-yet',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE,
    });
    const other = await deployed(
      'cx',
      { id: 'credentials-exchange', version: 'v2' },
      'exports.onExecuteCredentialsExchange = async () => {};',
    );
    const ok = await deployed('bind-ok');
    const patch = (bindings: unknown[]) =>
      sdkError(() => client.actions.triggers.bindings.updateMany('post-login', { bindings }));
    expect(await patch([{ ref: { type: 'action_id', value: undeployed } }])).toMatchObject({
      statusCode: 400,
      body: { message: expect.stringContaining('has not been deployed yet') },
    });
    expect(await patch([{ ref: { type: 'action_id', value: other } }])).toMatchObject({
      statusCode: 400,
      body: { message: 'Trying to create a binding between an incompatible action and trigger.' },
    });
    expect(await patch([{ ref: { type: 'action_name', value: 'nobody' } }])).toMatchObject({ statusCode: 400 });
    expect(
      await patch([{ ref: { type: 'action_id', value: ok } }, { ref: { type: 'action_id', value: ok } }]),
    ).toMatchObject({ statusCode: 400 });
    expect(await patch([{ ref: { type: 'bogus', value: ok } }])).toMatchObject({
      statusCode: 400,
      body: {
        errorCode: 'invalid_body',
        message: "Payload validation error: 'Data does not match any schemas from 'oneOf'' on property bindings[0].",
      },
    });
    expect((await client.actions.triggers.bindings.list('post-login')).data).toEqual([]);
  });

  it('refuses to delete a bound action (409) unless force=true, which unbinds it first', async () => {
    const keep = await deployed('keeper');
    const doomed = await deployed('bound-doomed');
    await client.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_id', value: keep } }, { ref: { type: 'action_id', value: doomed } }],
    });
    expect(await sdkError(() => client.actions.delete(doomed))).toMatchObject({
      statusCode: 409,
      body: { message: 'Unable to delete an action bound to a trigger.' },
    });
    expect((await client.actions.get(doomed)).id).toBe(doomed);
    await client.actions.delete(doomed, { force: true });
    const left = (await client.actions.triggers.bindings.list('post-login')).data;
    expect(left.map((x) => x.action.id)).toEqual([keep]);
    await client.actions.triggers.bindings.updateMany('post-login', { bindings: [] });
  });

  it('an entity-bound trigger and an unknown trigger are refused', async () => {
    expect(await sdkError(() => client.actions.triggers.bindings.list('custom-token-exchange'))).toMatchObject({
      statusCode: 400,
    });
    expect(await sdkError(() => client.actions.triggers.bindings.list('no-such-trigger'))).toMatchObject({
      statusCode: 400,
      body: { errorCode: 'invalid_uri' },
    });
  });
});
