/**
 * Checks the lockfile npm wrote in a `--package-lock-only` pass before anything is downloaded (docs/security.md,
 * "Build containment"): every installed entry lies under `node_modules`, is no link, comes from a tarball under the
 * configured registry with an integrity, and is one of the package versions the registry walk checked (an `npm:`
 * alias folder holds the registry package the walk checked under its real name; bundled dependencies come inside
 * such a tarball). Its key names the resolved tree, so any request that
 * resolves to the same packages shares one install folder.
 */
import { createHash } from 'node:crypto';
import type { Dependency } from '../runtime.ports';
import { BuildFailure } from './build-failure';

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  inBundle?: boolean;
}

export interface VerifiedLock {
  /** Hash of the installed entries (path, version, resolved, integrity). */
  key: string;
  /** The action's own dependencies as installed. */
  top: Dependency[];
}

export function verifyLockfile(
  raw: string,
  registry: string,
  checked: Set<string>,
  wanted: Dependency[],
): VerifiedLock {
  const prefix = registry.endsWith('/') ? registry : `${registry}/`;
  let lock: { packages?: Record<string, LockEntry> };
  try {
    lock = JSON.parse(raw) as typeof lock;
  } catch {
    throw new BuildFailure('dependency_install_failed', 'npm wrote an unreadable lockfile.');
  }
  const entries = Object.entries(lock.packages ?? {})
    .filter(([key]) => key !== '')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const rows: string[][] = [];
  for (const [key, entry] of entries) {
    const folder = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const name = entry.name ?? folder; // an alias folder holds the package named here
    const label = `${name === folder ? name : `${folder} (${name})`}@${entry.version ?? '?'}`;
    const refuse = (why: string) =>
      new BuildFailure(
        'dependency_not_from_registry',
        `${label} ${why}: only packages from the configured registry can be installed.`,
      );
    if (!key.startsWith('node_modules/') || key.split('/').some((part) => part === '..' || part === '.'))
      throw refuse('would be installed outside node_modules');
    if (entry.link) throw refuse('is a link to a folder');
    if (typeof entry.version !== 'string') throw refuse('has no version');
    if (entry.inBundle) {
      rows.push([key, entry.version, 'bundled', '']);
      continue;
    }
    if (typeof entry.resolved !== 'string' || !entry.resolved.startsWith(prefix))
      throw refuse(`resolves to ${entry.resolved ?? 'nothing'}`);
    if (typeof entry.integrity !== 'string') throw refuse('has no integrity');
    if (!checked.has(`${name}@${entry.version}`)) throw refuse('was not among the versions checked in the registry');
    rows.push([key, entry.version, entry.resolved.slice(prefix.length), entry.integrity]);
  }
  const top = wanted.map((d) => {
    const version = lock.packages?.[`node_modules/${d.name}`]?.version;
    if (!version) throw new BuildFailure('dependency_install_failed', `npm did not resolve ${d.name}@${d.version}.`);
    return { name: d.name, version };
  });
  return { key: createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 32), top };
}
