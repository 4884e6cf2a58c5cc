/**
 * Real bound actions executed through the runtime API, in binding order, and their records read back with the
 * official auth0 SDK's executions client; redirect + continue; the draft test endpoint; tenants kept apart.
 */
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, Sdk, sdk, sdkError, updateBuilt } from '../support/sdk';

const code = (body: string, handler = 'onExecutePostLogin') =>
  `exports.${handler} = async (event, api) => {\n${body}\n};`;

describe('runtime (executions through HTTP, records through the auth0 SDK)', () => {
  let service: RunningService;
  let client: Sdk;
  let token: string;
  const execute = async (triggerId: string, event: unknown, t = token) => {
    const res = await fetch(`${service.baseUrl}/runtime/v1/triggers/${triggerId}/executions`, {
      method: 'POST',
      body: JSON.stringify({ event }),
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const deploy = async (name: string, body: string, extra: Record<string, unknown> = {}, c = client) =>
    (
      await createBuilt(c, {
        name,
        supported_triggers: [{ id: 'post-login', version: 'v3' }],
        code: code(body),
        deploy: true,
        ...extra,
      })
    ).id as string;
  const bind = (ids: string[], c = client) =>
    c.actions.triggers.bindings.updateMany('post-login', {
      bindings: ids.map((value) => ({ ref: { type: 'action_id', value } })),
    });

  beforeAll(async () => {
    service = await startService({ env: { EXECUTION_TIMEOUT_MS: '3000' } });
    token = await service.token();
    client = sdk(service.apiUrl, token);
  });
  afterAll(() => service.stop());

  it('no bound actions → final with empty lists; unknown trigger → 404; bad body → 400; scope needed', async () => {
    expect(await execute('post-login', { user: {} })).toMatchObject({
      status: 200,
      body: { status: 'final', results: [], commands: [], logs: [] },
    });
    expect((await execute('pre-breakfast', {})).status).toBe(404);
    const bad = await fetch(`${service.baseUrl}/runtime/v1/triggers/post-login/executions`, {
      method: 'POST',
      body: '{"event": 3}',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect((await execute('post-login', {}, await service.token({ scope: 'read:actions' }))).status).toBe(403);
  });

  it('runs bound deployed versions in binding order, records commands in call order, and the SDK reads the record', async () => {
    const first = await deploy(
      'first',
      "api.idToken.setCustomClaim('order', 1); api.transaction.setMetadata('seen_by', 'first'); console.log('hello', event.user.email);",
    );
    const second = await deploy(
      'second',
      "api.accessToken.setCustomClaim('order', 2); api.user.setAppMetadata('from_first', event.transaction.metadata.seen_by); api.cache.set('visits', '1');",
      { secrets: [{ name: 'TOKEN', value: 'do-not-leak' }] },
    );
    await bind([first, second]);
    const { status, body } = await execute('post-login', { user: { email: 'ada@example.com' }, transaction: {} });
    expect(status).toBe(200);
    expect(body).toMatchObject({ trigger_id: 'post-login', status: 'final' });
    expect(body.results.map((r: { action_name: string }) => r.action_name)).toEqual(['first', 'second']);
    expect(body.commands).toEqual([
      { action_name: 'first', name: 'idToken.setCustomClaim', args: ['order', 1] },
      { action_name: 'first', name: 'transaction.setMetadata', args: ['seen_by', 'first'] },
      { action_name: 'second', name: 'accessToken.setCustomClaim', args: ['order', 2] },
      { action_name: 'second', name: 'user.setAppMetadata', args: ['from_first', 'first'] },
    ]);
    expect(body.logs).toEqual([{ action_name: 'first', lines: ['hello ada@example.com'] }]);
    expect(JSON.stringify(body)).not.toContain('do-not-leak');
    const read = await client.actions.executions.get(body.id);
    expect(read).toEqual(body);
  });

  it('a deny cancels the chain; an error makes it partial; a new deploy takes effect at once', async () => {
    const denier = await deploy('denier', "api.access.deny('blocked');");
    const never = await deploy('never-runs', "api.idToken.setCustomClaim('ran', true);");
    await bind([denier, never]);
    const denied = (await execute('post-login', {})).body;
    expect(denied.status).toBe('canceled');
    expect(denied.results.map((r: { action_name: string }) => r.action_name)).toEqual(['denier']);
    expect(denied.commands).toEqual([{ action_name: 'denier', name: 'access.deny', args: ['blocked'] }]);

    await updateBuilt(client, denier, { code: code("throw new TypeError('boom');") });
    await client.actions.deploy(denier);
    const failed = (await execute('post-login', {})).body;
    expect(failed.status).toBe('partial');
    expect(failed.results[0].error).toEqual({ id: 'action_error', msg: 'TypeError: boom' });
    expect(failed.results).toHaveLength(1);
  });

  it('a redirect suspends; /continue runs onContinuePostLogin then the rest; a reused state is refused', async () => {
    const redirecting = (
      await createBuilt(client, {
        name: 'mfa-redirect',
        supported_triggers: [{ id: 'post-login', version: 'v3' }],
        deploy: true,
        code: `${code("api.redirect.sendUserTo('https://example.com/verify', { query: { step: 'one' } });")}\n${code("api.idToken.setCustomClaim('verified', event.request.query.ok);", 'onContinuePostLogin')}`,
      })
    ).id as string;
    const after = await deploy('after-redirect', "api.idToken.setCustomClaim('after', true);");
    await bind([redirecting, after]);
    const suspended = (await execute('post-login', { request: { query: {} } })).body;
    expect(suspended.status).toBe('suspended');
    expect(suspended.redirect.url).toMatch(/^https:\/\/example\.com\/verify\?step=one&state=/);
    const resume = (state: string) =>
      fetch(`${service.baseUrl}/runtime/v1/executions/${suspended.id}/continue`, {
        method: 'POST',
        body: JSON.stringify({ state, event: { request: { query: { ok: 'yes' } } } }),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
    expect((await resume('not-the-state')).status).toBe(400);
    const done = await resume(suspended.redirect.state);
    const record = (await done.json()) as Record<string, any>;
    expect(record.status).toBe('final');
    expect(record.commands.map((c: { name: string; args: unknown[] }) => [c.name, ...c.args])).toEqual([
      ['redirect.sendUserTo', 'https://example.com/verify', { query: { step: 'one' } }],
      ['idToken.setCustomClaim', 'verified', 'yes'],
      ['idToken.setCustomClaim', 'after', true],
    ]);
    expect((await resume(suspended.redirect.state)).status).toBe(404);
  });

  it("executions are per tenant: another tenant's id is 404, unknown ids are 404", async () => {
    await bind([]);
    const { body } = await execute('post-login', {});
    const other = sdk(service.apiUrl, await service.token({ tenant: 'someone-else' }));
    expect(await sdkError(() => other.actions.executions.get(body.id))).toEqual({
      statusCode: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'That execution does not exist.' },
    });
    expect((await sdkError(() => client.actions.executions.get('nope'))).statusCode).toBe(404);
  });

  it('tests a draft with its own cache namespace and reports commands, logs and errors (HTTP 200 even on error)', async () => {
    const { id } = await client.actions.create({
      name: 'draft-only',
      supported_triggers: [{ id: 'post-login' }],
      code: code("console.log('cached', JSON.stringify(api.cache.get('visits'))); api.multifactor.enable('any');"),
      secrets: [{ name: 'S', value: 'v' }],
    });
    const ok = await client.actions.test(id, { payload: { event: { user: { user_id: 'u1' } } } });
    expect(ok.payload).toMatchObject({
      commands: [{ name: 'multifactor.enable', args: ['any'] }],
      logs: ['cached undefined'],
    });
    expect(ok.payload.stats).toMatchObject({
      total_request_duration_ms: expect.any(Number),
      action_duration_ms: expect.any(Number),
    });
    await client.actions.update(id, { code: code('null.boom;') });
    const failed = await client.actions.test(id, { payload: { event: {} } });
    expect(failed.payload.error).toMatchObject({ name: 'TypeError', message: expect.stringContaining('null') });
  });

  it("/metrics shows the sandbox's isolates and their memory, read at the scrape", async () => {
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(value('sandbox_isolates')).toBeGreaterThanOrEqual(1); // the executions above ran in their tenants' isolates
    expect(value('sandbox_isolate_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(value('sandbox_memory_budget_isolates_freed')).toBe(0); // far within the default 2 GiB
    expect(value('sandbox_memory_budget_contexts_dropped')).toBe(0);
  });
});
