/**
 * Closing the build step (the service stopping) while `npm ci` runs: npm is killed, not left running past the
 * service (a left-over npm kept a stopped service's Jest worker alive: "a worker process has failed to exit
 * gracefully"), and the build ends with BuildStoppedError, which has no outcome, rather than a failed build.
 */
import * as fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BuildStoppedError } from '../../src/runtime/runtime.ports';
import { buildFixture, handlerCode } from './support/build-fixture';
import { FakeRegistry } from './support/fake-registry';
import { benignPackages } from './support/hostile-packages';

/** Pids of the processes whose working directory is under `dir` (Linux /proc): npm runs in a staging folder there. */
function processesWorkingIn(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
      } catch {
        return false; // gone, or not ours to read
      }
    })
    .map(Number);
}

describe('closing the build step during an install', () => {
  it('kills npm and ends the build with BuildStoppedError', async () => {
    const registry = await FakeRegistry.start(benignPackages());
    const f = buildFixture(registry.url);
    try {
      registry.delayTarball('slow', '1.0.0', 60_000);
      const building = f.build(handlerCode("require('slow');"), [{ name: 'slow', version: '1.0.0' }]);
      building.catch(() => undefined); // observed below
      for (let i = 0; i < 200 && registry.tarballHits('slow', '1.0.0') === 0; i++) await sleep(50);
      expect(registry.tarballHits('slow', '1.0.0')).toBe(1); // npm ci is waiting for the tarball
      expect(processesWorkingIn(f.buildDir)).not.toEqual([]);

      f.builder.dispose();

      await expect(building).rejects.toBeInstanceOf(BuildStoppedError);
      expect(processesWorkingIn(f.buildDir)).toEqual([]);
    } finally {
      f.close();
      await registry.close();
    }
  }, 60_000);
});
