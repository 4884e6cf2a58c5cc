/**
 * Security issue 9 end to end, through the real HTTP server with NPM_REGISTRY on the fake registry: the attacks of
 * the issue, as a tenant would send them (create an action with a dependency, then `POST …/{id}/test`), no longer
 * return the service's secrets key, a file of DATA_DIR or the process environment, and a dependency whose own
 * dependency is a URL on an internal server makes no request to it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunningService, startService } from '../support/service-harness';
import { FakeRegistry, startInternalServer } from './support/fake-registry';
import { benignPackages, fileReadingPackages, outsideRegistryPackages, SECRET } from './support/hostile-packages';

describe('a hostile tenant through the HTTP API gets nothing of the host from a build', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-e2e-'));
  const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-e2e-builds-'));
  let registry: FakeRegistry;
  let internal: Awaited<ReturnType<typeof startInternalServer>>;
  let service: RunningService;
  let token: string;

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${service.apiUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const create = async (name: string, code: string, dependencies: { name: string; version: string }[]) => {
    const res = await api('POST', '/actions/actions', {
      name,
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code,
      dependencies,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const builtStatus = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const { body } = await api('GET', `/actions/actions/${id}`);
      if (body.status !== 'pending' && body.status !== 'building') return body;
      await sleep(100);
    }
    throw new Error('the build did not finish');
  };
  const hostSecrets = () => [
    SECRET,
    fs.readFileSync(path.join(dataDir, 'secrets.key'), 'utf8').trim(),
    process.env.PATH ?? '/usr/bin',
  ];

  beforeAll(async () => {
    fs.writeFileSync(path.join(dataDir, 'secret.json'), JSON.stringify({ secret: SECRET }));
    internal = await startInternalServer();
    registry = await FakeRegistry.start([
      ...benignPackages(),
      ...outsideRegistryPackages(internal.url),
      ...fileReadingPackages(path.join(dataDir, 'secret.json')),
    ]);
    service = await startService({ dataDir, env: { NPM_REGISTRY: registry.url, BUILD_DIR: path.join(buildDir, 'b') } });
    token = await service.token();
  }, 30_000);
  afterAll(async () => {
    await service.stop();
    await registry.close();
    await internal.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(buildDir, { recursive: true, force: true });
  });

  it.each([
    [
      'the secrets key and /proc/self/environ, imported as text next to a dependency',
      [
        "import k from '../../secrets.key' with { type: 'text' };",
        "import env from '/proc/self/environ' with { type: 'text' };",
        "const tiny = require('tiny');",
        "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('x', [k, env, tiny('y')]); };",
      ].join('\n'),
      'tiny',
    ],
    [
      'a file of DATA_DIR, required from inside a dependency',
      "const s = require('climbs');\nexports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('x', s); };",
      'climbs',
    ],
  ])(
    '%s: the draft fails to build and its test returns no secret',
    async (_what, code, dependency) => {
      const id = await create(`attack-${dependency}`, code, [{ name: dependency, version: '1.0.0' }]);
      const action = await builtStatus(id);
      expect(action.status).toBe('failed');
      const test = await api('POST', `/actions/actions/${id}/test`, { payload: { event: { user: {} } } });
      expect(test.status).toBe(200);
      expect(test.body.payload).toMatchObject({
        commands: [],
        error: {
          name: 'BuildError',
          message: expect.stringMatching(/action\.js:\d+:\d+|node_modules\/climbs\/index\.js/),
        },
      });
      const text = JSON.stringify([action, test.body]);
      for (const secret of hostSecrets()) expect(text).not.toContain(secret);
      expect(text).not.toContain(dataDir);
    },
    60_000,
  );

  it('a dependency whose own dependency is a URL on an internal server: refused, and the server sees no request', async () => {
    const id = await create('attack-ssrf', 'exports.onExecutePostLogin = async () => {};', [
      { name: 'middle', version: '^1.0.0' },
    ]);
    const action = await builtStatus(id);
    expect(action).toMatchObject({ status: 'failed' });
    expect(JSON.stringify(action)).toMatch(/dependency_not_from_registry.*dep-url@1\.0\.0 depends on x@/);
    const test = await api('POST', `/actions/actions/${id}/test`, { payload: { event: {} } });
    expect(test.body.payload.error).toMatchObject({
      name: 'BuildError',
      message: expect.stringContaining('dep-url@1.0.0 depends on x@'),
    });
    expect(internal.requests).toEqual([]);
  }, 60_000);

  it('a well-behaved action with a dependency still builds and its draft test runs it', async () => {
    const id = await create(
      'honest',
      "const tiny = require('tiny');\nexports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('t', tiny('ok')); };",
      [{ name: 'tiny', version: '^1.0.0' }],
    );
    expect(await builtStatus(id)).toMatchObject({ status: 'built' });
    const test = await api('POST', `/actions/actions/${id}/test`, { payload: { event: { user: {} } } });
    expect(test.body.payload.commands).toEqual([{ name: 'idToken.setCustomClaim', args: ['t', 'tiny 1.1:ok'] }]);
  }, 60_000);
});
