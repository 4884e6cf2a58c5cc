/**
 * GET /actions/actions/{id} is answered from memory (PresentedActions) and forgotten by the projections: every
 * write's effect (update, build outcome, deploy, delete) shows in the first GET after its answer, with its ETag.
 */
import { PresentedActions } from '../../src/actions/http/presented-actions';
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, sdk, Sdk, sdkError, untilBuilt } from '../support/sdk';

describe('GET action from memory', () => {
  let service: RunningService;
  let client: Sdk;
  let token: string;
  const get = async (id: string) => {
    const res = await fetch(`${service.apiUrl}/actions/actions/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: res.status,
      etag: res.headers.get('etag'),
      type: res.headers.get('content-type'),
      body: (await res.json()) as Record<string, any>,
    };
  };

  beforeAll(async () => {
    service = await startService();
    token = await service.token();
    client = sdk(service.apiUrl, token);
  });
  afterAll(() => service.stop());

  it('shows update, build, deploy and delete at once', async () => {
    const created = await createBuilt(client, {
      name: 'kept',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: 'exports.onExecutePostLogin = async () => {};',
    });
    const first = await get(created.id);
    expect(first).toMatchObject({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: { id: created.id, status: 'built' },
    });
    expect(await get(created.id)).toEqual(first);
    expect(service.app.get(PresentedActions).size()).toBeGreaterThan(0);

    const updated = await client.actions.update(created.id, {
      code: 'exports.onExecutePostLogin = async () => { /* 2 */ };',
    });
    const afterUpdate = await get(created.id);
    expect(afterUpdate.body).toEqual(JSON.parse(JSON.stringify(updated)));
    expect(afterUpdate.etag).not.toBe(first.etag);
    await untilBuilt(client, created.id);
    expect((await get(created.id)).body.status).toBe('built');

    await client.actions.deploy(created.id);
    expect((await get(created.id)).body.deployed_version).toMatchObject({ number: 1, deployed: true });

    await client.actions.delete(created.id);
    expect((await get(created.id)).status).toBe(404);
    expect(await sdkError(() => client.actions.get(created.id))).toMatchObject({ statusCode: 404 });
  });
});
