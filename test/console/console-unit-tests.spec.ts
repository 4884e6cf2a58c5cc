/**
 * The console's own unit tests (Vitest, console/src/**\/*.test.ts: its API client and state) run as part of
 * `npm test`; `npm run test:console` runs them alone.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('console unit tests (Vitest)', () => {
  it('pass', () => {
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', 'console', '--reporter', 'verbose'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' }, timeout: 120_000 },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    expect({ status: run.status, failed: output.match(/^.*(✗|×|FAIL).*$/gm) ?? [] }).toEqual({ status: 0, failed: [] });
    const passed = Number(/Tests\s+(\d+) passed/.exec(output)?.[1] ?? 0);
    expect(passed).toBeGreaterThanOrEqual(25);
  }, 150_000);
});
