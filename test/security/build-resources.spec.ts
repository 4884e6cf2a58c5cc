/**
 * Security issue 9, medium item: build resources are bounded. Install folders are keyed by the resolved tree (so
 * `1.0.0`, `^1.0.0` and `>=1.0.0` share one), made in staging folders and renamed into place, evicted least recently
 * used past the disk budget; unpacked size is checked from the packuments before fetching and measured after
 * install (and while npm runs); npm has a time limit, artifacts a size limit. The queue and the executions of
 * another tenant during 12 builds are in build-load.spec.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InstallFolders } from '../../src/runtime/build/install-folders';
import { BuildFixture, buildFixture, handlerCode } from './support/build-fixture';
import { FakeRegistry } from './support/fake-registry';
import { benignPackages, oversizedPackages } from './support/hostile-packages';

describe('build resources are bounded', () => {
  let registry: FakeRegistry;
  const fixtures: BuildFixture[] = [];
  const fixture = (env: Record<string, string> = {}) => {
    const f = buildFixture(registry.url, env);
    fixtures.push(f);
    return f;
  };

  beforeAll(async () => {
    registry = await FakeRegistry.start([...benignPackages(), ...oversizedPackages()]);
  });
  afterAll(async () => {
    for (const f of fixtures) f.close();
    await registry.close();
  });

  it('1.0.0, ^1.0.0 and >=1.0.0 resolve to one tree and share one install folder', async () => {
    const f = fixture();
    for (const version of ['1.0.0', '^1.0.0', '>=1.0.0']) {
      expect(await f.build(handlerCode(), [{ name: 'shared', version }])).toMatchObject({
        status: 'built',
        resolvedDependencies: [{ name: 'shared', version: '1.0.0' }],
      });
    }
    expect(f.installFolders()).toHaveLength(1);
    expect(registry.tarballHits('shared', '1.0.0')).toBe(1);
    expect(f.builder.status().installFolders).toEqual({
      count: 1,
      bytes: expect.any(Number),
      budgetBytes: 2048 * 1024 * 1024,
    });
    for (const file of fs.readdirSync(path.join(f.dataDir, 'artifacts')).filter((n) => n.endsWith('.js'))) {
      expect(fs.statSync(path.join(f.dataDir, 'artifacts', file)).mode & 0o777).toBe(0o600);
    }
    expect(fs.statSync(path.join(f.dataDir, 'artifacts')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(f.buildDir).mode & 0o777).toBe(0o700);
  }, 30_000);

  it('the same request built twice at once is installed once', async () => {
    const f = fixture();
    const build = () => f.build(handlerCode(), [{ name: 'with-json', version: '^1.0.0' }]);
    const [a, b] = await Promise.all([build(), build()]);
    expect([a.status, b.status]).toEqual(['built', 'built']);
    expect(f.builder.status().installs.done).toBe(1);
    expect(registry.packumentHits('with-json')).toBe(2); // once by the tree walk, once by npm's lockfile pass
    expect(registry.tarballHits('with-json', '1.0.0')).toBe(1);
  }, 30_000);

  it('refuses a tree whose packuments declare more than BUILD_MAX_INSTALL_MB, before fetching any tarball', async () => {
    const f = fixture();
    const result = await f.build(handlerCode(), [{ name: 'claims-huge', version: '1.0.0' }]);
    expect(result).toMatchObject({
      status: 'failed',
      errors: [{ id: 'dependencies_too_large', msg: expect.stringContaining('more than 200 MB') }],
    });
    expect(registry.tarballHits('claims-huge', '1.0.0')).toBe(0);
  });

  it('measures the folder after install: a package that lies about its size is refused and leaves nothing behind', async () => {
    const f = fixture({ BUILD_MAX_INSTALL_MB: '2' });
    const result = await f.build(handlerCode(), [{ name: 'unpacks-big', version: '1.0.0' }]);
    expect(result).toMatchObject({
      status: 'failed',
      errors: [{ id: 'dependencies_too_large', msg: expect.stringContaining('more than 2 MB') }],
    });
    expect(f.installFolders()).toEqual([]);
    expect(fs.readdirSync(path.join(f.buildDir, 'staging'))).toEqual([]);
  }, 30_000);

  it('measures the folder while npm runs: npm is stopped as soon as the folder passes the limit', async () => {
    const f = fixture({ BUILD_MAX_INSTALL_MB: '2' });
    registry.delayTarball('slow', '1.0.0', 20_000); // npm would still be waiting for this one
    const started = Date.now();
    const result = await f.build(handlerCode(), [
      { name: 'unpacks-big', version: '1.0.0' },
      { name: 'slow', version: '1.0.0' },
    ]);
    expect(result).toMatchObject({ status: 'failed', errors: [{ id: 'dependencies_too_large' }] });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(f.installFolders()).toEqual([]);
  }, 30_000);

  it('refuses an artifact larger than BUILD_MAX_ARTIFACT_KB', async () => {
    const f = fixture({ BUILD_MAX_ARTIFACT_KB: '100' });
    const result = await f.build(handlerCode("api.idToken.setCustomClaim('b', require('big-code').length);"), [
      { name: 'big-code', version: '1.0.0' },
    ]);
    expect(result).toMatchObject({
      status: 'failed',
      errors: [{ id: 'artifact_too_large', msg: expect.stringContaining('limit of 102400') }],
    });
  }, 30_000);

  it('ends an install past BUILD_INSTALL_TIMEOUT_MS (a registry that drips a tarball)', async () => {
    const f = fixture({ BUILD_INSTALL_TIMEOUT_MS: '2000' });
    registry.delayTarball('slow', '1.0.0', 30_000);
    const started = Date.now();
    const result = await f.build(handlerCode(), [{ name: 'slow', version: '1.0.0' }]);
    expect(result).toMatchObject({
      status: 'failed',
      errors: [{ id: 'build_timeout', msg: 'Installing dependencies did not finish within 2000 ms.' }],
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(f.installFolders()).toEqual([]);
  }, 30_000);
});

describe('install folders', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-folders-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const MB = 1024 * 1024;

  const installed = (folders: InstallFolders, key: string, bytes: number, usedSecondsAgo: number) => {
    const staging = folders.newStaging();
    const dir = folders.commit(staging, key, { resolved: [], bytes });
    const t = new Date(Date.now() - usedSecondsAgo * 1000);
    fs.utimesSync(path.join(dir, '.installed.json'), t, t);
    return dir;
  };

  it('evicts least recently used folders past the disk budget, never one in use', () => {
    const folders = new InstallFolders(path.join(root, 'lru'), 12 * MB);
    installed(folders, 'used-again', 4 * MB, 300);
    const held = installed(folders, 'oldest-but-held', 4 * MB, 400);
    installed(folders, 'stale', 4 * MB, 100);
    installed(folders, 'new', 4 * MB, 0);
    expect(folders.find('used-again')).toBeDefined(); // used just now: no longer among the oldest
    const release = folders.hold(held);
    expect(folders.evict()).toEqual({ removed: 1, bytes: 12 * MB });
    expect(
      folders
        .list()
        .map((f) => path.basename(f.dir))
        .sort(),
    ).toEqual(['new', 'oldest-but-held', 'used-again']);
    release();
    installed(folders, 'newer', 4 * MB, 0);
    expect(folders.evict()).toEqual({ removed: 1, bytes: 12 * MB });
    expect(
      folders
        .list()
        .map((f) => path.basename(f.dir))
        .sort(),
    ).toEqual(['new', 'newer', 'used-again']);
  });

  it('the first complete folder of a tree wins; a killed build leaves only a staging folder, swept at the next start', () => {
    const folders = new InstallFolders(path.join(root, 'commit'), 100 * MB);
    const first = folders.newStaging();
    fs.writeFileSync(path.join(first, 'which'), 'first');
    const second = folders.newStaging();
    fs.writeFileSync(path.join(second, 'which'), 'second');
    const a = folders.commit(first, 'tree', { resolved: [], bytes: 1 });
    const b = folders.commit(second, 'tree', { resolved: [], bytes: 1 });
    expect(a).toBe(b);
    expect(fs.readFileSync(path.join(a, 'which'), 'utf8')).toBe('first');
    expect(fs.existsSync(second)).toBe(false);
    const abandoned = folders.newStaging();
    const hourAgo = new Date(Date.now() - 2 * 3600 * 1000);
    fs.utimesSync(abandoned, hourAgo, hourAgo);
    const fresh = folders.newStaging();
    new InstallFolders(path.join(root, 'commit'), 100 * MB);
    expect([fs.existsSync(abandoned), fs.existsSync(fresh)]).toEqual([false, true]);
  });

  it('refuses a build folder owned by someone else or reached through a symlink', () => {
    const target = path.join(root, 'real');
    fs.mkdirSync(target);
    fs.symlinkSync(target, path.join(root, 'link'));
    expect(() => new InstallFolders(path.join(root, 'link'), MB)).toThrow(/not a directory owned by this user/);
  });
});
