/**
 * The build folder (BUILD_DIR, outside DATA_DIR; docs/security.md, "Build containment"): install folders keyed by the
 * verified lockfile's packages under `installs/<key>`, each made in `staging/<random>` and renamed into place once
 * complete (a build killed half-way leaves only a staging folder, swept at start; two processes installing the same
 * tree both finish and the first rename wins). `home/` is npm's HOME with empty user and global configs, `npm-cache/` its
 * cache, `empty/` the working directory of bundles without dependencies. Install folders are evicted least recently
 * used first once they take more than the disk budget.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const STALE_STAGING_MS = 60 * 60 * 1000;
const MARKER = '.installed.json';

export interface InstalledFolder {
  dir: string;
  /** Measured size of the folder in bytes. */
  bytes: number;
}

export class InstallFolders {
  readonly installs: string;
  readonly staging: string;
  readonly home: string;
  readonly npmCache: string;
  readonly empty: string;
  readonly userConfig: string;
  readonly globalConfig: string;
  private readonly inUse = new Map<string, number>();

  constructor(
    readonly root: string,
    readonly diskBudgetBytes: number,
  ) {
    privateDir(root);
    this.installs = privateDir(path.join(root, 'installs'));
    this.staging = privateDir(path.join(root, 'staging'));
    this.home = privateDir(path.join(root, 'home'));
    this.npmCache = privateDir(path.join(root, 'npm-cache'));
    this.empty = privateDir(path.join(root, 'empty'));
    this.userConfig = path.join(this.home, '.npmrc');
    this.globalConfig = path.join(this.home, 'global.npmrc');
    fs.writeFileSync(this.userConfig, '', { mode: 0o600 });
    fs.writeFileSync(this.globalConfig, '', { mode: 0o600 });
    this.sweepStaging(STALE_STAGING_MS);
  }

  /** A fresh, private staging folder for one install. */
  newStaging(): string {
    return privateDir(path.join(this.staging, randomBytes(8).toString('hex')));
  }

  /** The complete install folder of this tree, if there is one (marked as used now). */
  find<T>(key: string): { dir: string; info: T } | undefined {
    const dir = path.join(this.installs, key);
    try {
      const info = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as T;
      const now = new Date();
      fs.utimesSync(path.join(dir, MARKER), now, now);
      return { dir, info };
    } catch {
      return undefined;
    }
  }

  /** Moves a complete staging folder into place under `key` (or drops it when another build got there first). */
  commit<T>(staging: string, key: string, info: T): string {
    fs.writeFileSync(path.join(staging, MARKER), JSON.stringify(info), { mode: 0o600 });
    const dir = path.join(this.installs, key);
    try {
      fs.renameSync(staging, dir);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
    }
    return dir;
  }

  /** Keeps `dir` from eviction until the returned function is called. */
  hold(dir: string): () => void {
    this.inUse.set(dir, (this.inUse.get(dir) ?? 0) + 1);
    return () => {
      const n = (this.inUse.get(dir) ?? 1) - 1;
      if (n <= 0) this.inUse.delete(dir);
      else this.inUse.set(dir, n);
    };
  }

  /** Removes least recently used install folders until the rest fit the disk budget. */
  evict(): { removed: number; bytes: number } {
    const folders = this.list();
    let total = folders.reduce((sum, f) => sum + f.bytes, 0);
    let removed = 0;
    for (const f of folders.sort((a, b) => a.usedAt - b.usedAt)) {
      if (total <= this.diskBudgetBytes) break;
      if (this.inUse.has(f.dir)) continue;
      const trash = path.join(this.staging, `evicted-${randomBytes(6).toString('hex')}`);
      try {
        fs.renameSync(f.dir, trash);
        fs.rmSync(trash, { recursive: true, force: true });
        total -= f.bytes;
        removed++;
      } catch {
        // Another process evicted it first.
      }
    }
    return { removed, bytes: total };
  }

  /** Install folders with their size (from their marker) and when they were last used. */
  list(): { dir: string; bytes: number; usedAt: number }[] {
    const out: { dir: string; bytes: number; usedAt: number }[] = [];
    for (const name of fs.readdirSync(this.installs)) {
      const dir = path.join(this.installs, name);
      try {
        const marker = path.join(dir, MARKER);
        const { bytes } = JSON.parse(fs.readFileSync(marker, 'utf8')) as { bytes?: number };
        out.push({ dir, bytes: Number(bytes) || 0, usedAt: fs.statSync(marker).mtimeMs });
      } catch {
        // Not an install folder (or being evicted).
      }
    }
    return out;
  }

  private sweepStaging(olderThanMs: number): void {
    for (const name of fs.readdirSync(this.staging)) {
      const dir = path.join(this.staging, name);
      try {
        if (Date.now() - fs.statSync(dir).mtimeMs > olderThanMs) fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // Swept by another process.
      }
    }
  }
}

/** Size of a folder in bytes, walked asynchronously (the event loop keeps serving executions meanwhile). */
export async function folderBytes(dir: string, stopAbove = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  const pending = [dir];
  while (pending.length > 0 && total <= stopAbove) {
    const current = pending.pop() as string;
    const entries = await fs.promises.readdir(current, { withFileTypes: true }).catch(() => []); // npm may move it meanwhile
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else total += (await fs.promises.lstat(full).catch(() => ({ size: 0 }))).size;
    }
  }
  return total;
}

/** Creates (or takes over) a folder only this user can enter; refuses one owned by someone else or a symlink. */
export function privateDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory() || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) {
    throw new Error(`The build folder ${dir} is not a directory owned by this user.`);
  }
  if ((stat.mode & 0o777) !== 0o700) fs.chmodSync(dir, 0o700);
  return dir;
}
