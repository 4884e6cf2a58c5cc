/**
 * The build step's configuration (BUILD_*; docs/security.md, "Build containment"): defaults, and every bad value
 * refused at start with a ConfigError naming the variable. BUILD_DIR is never DATA_DIR, inside it, or around it.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';

describe('build configuration', () => {
  it('defaults: a build folder of the temp dir named after DATA_DIR, 2 at once, bounded sizes and times', () => {
    const a = loadConfig({ DATA_DIR: '/srv/actions-a' });
    const b = loadConfig({ DATA_DIR: '/srv/actions-b' });
    expect(a.build).toEqual({
      dir: expect.stringMatching(new RegExp(`^${os.tmpdir()}/open-actions-builds-[0-9a-f]{12}$`)),
      concurrency: 2,
      draftTestWaitMs: 20_000,
      diskBudgetMb: 2048,
      maxInstallMb: 200,
      installTimeoutMs: 120_000,
      bundleTimeoutMs: 30_000,
      maxArtifactKb: 10_240,
    });
    expect(a.build.dir).not.toBe(b.build.dir);
    expect(loadConfig({ DATA_DIR: '/srv/actions-a' }).build.dir).toBe(a.build.dir);
    expect(
      loadConfig({ DATA_DIR: '/srv/a', BUILD_DIR: '/var/cache/open-actions', BUILD_CONCURRENCY: '4' }).build,
    ).toMatchObject({ dir: '/var/cache/open-actions', concurrency: 4 });
  });

  it.each([
    [{ BUILD_DIR: '/srv/a' }, /^Invalid configuration: BUILD_DIR must be outside DATA_DIR/],
    [{ BUILD_DIR: '/srv/a/builds' }, /^Invalid configuration: BUILD_DIR must be outside DATA_DIR/],
    [{ BUILD_DIR: '/srv' }, /^Invalid configuration: BUILD_DIR must be outside DATA_DIR \(and not contain it\)/],
    [{ BUILD_DIR: ' ' }, /^Invalid configuration: BUILD_DIR must not be empty/],
    [{ BUILD_CONCURRENCY: '0' }, /^Invalid configuration: BUILD_CONCURRENCY must be between 1 and 64/],
    [{ BUILD_CONCURRENCY: 'two' }, /^Invalid configuration: BUILD_CONCURRENCY must be an integer/],
    [{ BUILD_DISK_BUDGET_MB: '5' }, /^Invalid configuration: BUILD_DISK_BUDGET_MB must be between 10/],
    [{ BUILD_MAX_INSTALL_MB: '0' }, /^Invalid configuration: BUILD_MAX_INSTALL_MB must be between 1/],
    [
      { BUILD_MAX_INSTALL_MB: '500', BUILD_DISK_BUDGET_MB: '100' },
      /^Invalid configuration: BUILD_MAX_INSTALL_MB must not exceed BUILD_DISK_BUDGET_MB/,
    ],
    [{ BUILD_INSTALL_TIMEOUT_MS: '10' }, /^Invalid configuration: BUILD_INSTALL_TIMEOUT_MS must be between 1000/],
    [{ BUILD_BUNDLE_TIMEOUT_MS: '1e3' }, /^Invalid configuration: BUILD_BUNDLE_TIMEOUT_MS must be an integer/],
    [{ BUILD_MAX_ARTIFACT_KB: '0' }, /^Invalid configuration: BUILD_MAX_ARTIFACT_KB must be between 1/],
    [{ NPM_REGISTRY: 'file:///srv/registry' }, /^Invalid configuration: NPM_REGISTRY must use https:\/\/ or http:\/\//],
  ])('refuses %j with one line naming the variable', (env, message) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: path.resolve('/srv/a'), ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
  });
});
