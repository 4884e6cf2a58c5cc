/**
 * The e2e suites serve the built console (console/dist). A fresh clone has none, and a stale one would test old
 * code, so the first suite that needs it builds it (`vite build console`) when any source is newer than the build.
 * Jest runs suites in parallel workers: a lock directory makes the others wait for that one build.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CONSOLE = path.join(ROOT, 'console');
const BUILT = path.join(CONSOLE, 'dist', 'index.html');
const LOCK = path.join(CONSOLE, '.build-lock');
const LOCK_STALE_MS = 5 * 60_000;

function newestSource(): number {
  let newest = 0;
  const visit = (p: string) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of ['src', 'index.html', 'vite.config.mts', 'tsconfig.json']) visit(path.join(CONSOLE, p));
  visit(path.join(ROOT, 'package-lock.json'));
  return newest;
}

function upToDate(): boolean {
  return fs.existsSync(BUILT) && fs.statSync(BUILT).mtimeMs >= newestSource();
}

export async function ensureConsoleBuilt(): Promise<void> {
  for (;;) {
    if (upToDate()) return;
    try {
      fs.mkdirSync(LOCK);
    } catch {
      const age = Date.now() - fs.statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs;
      if (age > LOCK_STALE_MS) fs.rmSync(LOCK, { recursive: true, force: true }); // a build that died
      await sleep(250);
      continue;
    }
    try {
      if (!upToDate()) {
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', 'console'], {
          cwd: ROOT,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, NODE_ENV: 'production' }, // Jest sets NODE_ENV=test: React's development build
        });
      }
      return;
    } finally {
      fs.rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
