/**
 * The service as a process: start on embedded defaults and come up ready, stop cleanly on SIGTERM (exit 0, data
 * kept), and refuse a bad configuration with one line naming the variable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../support/free-port';
import { startServiceProcess } from '../support/service-process';
import { removeBundles, spawnTs } from '../support/spawn-ts';

/** Pids of the processes whose environment has DATA_DIR=`dataDir` (Linux /proc), i.e. services started on it. */
function servicesOn(dataDir: string): number[] {
  const marker = `DATA_DIR=${dataDir}\0`;
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker);
      } catch {
        return false; // gone, or not ours to read
      }
    })
    .map(Number);
}

/** Far longer than a stop takes, shorter than the test's own timeout. */
const STOP_BOUND_MS = 30_000;

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

  // pino's asynchronous stdout stream flushed at exit with a loop that retried EPIPE forever, so a service whose log
  // reader had gone (`node dist/main.js | head -c 10`) ignored SIGTERM. The bound is a liveness check: the stop takes
  // well under a second; without the fix the process never exits.
  it('exits 0 on SIGTERM when the reader of its stdout has gone', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'actions-proc-'));
    const { child } = await startServiceProcess({ DATA_DIR: dataDir });
    try {
      child.child.stdout!.destroy(); // the pipe's read end closes: every later write to stdout fails with EPIPE
      child.child.kill('SIGTERM');
      const stillRunning = new AbortController();
      const outcome = await Promise.race([
        child.exited,
        sleep(STOP_BOUND_MS, 'still running' as const, { signal: stillRunning.signal }),
      ]).finally(() => stillRunning.abort());
      expect(outcome).toEqual({ code: 0, signal: null });
    } finally {
      await child.kill('SIGKILL');
    }
  }, 90_000);

  // A service process that never became ready used to be left running when the start failed (the caller never got
  // the child to stop): on a loaded machine the test failed and the Jest worker, still holding the child's pipes,
  // "failed to exit gracefully". Now a failed start kills what it spawned.
  it('a start that fails (not ready in time) kills the process it spawned', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'actions-proc-'));
    const nothingThere = `redis://127.0.0.1:${await freePort()}`; // readiness stays 503: Redis does not answer
    await expect(startServiceProcess({ DATA_DIR: dataDir, REDIS_URL: nothingThere }, 1500)).rejects.toThrow(
      /not ready/,
    );
    expect(servicesOn(dataDir)).toEqual([]);
  }, 60_000);

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ REDIS_URL: 'http://cache:6379' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
  ])(
    'refuses %j at start with one line naming %s',
    async (env, variable) => {
      const child = await spawnTs('src/main.ts', {
        env: { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'actions-cfg-')), ...env },
      });
      const exit = await child.exited;
      expect(exit.code).toBe(1);
      const stderr = child.stderr().trim();
      expect(stderr.split('\n')).toHaveLength(1);
      expect(stderr).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    },
    60_000,
  );
});
