/**
 * The build step: compile + handler export checks, and npm dependencies installed from the registry into the
 * content-addressed cache and bundled into one artifact that the sandbox runs without any Node `require`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { handler, runtimeFixture } from './runtime-fixture';

describe('build step', () => {
  const f = runtimeFixture({ EXECUTION_TIMEOUT_MS: '5000' });
  afterAll(() => f.close());

  it('refuses code that does not compile, lacks the handler, or throws at load', async () => {
    const syntax = await f.builder.build({
      tenantId: 't1',
      triggerId: 'post-login',
      code: 'exports.onExecutePostLogin = (',
      dependencies: [],
    });
    expect(syntax).toEqual({
      status: 'failed',
      errors: [{ id: 'compilation_failed', msg: expect.stringMatching(/SyntaxError/) }],
    });
    const missing = await f.builder.build({
      tenantId: 't1',
      triggerId: 'credentials-exchange',
      code: handler(''),
      dependencies: [],
    });
    expect(missing).toMatchObject({
      status: 'failed',
      errors: [{ msg: expect.stringContaining('onExecuteCredentialsExchange') }],
    });
    const throws = await f.builder.build({
      tenantId: 't1',
      triggerId: 'post-login',
      code: "throw new Error('at load');",
      dependencies: [],
    });
    expect(throws).toMatchObject({ status: 'failed', errors: [{ msg: 'Error: at load' }] });
    const loops = await f.builder.build({
      tenantId: 't1',
      triggerId: 'post-login',
      code: 'for (;;) {}',
      dependencies: [],
    });
    expect(loops).toMatchObject({
      status: 'failed',
      errors: [{ msg: expect.stringMatching(/did not finish within \d+ ms/) }],
    });
  });

  it("checks each tenant in its own isolate: one tenant's hostile top level neither delays nor fails another's build", async () => {
    const build = (tenantId: string, code: string) =>
      f.builder.build({ tenantId, triggerId: 'post-login', code, dependencies: [] });
    const bomb = build('hostile', 'const hoard = []; for (;;) hoard.push(new Array(1e5).fill(hoard.length));');
    const loop = build('hostile', 'for (;;) {}');
    let hostileDone = false;
    void Promise.allSettled([bomb, loop]).then(() => {
      hostileDone = true;
    });
    const innocent = await build('innocent', handler(''));
    expect(innocent).toMatchObject({ status: 'built' });
    expect(hostileDone).toBe(false); // not queued behind the hostile tenant's checks
    expect(await bomb).toMatchObject({
      status: 'failed',
      errors: [{ msg: expect.stringMatching(/memory limit|did not finish/) }],
    });
    expect(await loop).toMatchObject({ status: 'failed' });
    // The hostile tenant's next build gets a fresh isolate; what a module did to its globals at load stays behind.
    expect(await build('hostile', `Array.prototype.map = null; ${handler('')}`)).toMatchObject({ status: 'built' });
    expect(
      await build('hostile', `if (typeof [].map !== 'function') throw new Error('polluted'); ${handler('')}`),
    ).toMatchObject({ status: 'built' });
  }, 30_000);

  it('builds the same request to the same artifact, stored content-addressed', async () => {
    const a = await f.builder.build({ tenantId: 't1', triggerId: 'post-login', code: handler(''), dependencies: [] });
    const b = await f.builder.build({ tenantId: 't1', triggerId: 'post-login', code: handler(''), dependencies: [] });
    expect(a).toEqual(b);
    if (a.status !== 'built') throw new Error('expected a build');
    expect(fs.existsSync(path.join(f.config.dataDir, 'artifacts', `${a.artifactSha256}.js`))).toBe(true);
  });

  it('installs an npm dependency, resolves its exact version, bundles it, and the bundle runs in the sandbox', async () => {
    const code =
      "const isNumber = require('is-number');\nexports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('n', isNumber(event.n)); };";
    const built = await f.builder.build({
      tenantId: 't1',
      triggerId: 'post-login',
      code,
      dependencies: [{ name: 'is-number', version: '^7.0.0' }],
    });
    expect(built).toMatchObject({
      status: 'built',
      resolvedDependencies: [{ name: 'is-number', version: expect.stringMatching(/^7\.\d+\.\d+$/) }],
    });
    if (built.status !== 'built') return;
    const artifact = fs.readFileSync(path.join(f.config.dataDir, 'artifacts', `${built.artifactSha256}.js`), 'utf8');
    expect(artifact).toContain('is-number');
    f.bind('t', 'post-login', [{ name: 'with-dep', code, dependencies: built.resolvedDependencies }]);
    const record = await f.executor.execute('t', 'post-login', { n: '42' });
    expect(record.commands).toEqual([{ action_name: 'with-dep', name: 'idToken.setCustomClaim', args: ['n', true] }]);
  }, 120_000);

  it('a dependency that cannot be installed fails the build with a clear error', async () => {
    const result = await f.builder.build({
      tenantId: 't1',
      triggerId: 'post-login',
      code: handler(''),
      dependencies: [{ name: 'this-package-does-not-exist-zz-9921', version: '1.0.0' }],
    });
    expect(result).toMatchObject({
      status: 'failed',
      errors: [
        {
          id: 'dependency_install_failed',
          msg: expect.stringMatching(/Installing dependencies failed: .*(404|E404|not found)/i),
        },
      ],
    });
    const invalid = await f.builder.build({
      tenantId: 't1',
      triggerId: 'post-login',
      code: handler(''),
      dependencies: [{ name: '../../etc', version: '1.0.0' }],
    });
    expect(invalid).toMatchObject({
      status: 'failed',
      errors: [{ msg: expect.stringContaining('not a valid npm package name') }],
    });
  }, 120_000);
});
