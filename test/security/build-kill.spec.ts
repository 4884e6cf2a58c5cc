/**
 * Security issue 9, build resources: a build process SIGKILLed in the middle of `npm ci` leaves no half-made install
 * folder that a later build could take for complete; the next build of the same tree, in another process, installs
 * it whole. (Install folders are made in staging/ and renamed into installs/ only once complete.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnTs } from '../support/spawn-ts';
import { buildFixture, handlerCode } from './support/build-fixture';
import { FakeRegistry } from './support/fake-registry';
import { benignPackages } from './support/hostile-packages';

describe('a build killed mid-install', () => {
  it('leaves nothing in installs/, and the same tree builds whole in the next process', async () => {
    const registry = await FakeRegistry.start(benignPackages());
    const f = buildFixture(registry.url);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-kill-'));
    try {
      registry.delayTarball('slow', '1.0.0', 60_000);
      const deps = [
        { name: 'tiny', version: '1.0.0' },
        { name: 'slow', version: '1.0.0' },
      ];
      const child = await spawnTs('test/security/fixtures/build-until-killed.ts', {
        args: [dataDir, f.buildDir, registry.url, JSON.stringify(deps)],
      });
      await child.waitForLine((l) => l === 'building');
      for (let i = 0; i < 200 && registry.tarballHits('slow', '1.0.0') === 0; i++) await sleep(50);
      expect(registry.tarballHits('slow', '1.0.0')).toBe(1); // npm ci is waiting for the tarball
      await child.kill('SIGKILL');
      killProcessesWorkingIn(f.buildDir); // the killed build's npm, orphaned, would wait for its tarball
      expect(f.installFolders()).toEqual([]);
      expect(fs.readdirSync(path.join(f.buildDir, 'staging')).length).toBeGreaterThan(0); // swept at a later start, once stale
      registry.delayTarball('slow', '1.0.0', 0);
      const result = await f.build(handlerCode("api.idToken.setCustomClaim('s', require('slow'));"), deps);
      expect(result).toMatchObject({
        status: 'built',
        resolvedDependencies: [
          { name: 'slow', version: '1.0.0' },
          { name: 'tiny', version: '1.0.0' },
        ],
      });
      expect(f.installFolders()).toHaveLength(1);
    } finally {
      f.close();
      await registry.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** SIGKILLs the processes (by pid) whose working directory lies in `dir`: here, only the npm that test started. */
function killProcessesWorkingIn(dir: string): void {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone, or not ours to read
    }
  }
}
