/**
 * Every ETag the service gives is accepted back in If-Match (issue 14): actions (GET, POST, PATCH) and trigger
 * bindings (GET, PATCH), including the ETag of a trigger that has never been bound ("no stream yet"), which pins
 * the write to "still no stream". A stale ETag is a 412 that changes nothing. The build reactor's own writes
 * (a draft built) move an action's ETag like any other change, so these tests take ETags once the draft is built.
 */
import { apiCall, untilBuiltRaw } from '../support/api-call';
import { RunningService, startService } from '../support/service-harness';

const CODE = 'exports.onExecutePostLogin = async () => {};';

describe('ETag round trip', () => {
  let service: RunningService;
  let token: string;
  const call = (method: string, path: string, o: { ifMatch?: string; body?: unknown } = {}) =>
    apiCall(service.apiUrl, token, method, path, o);
  const built = (id: string) => untilBuiltRaw(service.apiUrl, token, id);

  beforeAll(async () => {
    service = await startService();
    token = await service.token({ tenant: 'etags' });
  });
  afterAll(() => service.stop());

  it('bindings of a trigger never bound: the ETag of GET is accepted by PATCH, and only while nothing was written', async () => {
    const empty = await call('GET', '/actions/triggers/post-login/bindings');
    expect(empty.status).toBe(200);
    expect(empty.etag).toBeTruthy();
    const action = await call('POST', '/actions/actions', {
      body: { name: 'bound', supported_triggers: [{ id: 'post-login' }], code: CODE, deploy: true },
    });
    await built(action.body.id);
    const bindings = [{ ref: { type: 'action_id', value: action.body.id } }];
    const first = await call('PATCH', '/actions/triggers/post-login/bindings', {
      ifMatch: empty.etag!,
      body: { bindings },
    });
    expect(first.status).toBe(200);
    expect(first.etag).not.toBe(empty.etag);
    const stale = await call('PATCH', '/actions/triggers/post-login/bindings', {
      ifMatch: empty.etag!,
      body: { bindings: [] },
    });
    expect(stale.status).toBe(412);
    expect((await call('GET', '/actions/triggers/post-login/bindings')).body.bindings).toHaveLength(1);
    const again = await call('GET', '/actions/triggers/post-login/bindings');
    expect(again.etag).toBe(first.etag);
    expect(
      (await call('PATCH', '/actions/triggers/post-login/bindings', { ifMatch: again.etag!, body: { bindings: [] } }))
        .status,
    ).toBe(200);
  });

  it('weak and unquoted forms of a given ETag are accepted too; anything else is a 400', async () => {
    const { etag } = await call('GET', '/actions/triggers/credentials-exchange/bindings');
    expect(
      (
        await call('PATCH', '/actions/triggers/credentials-exchange/bindings', {
          ifMatch: `W/${etag}`,
          body: { bindings: [] },
        })
      ).status,
    ).toBe(200);
    const { etag: next } = await call('GET', '/actions/triggers/credentials-exchange/bindings');
    expect(
      (
        await call('PATCH', '/actions/triggers/credentials-exchange/bindings', {
          ifMatch: next!.replace(/"/g, ''),
          body: { bindings: [] },
        })
      ).status,
    ).toBe(200);
    for (const bad of ['"abc"', '"-2"', '"1', 'W/"x"']) {
      const r = await call('PATCH', '/actions/triggers/credentials-exchange/bindings', {
        ifMatch: bad,
        body: { bindings: [] },
      });
      expect({ bad, status: r.status, errorCode: r.body.errorCode }).toEqual({
        bad,
        status: 400,
        errorCode: 'invalid_headers',
      });
    }
  });

  it('actions: the ETag of POST, GET and PATCH is accepted by PATCH, deploy, rollback and DELETE', async () => {
    const created = await call('POST', '/actions/actions', {
      body: { name: 'etagged', supported_triggers: [{ id: 'post-login' }], code: CODE },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // the create's own ETag is a revision like any other: accepted (200), or stale once the build was recorded (412)
    expect([200, 412]).toContain(
      (await call('PATCH', `/actions/actions/${id}`, { ifMatch: created.etag!, body: { code: CODE } })).status,
    );
    const got = await built(id);
    const patched = await call('PATCH', `/actions/actions/${id}`, {
      ifMatch: got.etag!,
      body: { code: `${CODE} // 2` },
    });
    expect(patched.status).toBe(200);
    expect((await call('PATCH', `/actions/actions/${id}`, { ifMatch: got.etag!, body: { code: CODE } })).status).toBe(
      412,
    );
    expect([200, 400, 412]).toContain(
      (await call('POST', `/actions/actions/${id}/deploy`, { ifMatch: patched.etag! })).status,
    );
    const rebuilt = await built(id);
    const deployed = await call('POST', `/actions/actions/${id}/deploy`, { ifMatch: rebuilt.etag! });
    expect(deployed.status).toBe(200);
    const afterDeploy = await call('GET', `/actions/actions/${id}`);
    const rolled = await call('POST', `/actions/actions/${id}/versions/${deployed.body.id}/deploy`, {
      ifMatch: afterDeploy.etag!,
      body: {},
    });
    expect(rolled.status).toBe(200);
    const beforeDelete = await call('GET', `/actions/actions/${id}`);
    expect((await call('DELETE', `/actions/actions/${id}`, { ifMatch: afterDeploy.etag! })).status).toBe(412);
    expect((await call('DELETE', `/actions/actions/${id}`, { ifMatch: beforeDelete.etag! })).status).toBe(204);
  });
});
