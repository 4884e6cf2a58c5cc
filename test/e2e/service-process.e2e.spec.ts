/**
 * The service as a process: start on embedded defaults and come up ready, stop cleanly on SIGTERM (exit 0, data
 * kept), and refuse a bad configuration with one line naming the variable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServiceProcess } from '../support/service-process';
import { removeBundles, spawnTs } from '../support/spawn-ts';

describe('service process', () => {
  afterAll(() => removeBundles());

  it('starts on embedded defaults, answers ready, and exits 0 on SIGTERM keeping its data', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'actions-proc-'));
    const { child } = await startServiceProcess({ DATA_DIR: dataDir });
    expect(fs.existsSync(path.join(dataDir, 'events.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'auth-dev-secret'))).toBe(true);
    await child.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
  }, 60_000);

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ REDIS_URL: 'http://cache:6379' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
  ])('refuses %j at start with one line naming %s', async (env, variable) => {
    const child = await spawnTs('src/main.ts', { env: { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'actions-cfg-')), ...env } });
    const exit = await child.exited;
    expect(exit.code).toBe(1);
    const stderr = child.stderr().trim();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
  }, 60_000);
});
