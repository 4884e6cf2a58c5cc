/**
 * Installs an action's npm dependencies into an install folder under BUILD_DIR, never under DATA_DIR
 * (docs/security.md, "Build containment"), in four steps, each before the next can fetch anything:
 * 1. the whole tree is resolved against the configured registry (registry-tree.ts): non-registry specs anywhere in
 *    it, tarballs elsewhere and trees that unpack past BUILD_MAX_INSTALL_MB are refused from the packuments alone;
 * 2. npm writes a lockfile only (`--package-lock-only`), which lockfile-check.ts verifies;
 * 3. the verified tree names its folder: a tree installed before is reused as it is (and the same request, for five
 *    minutes, without asking the registry again);
 * 4. otherwise `npm ci --ignore-scripts` installs exactly that lockfile into a staging folder, measured while npm
 *    runs (killed past BUILD_MAX_INSTALL_MB) and after, and renamed into place; then the least recently used
 *    folders past BUILD_DISK_BUDGET_MB are evicted.
 * npm runs with a scrubbed environment (PATH, a HOME inside the build folder with empty user and global configs,
 * its own cache, no git; of the service's variables only CA certificates and proxy settings), within the install
 * time limit and one queue slot per install; its errors are reported without any path of this machine.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LRUCache } from 'lru-cache';
import { NPM_PACKAGE_NAME, NPM_VERSION_MAX_LENGTH, NPM_VERSION_RANGE } from '../../shared/npm-package-spec';
import { BuildStoppedError, Dependency } from '../runtime.ports';
import { BuildFailure } from './build-failure';
import type { BuildQueue } from './build-queue';
import { folderBytes, InstallFolders } from './install-folders';
import { verifyLockfile } from './lockfile-check';
import { resolveRegistryTree } from './registry-tree';

export interface NpmInstallerOptions {
  registry: string;
  folders: InstallFolders;
  queue: BuildQueue;
  maxInstallBytes: number;
  timeoutMs: number;
  /** Most packages in one action's tree. */
  maxPackages?: number;
}

export interface Installed {
  dir: string;
  resolved: Dependency[];
  /** Lets the folder be evicted again (call once the bundle is done). */
  release(): void;
}

/** A request resolved this recently reuses its folder without asking the registry again (ranges may move later). */
const RECENT_MS = 5 * 60 * 1000;
const RECENT_CAPACITY = 512;
/** How often a running `npm ci` has its folder measured (a tarball may unpack to far more than it declared). */
const WATCH_MS = 500;

interface Marker {
  resolved: Dependency[];
  bytes: number;
}

export class NpmInstaller {
  private readonly registry: string;
  private readonly recent = new LRUCache<string, { key: string; at: number }>({ max: RECENT_CAPACITY });
  private readonly inFlight = new Map<string, Promise<Installed>>();
  /** Aborted by close(): npm processes still running are killed, and installs still to come fail at once. */
  private readonly closing = new AbortController();

  private readonly command: [string, string[]];

  constructor(private readonly options: NpmInstallerOptions) {
    this.registry = options.registry.endsWith('/') ? options.registry : `${options.registry}/`;
    this.command = npmCommand();
  }

