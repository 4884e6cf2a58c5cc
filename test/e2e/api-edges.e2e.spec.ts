/**
 * Paging rules, bad input of every kind, auth, tenants, and optimistic concurrency (docs/api.md).
 * Bad input must get a 4xx with a clear message and change nothing.
 */
import { EVENT_STORE, EventStore, readStreamPaged } from '../../src/event-store/port';
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, Sdk, sdk, sdkError } from '../support/sdk';

const CODE = 'exports.onExecutePostLogin = async () => {};';

describe('API edges', () => {
  let service: RunningService;
  let client: Sdk;
  let token: string;
  const raw = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(init.headers as Record<string, string>),
    };
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? token}`;
    return fetch(`${service.apiUrl}${path}`, { ...init, headers });
  };
  const countActions = async () =>
    ((await (await raw('/actions/actions?per_page=100')).json()) as { actions?: unknown[] }).actions?.length ?? 0;

  beforeAll(async () => {
    service = await startService();
    token = await service.token();
    client = sdk(service.apiUrl, token);
  });
  afterAll(() => service.stop());

  it('pages with total on non-empty pages only, page left out when 0, and filters', async () => {
    for (let i = 0; i < 5; i++)
      await createBuilt(client, {
        name: `page-${i}`,
        supported_triggers: [{ id: 'post-login' }],
        code: CODE,
        deploy: i < 2,
      });
    const first = await (await raw('/actions/actions?per_page=2')).json();
    expect(first).toMatchObject({ total: 5, per_page: 2 });
    expect(first).not.toHaveProperty('page');
    const third = await (await raw('/actions/actions?per_page=2&page=2')).json();
    expect(third).toMatchObject({
      total: 5,
      page: 2,
      per_page: 2,
      actions: [expect.objectContaining({ name: 'page-4' })],
    });
    const past = await (await raw('/actions/actions?per_page=2&page=9')).json();
    expect(past).toEqual({ page: 9, per_page: 2, actions: [] });
    const all: string[] = [];
    for await (const a of (await client.actions.list({ per_page: 2 })) as AsyncIterable<{ name: string }>)
      all.push(a.name);
    expect(all).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
    expect((await client.actions.list({ actionName: 'page-3' })).data).toHaveLength(1);
    expect((await client.actions.list({ actionName: 'PAGE-3' })).data).toHaveLength(0);
    expect((await client.actions.list({ deployed: true })).data).toHaveLength(2);
    expect((await client.actions.list({ triggerId: 'credentials-exchange' })).response).toEqual({
      per_page: 50,
      actions: [],
    });
    expect((await client.actions.list({ installed: true })).data).toHaveLength(0);
  });

  it.each([
    ['malformed JSON', '/actions/actions', { method: 'POST', body: '{"name": ' }],
    ['an array body', '/actions/actions', { method: 'POST', body: '[]' }],
    [
      'JSON nested 5000 levels deep',
      '/actions/actions',
      {
        method: 'POST',
        body: `{"name":"x","supported_triggers":[{"id":"post-login"}],"dependencies":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      },
    ],
    [
      'a missing name',
      '/actions/actions',
      { method: 'POST', body: JSON.stringify({ supported_triggers: [{ id: 'post-login' }] }) },
    ],
    [
      'empty supported_triggers',
      '/actions/actions',
      { method: 'POST', body: JSON.stringify({ name: 'x', supported_triggers: [] }) },
    ],
    [
      'an unknown property',
      '/actions/actions',
      {
        method: 'POST',
        body: JSON.stringify({ name: 'x', supported_triggers: [{ id: 'post-login' }], colour: 'red' }),
      },
    ],
    [
      'an unknown trigger',
      '/actions/actions',
      { method: 'POST', body: JSON.stringify({ name: 'x', supported_triggers: [{ id: 'pre-breakfast' }] }) },
    ],
    [
      'a runtime the trigger lacks',
      '/actions/actions',
      {
        method: 'POST',
        body: JSON.stringify({ name: 'x', supported_triggers: [{ id: 'post-login' }], runtime: 'node4' }),
      },
    ],
    [
      'a secret without value on create',
      '/actions/actions',
      {
        method: 'POST',
        body: JSON.stringify({ name: 'x', supported_triggers: [{ id: 'post-login' }], secrets: [{ name: 'A' }] }),
      },
    ],
    [
      'a wrong type',
      '/actions/actions',
      { method: 'POST', body: JSON.stringify({ name: 7, supported_triggers: [{ id: 'post-login' }] }) },
    ],
    [
      'code over 100 kB',
      '/actions/actions',
      {
        method: 'POST',
        body: JSON.stringify({
          name: 'x',
          supported_triggers: [{ id: 'post-login' }],
          code: `//${'x'.repeat(102_400)}`,
        }),
      },
    ],
    ['an unknown query parameter', '/actions/actions?include_totals=true', {}],
    ['per_page over the maximum', '/actions/actions?per_page=1000', {}],
    ['a non-numeric page', '/actions/actions?page=abc', {}],
    ['a non-boolean filter', '/actions/actions?deployed=maybe', {}],
    ['a malformed escape in the path', '/actions/actions/%zz', {}],
    [
      'a dependency that is a path',
      '/actions/actions',
      {
        method: 'POST',
        body: JSON.stringify({
          name: 'x',
          supported_triggers: [{ id: 'post-login' }],
          dependencies: [{ name: '../../etc', version: '1.0.0' }],
        }),
      },
    ],
    [
      'a dependency version that is a file: spec',
      '/actions/actions',
      {
        method: 'POST',
        body: JSON.stringify({
          name: 'x',
          supported_triggers: [{ id: 'post-login' }],
          dependencies: [{ name: 'x', version: 'file:/etc/passwd' }],
        }),
      },
    ],
    [
      'a dependency version that is a git URL',
      '/actions/actions',
      {
        method: 'POST',
        body: JSON.stringify({
          name: 'x',
          supported_triggers: [{ id: 'post-login' }],
          dependencies: [{ name: 'x', version: 'git+https://example.com/x.git' }],
        }),
      },
    ],
  ])('answers 400 in the Auth0 body for %s, changing nothing', async (_case, path, init) => {
    const before = await countActions();
    const res = await raw(path, init as RequestInit);
    const body = (await res.json()) as { message: string };
    expect(res.status).toBe(400);
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.any(String),
      errorCode: expect.any(String),
    });
    expect(body.message.length).toBeGreaterThan(10);
    expect(await countActions()).toBe(before);
  });

  it('names the offending property like Auth0, type errors first', async () => {
    const wrongType = (await (
      await raw('/actions/actions', {
        method: 'POST',
        body: JSON.stringify({ name: 5, supported_triggers: [{ id: 'post-login' }] }),
      })
    ).json()) as { message: string };
    expect(wrongType.message).toBe("Payload validation error: 'name must be a string' on property name.");
    const body = await (
      await raw('/actions/actions', {
        method: 'POST',
        body: JSON.stringify({ name: 'x', supported_triggers: [{ id: 'post-login' }], colour: 'red' }),
      })
    ).json();
    expect(body).toMatchObject({
      errorCode: 'invalid_body',
      message: "Payload validation error: 'Additional properties not allowed: colour' on property .",
    });
    const q = await (await raw('/actions/actions?include_totals=true')).json();
    expect(q).toMatchObject({
      errorCode: 'invalid_query_string',
      message: expect.stringContaining('Additional properties not allowed: include_totals'),
    });
  });

  it('401 for a missing, malformed, forged, expired or wrong-audience token; 403 for a missing scope', async () => {
    const unauthorized = (res: Response) => expect(res.status).toBe(401);
    unauthorized(await raw('/actions/actions', { token: null }));
    unauthorized(await raw('/actions/actions', { token: 'not-a-jwt' }));
    unauthorized(
      await raw('/actions/actions', {
        token: await service.token({ secret: 'another-secret-that-is-long-enough-0123456789' }),
      }),
    );
    unauthorized(await raw('/actions/actions', { token: await service.token({ expiresIn: '-1m' }) }));
    unauthorized(
      await raw('/actions/actions', { token: await service.token({ audience: 'https://elsewhere/api/v2/' }) }),
    );
    expect(await (await raw('/actions/actions', { token: null })).json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Missing authentication',
    });
    const readOnly = sdk(service.apiUrl, await service.token({ scope: 'read:actions' }));
    expect(
      await sdkError(() => readOnly.actions.create({ name: 'nope', supported_triggers: [{ id: 'post-login' }] })),
    ).toEqual({
      statusCode: 403,
      body: {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Insufficient scope, expected any of: create:actions',
        errorCode: 'insufficient_scope',
      },
    });
    expect((await readOnly.actions.list()).data.length).toBeGreaterThanOrEqual(0);
    expect((await raw('/actions/actions', { token: await service.token({ scope: 'execute:actions' }) })).status).toBe(
      403,
    );
  });

  it("keeps tenants apart: another tenant's action is 404 and names are per tenant", async () => {
    const acme = sdk(service.apiUrl, await service.token({ tenant: 'acme' }));
    const globex = sdk(service.apiUrl, await service.token({ tenant: 'globex' }));
    const mine = await acme.actions.create({
      name: 'shared-name',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE,
    });
    const theirs = await globex.actions.create({
      name: 'shared-name',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE,
    });
    expect(mine.id).not.toBe(theirs.id);
    for (const call of [
      () => globex.actions.get(mine.id),
      () => globex.actions.update(mine.id, { code: '' }),
      () => globex.actions.deploy(mine.id),
      () => globex.actions.delete(mine.id),
      () => globex.actions.versions.list(mine.id),
    ]) {
      expect((await sdkError(call)).statusCode).toBe(404);
    }
    expect((await globex.actions.list()).data.map((a) => a.id)).toEqual([theirs.id]);
    expect((await acme.actions.get(mine.id)).code).toBe(CODE);
  });

  it('refuses a duplicate name (409) on create and on rename', async () => {
    await client.actions.create({ name: 'unique-1', supported_triggers: [{ id: 'post-login' }], code: CODE });
    const { id } = await client.actions.create({
      name: 'unique-2',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE,
    });
    expect(
      (await sdkError(() => client.actions.create({ name: 'unique-1', supported_triggers: [{ id: 'post-login' }] })))
        .statusCode,
    ).toBe(409);
    expect((await sdkError(() => client.actions.update(id, { name: 'unique-1' }))).statusCode).toBe(409);
    expect((await client.actions.get(id)).name).toBe('unique-2');
  });

  it('ETag and If-Match: a stale revision is 412 and changes nothing; concurrent writers never lose an update', async () => {
    const { id } = await createBuilt(client, { name: 'etag', supported_triggers: [{ id: 'post-login' }], code: CODE });
    const etag = (await raw(`/actions/actions/${id}`)).headers.get('etag')!;
    expect(etag).toMatch(/^"\d+"$/);
    const ok = await raw(`/actions/actions/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ code: '// 1' }),
      headers: { 'if-match': etag },
    });
    expect(ok.status).toBe(200);
    const stale = await raw(`/actions/actions/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ code: '// 2' }),
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ statusCode: 412, error: 'Precondition Failed' });
    expect((await client.actions.get(id)).code).toBe('// 1');

    const writes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        raw(`/actions/actions/${id}`, { method: 'PATCH', body: JSON.stringify({ code: `// writer ${i}` }) }),
      ),
    );
    expect(writes.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const succeeded = writes.filter((r) => r.status === 200).length;
    const events = [];
    for await (const e of readStreamPaged(service.app.get<symbol, EventStore>(EVENT_STORE), `action-${id}`))
      events.push(e);
    // every acknowledged PATCH is one draft update in the stream (the build reactor adds its own build events)
    expect(events.filter((e) => e.type === 'ActionDraftUpdated').length).toBe(1 + succeeded);
  });

  it('unknown routes and ids are 404 in the Auth0 body', async () => {
    const res = await raw('/actions/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(await sdkError(() => client.actions.get('00000000-0000-4000-8000-000000000000'))).toEqual({
      statusCode: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'That action does not exist.' },
    });
  });
});
