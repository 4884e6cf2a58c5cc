/**
 * If-Match never tells one tenant about another's resources (issue 9): the tenant is checked before the pinned
 * revision, so another tenant's action is a 404 on every write route whatever If-Match says, exactly as an id that
 * does not exist. Bindings streams are per tenant: another tenant's revisions change nothing in the answer.
 */
import { apiCall, untilBuiltRaw } from '../support/api-call';
import { RunningService, startService } from '../support/service-harness';

const CODE = 'exports.onExecutePostLogin = async () => {};';

describe('If-Match is checked after the tenant', () => {
  let service: RunningService;
  let acme: string;
  let globex: string;
  let actionId: string;
  let versionId: string;
  let etag: string;
  const call = (token: string, method: string, path: string, o: { ifMatch?: string; body?: unknown } = {}) =>
    apiCall(service.apiUrl, token, method, path, o);

  beforeAll(async () => {
    service = await startService();
    acme = await service.token({ tenant: 'acme' });
    globex = await service.token({ tenant: 'globex' });
    const created = await call(acme, 'POST', '/actions/actions', {
      body: { name: 'mine', supported_triggers: [{ id: 'post-login' }], code: CODE, deploy: true },
    });
    expect(created.status).toBe(201);
    actionId = created.body.id;
    await untilBuiltRaw(service.apiUrl, acme, actionId); // built, then deployed
    const versions = await call(acme, 'GET', `/actions/actions/${actionId}/versions`);
    versionId = versions.body.versions[0].id;
    etag = (await call(acme, 'GET', `/actions/actions/${actionId}`)).etag!;
  });
  afterAll(() => service.stop());

  const routes = () =>
    [
      ['PATCH', `/actions/actions/${actionId}`, { name: 'taken-over' }],
      ['DELETE', `/actions/actions/${actionId}`, undefined],
      ['POST', `/actions/actions/${actionId}/deploy`, undefined],
      ['POST', `/actions/actions/${actionId}/versions/${versionId}/deploy`, {}],
    ] as const;

  it("answers 404 for another tenant's action on every write route, with the right, a wrong or the no-stream revision", async () => {
    for (const [method, path, body] of routes()) {
      const answers = [];
      for (const ifMatch of [etag, '"999"', '"-1"', undefined])
        answers.push(await call(globex, method, path, { ifMatch, body }));
      for (const a of answers)
        expect({ route: `${method} ${path}`, status: a.status, errorCode: a.body?.errorCode }).toEqual({
          route: `${method} ${path}`,
          status: 404,
          errorCode: undefined,
        });
      expect(new Set(answers.map((a) => a.body.message)).size).toBe(1);
    }
    const after = await call(acme, 'GET', `/actions/actions/${actionId}`);
    expect({ name: after.body.name, etag: after.etag }).toEqual({ name: 'mine', etag });
  });

  it('answers 404, not 412, for an action id that does not exist, whatever If-Match says', async () => {
    const missing = '00000000-0000-4000-8000-999999999999';
    for (const [method, path, body] of routes()) {
      const r = await call(acme, method, path.replace(actionId, missing), { ifMatch: '"7"', body });
      expect({ route: `${method} ${path}`, status: r.status }).toEqual({ route: `${method} ${path}`, status: 404 });
    }
  });

  it('the owner still gets 412 for a stale revision, and the write with the current one succeeds', async () => {
    expect(
      (await call(acme, 'PATCH', `/actions/actions/${actionId}`, { ifMatch: '"999"', body: { name: 'renamed' } }))
        .status,
    ).toBe(412);
    expect(
      (await call(acme, 'PATCH', `/actions/actions/${actionId}`, { ifMatch: etag, body: { name: 'renamed' } })).status,
    ).toBe(200);
  });

  it("another tenant's bindings revisions change nothing in a tenant's bindings answers", async () => {
    const bound = await call(acme, 'PATCH', '/actions/triggers/post-login/bindings', {
      body: { bindings: [{ ref: { type: 'action_id', value: actionId } }] },
    });
    expect(bound.status).toBe(200);
    const theirs = await call(globex, 'PATCH', '/actions/triggers/post-login/bindings', {
      ifMatch: bound.etag!,
      body: { bindings: [] },
    });
    expect(theirs.status).toBe(412);
    const steal = await call(globex, 'PATCH', '/actions/triggers/post-login/bindings', {
      body: { bindings: [{ ref: { type: 'action_id', value: actionId } }] },
    });
    expect(steal.status).toBeGreaterThanOrEqual(400);
    expect(steal.status).toBeLessThan(500);
    expect((await call(acme, 'GET', '/actions/triggers/post-login/bindings')).body.bindings).toHaveLength(1);
  });
});