  async install(deps: Dependency[]): Promise<Installed> {
    for (const d of deps) {
      if (!NPM_PACKAGE_NAME.test(d.name))
        throw new BuildFailure('invalid_dependency', `"${d.name}" is not a valid npm package name`);
      if (!NPM_VERSION_RANGE.test(d.version) || d.version.length > NPM_VERSION_MAX_LENGTH)
        throw new BuildFailure('invalid_dependency', `"${d.version}" is not a valid version or range for ${d.name}`);
    }
    const sorted = [...deps].sort((a, b) => a.name.localeCompare(b.name));
    const request = JSON.stringify(sorted.map((d) => [d.name, d.version]));
    const recent = this.recent.get(request);
    const found =
      recent && Date.now() - recent.at < RECENT_MS ? this.options.folders.find<Marker>(recent.key) : undefined;
    if (found) return { dir: found.dir, resolved: found.info.resolved, release: this.options.folders.hold(found.dir) };
    const running = this.inFlight.get(request);
    if (running) {
      const first = await running; // the same request, being installed for another build
      return { dir: first.dir, resolved: first.resolved, release: this.options.folders.hold(first.dir) };
    }
    const job = this.options.queue.run(() => this.installWithin(sorted, Date.now() + this.options.timeoutMs));
    this.inFlight.set(request, job);
    try {
      const installed = await job;
      this.recent.set(request, { key: path.basename(installed.dir), at: Date.now() });
      return installed;
    } finally {
      this.inFlight.delete(request);
    }
  }

  /** The service is stopping: kills the npm processes still running, so that none outlives it. */
  close(): void {
    this.closing.abort();
  }

