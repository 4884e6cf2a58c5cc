/**
 * Security issue 9, high item: every node of an action's dependency tree comes from the configured registry, checked
 * before anything is fetched from elsewhere. Registry packages whose own dependencies, optional dependencies or peer
 * dependencies are `file:`, URLs (a stand-in internal server records any request), `git+file:`, `npm:` aliases,
 * GitHub shorthands or `link:` fail the build with `dependency_not_from_registry`, naming the package and the spec;
 * nothing is downloaded and npm never runs. Then the lockfile npm writes is checked entry by entry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifyLockfile } from '../../src/runtime/build/lockfile-check';
import { npmError } from '../../src/runtime/build/npm-installer';
import { BuildFixture, buildFixture, handlerCode } from './support/build-fixture';
import { FakeRegistry, startInternalServer } from './support/fake-registry';
import { benignPackages, outsideRegistryPackages } from './support/hostile-packages';

describe('dependency trees come from the registry only', () => {
  let registry: FakeRegistry;
  let internal: Awaited<ReturnType<typeof startInternalServer>>;
  let f: BuildFixture;

  beforeAll(async () => {
    internal = await startInternalServer();
    registry = await FakeRegistry.start([...benignPackages(), ...outsideRegistryPackages(internal.url)]);
    f = buildFixture(registry.url);
  });
  afterAll(async () => {
    f.close();
    await registry.close();
    await internal.close();
  });

  it.each([
    ['dep-file', 'local@"file:/etc"', 'directory spec'],
    ['dep-url', 'x@"http://127.0.0.1:', 'remote spec'],
    ['dep-git', 'y@"git+file:///tmp/some-repo"', 'git spec'],
    ['dep-alias', 'z@"npm:tiny@http://127.0.0.1:', 'unsupported spec'],
    ['dep-github', 'w@"someone/some-repo"', 'git spec'],
    ['dep-link', 'v@"link:../elsewhere"', 'unsupported spec'],
    ['optional-url', 'x@"http://127.0.0.1:', 'remote spec'],
    ['peer-url', 'x@"http://127.0.0.1:', 'remote spec'],
    ['middle', 'x@"http://127.0.0.1:', 'remote spec'],
  ])('refuses %s: names the package and the spec, fetches nothing, runs no npm', async (name, spec, kind) => {
    const tarballsBefore = registry.allTarballHits();
    const result = await f.build(handlerCode(), [{ name, version: '^1.0.0' }]);
    expect(result).toMatchObject({
      status: 'failed',
      errors: [{ id: 'dependency_not_from_registry', msg: expect.stringContaining(spec) }],
    });
    if (result.status === 'failed') {
      expect(result.errors[0].msg).toContain(kind);
      expect(result.errors[0].msg).toMatch(
        name === 'middle' ? /dep-url@1\.0\.0 depends on/ : new RegExp(`${name}@1\\.0\\.0 depends on`),
      );
    }
    expect(internal.requests).toEqual([]);
    expect(registry.allTarballHits()).toBe(tarballsBefore);
    expect(f.installFolders()).toEqual([]);
    expect(fs.readdirSync(path.join(f.buildDir, 'staging'))).toEqual([]);
  });

  it('refuses a packument whose tarball lies outside the registry, before fetching it', async () => {
    const result = await f.build(handlerCode(), [{ name: 'tarball-elsewhere', version: '1.0.0' }]);
    expect(result).toMatchObject({
      status: 'failed',
      errors: [{ id: 'dependency_not_from_registry', msg: expect.stringContaining('tarball-elsewhere@1.0.0') }],
    });
    expect(internal.requests).toEqual([]);
  });

  it("npm runs with a scrubbed environment: the service's npm_config_* variables, user config and secrets never reach it", async () => {
    const userConfig = path.join(f.dataDir, 'hostile.npmrc');
    fs.writeFileSync(userConfig, `registry=${internal.url}/\n//127.0.0.1/:_authToken=SERVICE-TOKEN\n`);
    const saved = { ...process.env };
    Object.assign(process.env, {
      npm_config_registry: `${internal.url}/`,
      npm_config_userconfig: userConfig,
      NPM_CONFIG_PROXY: internal.url,
      SERVICE_SECRET: 'x',
    });
    try {
      const result = await f.build(handlerCode("api.idToken.setCustomClaim('j', require('with-json'));"), [
        { name: 'with-json', version: '1.0.0' },
      ]);
      expect(result).toMatchObject({ status: 'built' });
    } finally {
      for (const key of ['npm_config_registry', 'npm_config_userconfig', 'NPM_CONFIG_PROXY', 'SERVICE_SECRET'])
        delete process.env[key];
      Object.assign(process.env, saved);
    }
    expect(internal.requests).toEqual([]);
    expect(fs.readdirSync(path.join(f.buildDir, 'npm-cache'))).toContain('_cacache'); // npm's cache is the build folder's own
  }, 30_000);

  it('installs a clean tree (nested ranges, required peers) from the registry and records exact versions', async () => {
    const result = await f.build(handlerCode("api.idToken.setCustomClaim('p', require('peer-host'));"), [
      { name: 'peer-host', version: 'latest' },
      { name: 'uses-tiny', version: '>=2' },
    ]);
    expect(result).toMatchObject({
      status: 'built',
      resolvedDependencies: [
        { name: 'peer-host', version: '1.0.0' },
        { name: 'uses-tiny', version: '2.0.0' },
      ],
    });
    expect(registry.tarballHits('tiny', '1.1.0')).toBe(1);
    expect(registry.tarballHits('tiny', '1.0.0')).toBe(0);
    const [folder] = f.installFolders();
    const lock = JSON.parse(
      fs.readFileSync(path.join(f.buildDir, 'installs', folder, 'package-lock.json'), 'utf8'),
    ) as { packages: Record<string, { resolved?: string }> };
    for (const [key, entry] of Object.entries(lock.packages))
      if (key) expect(entry.resolved?.startsWith(registry.url)).toBe(true);
    expect(internal.requests).toEqual([]);
  }, 30_000);

  it('installs an npm: alias of a registry package from the registry, as auth0 v7 depends on one', async () => {
    const result = await f.build(handlerCode("api.idToken.setCustomClaim('t', require('dep-registry-alias'));"), [
      { name: 'dep-registry-alias', version: '1.0.0' },
    ]);
    expect(result).toMatchObject({ status: 'built' });
    expect(registry.tarballHits('tiny', '1.0.0')).toBeGreaterThan(0);
    expect(internal.requests).toEqual([]);
  });
});

describe('the lockfile check', () => {
  const registry = 'http://registry.test/';
  const checked = new Set(['a@1.0.0', 'b@2.0.0']);
  const lock = (packages: Record<string, unknown>) =>
    JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { a: '1.0.0' } }, ...packages } });
  const good = { version: '1.0.0', resolved: `${registry}a/-/a-1.0.0.tgz`, integrity: 'sha512-x' };

  it('accepts registry entries and names the tree by its content', () => {
    const one = verifyLockfile(lock({ 'node_modules/a': good }), registry, checked, [{ name: 'a', version: '^1.0.0' }]);
    const two = verifyLockfile(lock({ 'node_modules/a': good }), registry, checked, [
      { name: 'a', version: '>=1.0.0' },
    ]);
    expect(one).toEqual({ key: two.key, top: [{ name: 'a', version: '1.0.0' }] });
  });

  it.each([
    ['a link', { 'node_modules/a': { ...good, link: true } }, /a@1\.0\.0 is a link/],
    [
      'a tarball elsewhere',
      { 'node_modules/a': { ...good, resolved: 'http://127.0.0.1:9/a.tgz' } },
      /resolves to http:\/\/127\.0\.0\.1:9\/a\.tgz/,
    ],
    ['a file: resolution', { 'node_modules/a': { ...good, resolved: 'file:../a' } }, /resolves to file:/],
    [
      'an alias of a package the walk did not check',
      { 'node_modules/a': { ...good, name: 'b' } },
      /a \(b\)@.* was not among the versions checked/,
    ],
    ['no integrity', { 'node_modules/a': { ...good, integrity: undefined } }, /no integrity/],
    [
      'a version the walk did not check',
      { 'node_modules/a': { ...good, version: '1.0.1' } },
      /not among the versions checked/,
    ],
    ['a path outside node_modules', { 'node_modules/a': good, 'node_modules/../../x': good }, /outside node_modules/],
  ])('refuses %s', (_what, packages, message) => {
    expect(() => verifyLockfile(lock(packages), registry, checked, [{ name: 'a', version: '1.0.0' }])).toThrow(message);
  });
});

describe('npm error messages', () => {
  it('keep the error lines and drop every local path and log hint', () => {
    const stderr = [
      'npm error code ENOENT',
      'npm error path /srv/builds/staging/ab12/node_modules/x/package.json',
      "npm error enoent Could not read '/home/service/.npmrc'",
      'npm error A complete log of this run can be found in: /home/service/.npm/_logs/2026-debug-0.log',
    ].join('\n');
    const text = npmError(stderr, ['/srv/builds/staging/ab12', '/srv/builds', '/home/service']);
    expect(text).toBe(
      "npm error code ENOENT npm error path <build>/node_modules/x/package.json npm error enoent Could not read '<build>/.npmrc'",
    );
    expect(
      npmError('npm error 404 Not Found - GET http://127.0.0.1:4873/nope - Not found\nnpm error cwd /x/y', []),
    ).toBe('npm error 404 Not Found - GET http://127.0.0.1:4873/nope - Not found npm error cwd <path>');
  });
});
