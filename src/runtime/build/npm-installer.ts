/**
 * Installs an action's npm dependencies into DATA_DIR/npm-cache/<sha256 of the dependency list>, once: later builds
 * with the same list reuse the directory. Install scripts never run (--ignore-scripts). Ranges and `latest` resolve
 * to exact versions, which the build records so that the version can be rebuilt identically.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NPM_PACKAGE_NAME, NPM_VERSION_MAX_LENGTH, NPM_VERSION_RANGE } from '../../shared/npm-package-spec';
import type { Dependency } from '../runtime.ports';

const INSTALL_TIMEOUT_MS = 120_000;

export class NpmInstaller {
  private readonly inFlight = new Map<string, Promise<{ dir: string; resolved: Dependency[] }>>();

  constructor(private readonly cacheDir: string, private readonly registry: string) {}

  install(deps: Dependency[]): Promise<{ dir: string; resolved: Dependency[] }> {
    for (const d of deps) {
      if (!NPM_PACKAGE_NAME.test(d.name)) throw new Error(`"${d.name}" is not a valid npm package name`);
      if (!NPM_VERSION_RANGE.test(d.version) || d.version.length > NPM_VERSION_MAX_LENGTH) throw new Error(`"${d.version}" is not a valid version or range for ${d.name}`);
    }
    const sorted = [...deps].sort((a, b) => a.name.localeCompare(b.name));
    const key = createHash('sha256').update(JSON.stringify(sorted.map((d) => [d.name, d.version]))).digest('hex');
    const running = this.inFlight.get(key);
    if (running) return running;
    const job = this.installInto(path.join(this.cacheDir, key), sorted).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, job);
    return job;
  }

  private async installInto(dir: string, deps: Dependency[]): Promise<{ dir: string; resolved: Dependency[] }> {
    const done = path.join(dir, '.installed.json');
    if (fs.existsSync(done)) return { dir, resolved: JSON.parse(fs.readFileSync(done, 'utf8')) as Dependency[] };
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const manifest = { name: 'action-deps', private: true, dependencies: Object.fromEntries(deps.map((d) => [d.name, d.version])) };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
    await new Promise<void>((resolve, reject) => {
      execFile(
        'npm',
        ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', '--no-package-lock', '--registry', this.registry],
        { cwd: dir, timeout: INSTALL_TIMEOUT_MS, env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' } },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          const lines = String(stderr).split('\n').filter((l) => /ERR!|error/i.test(l)).slice(0, 4).join(' ').replace(/\s+/g, ' ');
          reject(new Error(lines || error.message));
        },
      );
    });
    const resolved = deps.map((d) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', d.name, 'package.json'), 'utf8')) as { version: string };
      return { name: d.name, version: pkg.version };
    });
    fs.writeFileSync(done, JSON.stringify(resolved));
    return { dir, resolved };
  }
}