  private async installWithin(deps: Dependency[], deadline: number): Promise<Installed> {
    const { folders, maxInstallBytes } = this.options;
    if (this.closing.signal.aborted) throw new BuildStoppedError();
    // Aborted when the installer closes or the deadline passes. Linked to `closing` by a listener removed once the
    // tree is resolved: AbortSignal.any would leave an entry in the process-long `closing` signal per install.
    const resolving = new AbortController();
    const abort = () => resolving.abort();
    this.closing.signal.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(abort, Math.max(1, deadline - Date.now()));
    let tree;
    try {
      tree = await resolveRegistryTree(deps, {
        registry: this.registry,
        maxUnpackedBytes: maxInstallBytes,
        maxPackages: this.options.maxPackages ?? 1000,
        signal: resolving.signal,
      });
    } catch (e) {
      if (this.closing.signal.aborted) throw new BuildStoppedError();
      if (resolving.signal.aborted) throw this.timedOut();
      throw e;
    } finally {
      clearTimeout(timer);
      this.closing.signal.removeEventListener('abort', abort);
    }
    const staging = folders.newStaging();
    try {
      const manifest = {
        name: 'action-deps',
        version: '1.0.0',
        private: true,
        dependencies: Object.fromEntries(tree.top.map((d) => [d.name, d.version])),
      };
      fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest), { mode: 0o600 });
      await this.npm(['install', '--package-lock-only'], staging, deadline);
      const lock = verifyLockfile(
        fs.readFileSync(path.join(staging, 'package-lock.json'), 'utf8'),
        this.registry,
        tree.packages,
        tree.top,
      );
      const found = folders.find<Marker>(lock.key);
      if (found) return { dir: found.dir, resolved: found.info.resolved, release: folders.hold(found.dir) };
      await this.npm(['ci'], staging, deadline, maxInstallBytes);
      const bytes = await folderBytes(staging, maxInstallBytes);
      if (bytes > maxInstallBytes) {
        throw new BuildFailure(
          'dependencies_too_large',
          `The installed dependencies take more than ${Math.round(maxInstallBytes / 1048576)} MB.`,
        );
      }
      const dir = folders.commit<Marker>(staging, lock.key, { resolved: lock.top, bytes });
      const release = folders.hold(dir);
      folders.evict();
      return { dir, resolved: lock.top, release };
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  /** Runs npm in `cwd`; with `maxBytes`, the folder is measured every half second and npm killed past it. */
  private npm(args: string[], cwd: string, deadline: number, maxBytes?: number): Promise<void> {
    const { folders } = this.options;
    const timeout = deadline - Date.now();
    if (this.closing.signal.aborted) return Promise.reject(new BuildStoppedError());
    if (timeout <= 0) return Promise.reject(this.timedOut());
    const env: Record<string, string> = {
      ...passedThrough(),
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: folders.home,
      TMPDIR: cwd,
      npm_config_userconfig: folders.userConfig,
      npm_config_globalconfig: folders.globalConfig,
      npm_config_cache: folders.npmCache,
      npm_config_registry: this.registry,
      npm_config_replace_registry_host: 'never',
      npm_config_git: path.join(folders.empty, 'no-git'),
      npm_config_loglevel: 'error',
      npm_config_logs_max: '0',
      npm_config_update_notifier: 'false',
    };
    const common = [
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--omit=dev',
      '--no-bin-links',
      '--registry',
      this.registry,
    ];
    let tooLarge = false;
    let watchdog: NodeJS.Timeout | undefined;
    return new Promise<void>((resolve, reject) => {
      const [file, prefix] = this.command;
      const child = execFile(
        file,
        [...prefix, ...args, ...common],
        { cwd, env, timeout, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
        (error, _stdout, stderr) => {
          clearInterval(watchdog);
          this.closing.signal.removeEventListener('abort', stop);
          if (this.closing.signal.aborted) return reject(new BuildStoppedError());
          if (tooLarge)
            return reject(
              new BuildFailure(
                'dependencies_too_large',
                `The installed dependencies take more than ${Math.round((maxBytes ?? 0) / 1048576)} MB.`,
              ),
            );
          if (!error) return resolve();
          if ((error as { killed?: boolean }).killed || Date.now() >= deadline) return reject(this.timedOut());
          reject(
            new BuildFailure(
              'dependency_install_failed',
              `${npmError(String(stderr), [cwd, folders.root, os.homedir()]) || 'npm failed.'}`,
            ),
          );
        },
      );
      // not execFile's `signal`: it would send SIGTERM, which npm waiting on the network does not act on
      const stop = () => child.kill('SIGKILL');
      this.closing.signal.addEventListener('abort', stop, { once: true });
      if (maxBytes === undefined) return;
      let measuring = false;
      watchdog = setInterval(() => {
        if (measuring) return;
        measuring = true;
        folderBytes(cwd, maxBytes)
          .then(
            (bytes) => {
              if (bytes > maxBytes && !tooLarge) {
                tooLarge = true;
                child.kill('SIGKILL');
              }
            },
            () => undefined,
          )
          .finally(() => {
            measuring = false;
          });
      }, WATCH_MS);
    });
  }

  private timedOut(): BuildFailure {
    return new BuildFailure(
      'build_timeout',
      `Installing dependencies did not finish within ${this.options.timeoutMs} ms.`,
    );
  }
}

/**
 * npm's CLI run by this very Node (when the `npm` on PATH is npm-cli.js), so that npm picks versions for the same
 * Node version as the registry walk does (engines); otherwise `npm` as found on PATH.
 */
function npmCommand(): [string, string[]] {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    try {
      const real = fs.realpathSync(path.join(dir, 'npm'));
      if (real.endsWith(`${path.sep}npm-cli.js`)) return [process.execPath, [real]];
      return ['npm', []];
    } catch {
      // not in this folder
    }
  }
  return ['npm', []];
}

/** The only variables of the service's environment npm sees: how to reach the registry (CAs, proxy), no secrets. */
const PASSED_THROUGH = [
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
];

function passedThrough(): Record<string, string> {
  return Object.fromEntries(PASSED_THROUGH.filter((k) => process.env[k]).map((k) => [k, process.env[k] as string]));
}

/** npm's error lines, without its log-file hints and with every local path replaced. */
export function npmError(stderr: string, paths: string[]): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !/complete log|debug-\d|_logs/i.test(l));
  const errors = lines.filter((l) => /ERR!|error/i.test(l));
  let text = (errors.length > 0 ? errors.slice(0, 4) : lines.slice(-3)).join(' ').replace(/\s+/g, ' ').trim();
  for (const p of paths.filter(Boolean).sort((a, b) => b.length - a.length)) text = text.split(p).join('<build>');
  return text.replace(/(^|[\s'"(=])(?:\/|[A-Za-z]:\\)[^\s'")]*/g, '$1<path>');
}
