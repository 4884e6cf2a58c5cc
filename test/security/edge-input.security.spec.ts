/**
 * Input validation at the edge (issue 9): names people read (actions, secrets, binding display names) refuse
 * control, bidi/format and unpaired-surrogate characters and whitespace-only text, and compare after NFC; keys that
 * name Object.prototype members are unknown properties like any other, in queries and bodies; a dependency's
 * registry_url is refused unless it is the configured registry. Every refusal is a 400 in Auth0's body and
 * changes nothing.
 */
import * as http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunningService, startService } from '../support/service-harness';

const CODE = 'exports.onExecutePostLogin = async () => {};';
const action = (extra: Record<string, unknown>) => ({
  name: 'ok-name',
  supported_triggers: [{ id: 'post-login' }],
  code: CODE,
  ...extra,
});

describe('edge input validation', () => {
  let service: RunningService;
  let token: string;
  let registry: http.Server;
  let registryUrl: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${service.apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const actionNames = async () =>
    ((await call('GET', '/actions/actions?per_page=100')).body.actions as { name: string }[]).map((a) => a.name).sort();
  const expect400 = async (method: string, path: string, body: unknown, message: RegExp) => {
    const before = await actionNames();
    const r = await call(method, path, body);
    expect({ status: r.status, body: r.body }).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(message),
        errorCode: expect.any(String),
      },
    });
    expect(await actionNames()).toEqual(before);
  };

  beforeAll(async () => {
    // A registry that knows no package: a build against it fails at once (the create still answers 201).
    registry = http.createServer((_req, res) =>
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}'),
    );
    await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
    registryUrl = `http://127.0.0.1:${(registry.address() as { port: number }).port}/registry/`;
    service = await startService({ env: { NPM_REGISTRY: registryUrl } });
    token = await service.token({ tenant: 'edge' });
  });
  afterAll(async () => {
    await service.stop();
    registry.closeAllConnections();
    await new Promise((r) => registry.close(r));
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a C1 control', 'a\u0085b'],
    ['a right-to-left override (U+202E)', 'invoice\u202Etxt.exe'],
    ['a bidi isolate (U+2066)', 'a\u2066b'],
    ['a zero-width space', 'a\u200Bb'],
    ['a line separator', 'a\u2028b'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', 'a\uDC00'],
    ['whitespace only', ' \t\u00A0\u3000 '],
  ])('refuses an action name with %s, on create and on update', async (_case, name) => {
    await expect400(
      'POST',
      '/actions/actions',
      action({ name }),
      /^Payload validation error: 'name must (not contain control|not be empty)/,
    );
    const created = await call(
      'POST',
      '/actions/actions',
      action({ name: `target-${_case.length}-${Math.random().toString(36).slice(2, 8)}` }),
    );
    expect(created.status).toBe(201);
    await expect400('PATCH', `/actions/actions/${created.body.id}`, { name }, /on property name\.$/);
    expect((await call('DELETE', `/actions/actions/${created.body.id}`)).status).toBe(204);
  });

  it('accepts names with ordinary non-ASCII letters, emoji and inner spaces', async () => {
    for (const name of ['Zoë’s rule', '日本語の名前', 'deploy 🚀 now']) {
      const r = await call('POST', '/actions/actions', action({ name }));
      expect({ name, status: r.status, stored: r.body.name }).toEqual({ name, status: 201, stored: name });
      await call('DELETE', `/actions/actions/${r.body.id}`);
    }
  });

  it('treats café composed (NFC) and decomposed (NFD) as one name, stored as NFC', async () => {
    const nfd = 'cafe\u0301';
    const nfc = 'caf\u00E9';
    const first = await call('POST', '/actions/actions', action({ name: nfd }));
    expect(first.status).toBe(201);
    expect(first.body.name).toBe(nfc);
    const second = await call('POST', '/actions/actions', action({ name: nfc }));
    expect(second.status).toBe(409);
    expect((await call('GET', `/actions/actions?actionName=${encodeURIComponent(nfd)}`)).body.actions).toHaveLength(1);
    await call('DELETE', `/actions/actions/${first.body.id}`);
  });

  it('refuses bad secret names and treats NFC/NFD secret names as the same secret', async () => {
    await expect400(
      'POST',
      '/actions/actions',
      action({ secrets: [{ name: 'KEY\u202E', value: 'v' }] }),
      /on property secrets\[0\]\.name\.$/,
    );
    await expect400('POST', '/actions/actions', action({ secrets: [{ name: '   ', value: 'v' }] }), /whitespace only/);
    await expect400(
      'POST',
      '/actions/actions',
      action({
        secrets: [
          { name: 'cafe\u0301', value: '1' },
          { name: 'caf\u00E9', value: '2' },
        ],
      }),
      /listed more than once/,
    );
  });

  it('refuses a binding display name with a bidi override, binding nothing', async () => {
    const deployed = await call('POST', '/actions/actions', action({ name: 'bindable', deploy: true }));
    while ((await call('GET', `/actions/actions/${deployed.body.id}`)).body.status === 'pending') await sleep(25); // built, then deployed
    const ref = { type: 'action_id', value: deployed.body.id };
    const r = await call('PATCH', '/actions/triggers/post-login/bindings', {
      bindings: [{ ref, display_name: 'pay\u202Eexe' }],
    });
    expect({ status: r.status, errorCode: r.body.errorCode }).toEqual({ status: 400, errorCode: 'invalid_body' });
    expect((await call('GET', '/actions/triggers/post-login/bindings')).body.bindings).toEqual([]);
    expect(
      (await call('PATCH', '/actions/triggers/post-login/bindings', { bindings: [{ ref, display_name: 'Zoë' }] }))
        .status,
    ).toBe(200);
  });

  it('names the property and the offending character', async () => {
    const r = await call('POST', '/actions/actions', action({ name: 'invoice\u202Etxt.exe' }));
    expect(r.body.message).toBe(
      "Payload validation error: 'name must not contain control, format (bidi, zero-width) or unpaired surrogate characters (found U+202E)' on property name.",
    );
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'])(
    'refuses the query parameter %s like any unknown one',
    async (key) => {
      const r = await call('GET', `/actions/actions?${key}=1`);
      expect({ status: r.status, errorCode: r.body.errorCode, message: r.body.message }).toEqual({
        status: 400,
        errorCode: 'invalid_query_string',
        message: `Query validation error: 'Additional properties not allowed: ${key}' on property .`,
      });
    },
  );

  it.each([
    ['a top-level constructor key', '{"name":"p","supported_triggers":[{"id":"post-login"}],"constructor":1}'],
    ['a top-level toString key', '{"name":"p","supported_triggers":[{"id":"post-login"}],"toString":"x"}'],
    [
      'a constructor key in a dependency',
      '{"name":"p","supported_triggers":[{"id":"post-login"}],"dependencies":[{"name":"lodash","version":"1.0.0","constructor":1}]}',
    ],
    ['a __proto__ key', '{"name":"p","supported_triggers":[{"id":"post-login"}],"__proto__":{"x":1}}'],
  ])('refuses a body with %s', async (_case, body) => {
    await expect400('POST', '/actions/actions', body, /./);
  });

  it('refuses a registry_url other than the configured registry, and accepts the configured one', async () => {
    const dep = (registry_url: string) =>
      action({ dependencies: [{ name: 'lodash', version: '4.17.21', registry_url }] });
    await expect400(
      'POST',
      '/actions/actions',
      dep('http://127.0.0.1:8080/evil/'),
      /^Payload validation error: 'registry_url .*' on property dependencies\[0\]\.registry_url\.$/,
    );
    await expect400('POST', '/actions/actions', dep('file:///etc/passwd'), /registry_url/);
    await expect400('POST', '/actions/actions', dep('not a url'), /registry_url/);
    const created = await call('POST', '/actions/actions', action({ name: 'no-deps' }));
    await expect400(
      'PATCH',
      `/actions/actions/${created.body.id}`,
      { dependencies: [{ name: 'lodash', version: '4.17.21', registry_url: 'https://registry.npmjs.org/' }] },
      /registry_url/,
    );
    await expect400('POST', '/actions/actions', dep(`${registryUrl}?token=x`), /registry_url/);
    const same = await call('POST', '/actions/actions', {
      ...dep(registryUrl.replace(/\/$/, '')),
      name: 'same-registry',
    });
    expect(same.status).toBe(201);
  });
});
