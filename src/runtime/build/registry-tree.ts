/**
 * Resolves an action's whole dependency tree against the configured registry before npm runs at all
 * (docs/security.md, "Build containment"): every packument is fetched from NPM_REGISTRY, each edge is classified with
 * npm-package-arg and picked with npm-pick-manifest (npm's own choice of version), and the walk refuses any
 * dependency, optional dependency or peer dependency whose spec is not a registry version, range or tag (`file:`,
 * `link:`, URLs and tarballs, git, GitHub shorthands, `npm:` aliases of anything but a registry version, range or tag;
 * an alias of a registry package, as auth0 v7 has, is walked as that package), any tarball outside the registry and any
 * package that ships an npm-shrinkwrap.json. The sum of the picked versions' `dist.unpackedSize` must fit the install
 * size limit: nothing is downloaded past the packuments when it does not.
 */
import npa from 'npm-package-arg';
import pickManifest from 'npm-pick-manifest';
import type { Dependency } from '../runtime.ports';
import { BuildFailure } from './build-failure';
import { BuildQueue } from './build-queue';

export interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dist?: { tarball?: string; unpackedSize?: number };
  _hasShrinkwrap?: boolean;
}

export interface RegistryTree {
  /** The action's own dependencies at the exact versions picked. */
  top: Dependency[];
  /** Every picked package version, `name@version`. */
  packages: Set<string>;
  /** Sum of the picked versions' dist.unpackedSize (versions that do not say count as 0; the folder is measured after). */
  unpackedBytes: number;
}

export interface TreeLimits {
  registry: string;
  maxUnpackedBytes: number;
  /** Most packages one action's tree may hold. */
  maxPackages: number;
  signal?: AbortSignal;
}

const PACKUMENT_ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8';
const PACKUMENT_MAX_BYTES = 64 * 1024 * 1024;
/** Packuments fetched at once for one tree (npm itself keeps a similar number of sockets). */
const PACKUMENT_FETCHES = 16;

export async function resolveRegistryTree(deps: Dependency[], limits: TreeLimits): Promise<RegistryTree> {
  const registry = limits.registry.endsWith('/') ? limits.registry : `${limits.registry}/`;
  const packuments = new Map<string, Promise<Record<string, unknown>>>();
  const fetches = new BuildQueue(PACKUMENT_FETCHES);
  const packument = (name: string) => {
    let p = packuments.get(name);
    if (!p) packuments.set(name, (p = fetches.run(() => fetchPackument(registry, name, limits.signal))));
    return p;
  };
  const packages = new Set<string>();
  let unpackedBytes = 0;
  const pick = async (from: string, name: string, spec: string): Promise<{ manifest: Manifest; fresh: boolean }> => {
    const target = registrySpecOrFail(from, name, spec);
    let manifest: Manifest;
    try {
      manifest = pickManifest(await packument(target.name), target.spec, {
        defaultTag: 'latest',
        nodeVersion: process.version,
      }) as unknown as Manifest;
    } catch (e) {
      if (e instanceof BuildFailure || limits.signal?.aborted) throw e;
      throw new BuildFailure(
        'dependency_install_failed',
        `No version of ${target.name} matches "${target.spec}" (required by ${from}).`,
      );
    }
    const id = `${target.name}@${manifest.version}`;
    if (packages.has(id)) return { manifest, fresh: false };
    packages.add(id);
    if (packages.size > limits.maxPackages) {
      throw new BuildFailure(
        'dependencies_too_large',
        `The dependency tree holds more than ${limits.maxPackages} packages.`,
      );
    }
    const tarball = manifest.dist?.tarball ?? '';
    if (!tarball.startsWith(registry)) {
      throw new BuildFailure(
        'dependency_not_from_registry',
        `${id} (required by ${from}) has its tarball outside the configured registry: ${tarball || 'none'}.`,
      );
    }
    if (manifest._hasShrinkwrap) {
      throw new BuildFailure(
        'dependency_not_from_registry',
        `${id} (required by ${from}) ships an npm-shrinkwrap.json, which could pin packages outside the registry.`,
      );
    }
    unpackedBytes += Number(manifest.dist?.unpackedSize) || 0;
    if (unpackedBytes > limits.maxUnpackedBytes) {
      throw new BuildFailure(
        'dependencies_too_large',
        `The dependencies unpack to more than ${Math.round(limits.maxUnpackedBytes / 1048576)} MB (with ${id}: ${unpackedBytes} bytes).`,
      );
    }
    return { manifest, fresh: true };
  };
  const picked = await Promise.all(deps.map((d) => pick('the action', d.name, d.version)));
  const top = deps.map((d, i) => ({ name: d.name, version: picked[i].manifest.version }));
  let level = picked.filter((p) => p.fresh).map((p) => p.manifest);
  while (level.length > 0) {
    const next: Promise<{ manifest: Manifest; fresh: boolean }>[] = [];
    for (const m of level) {
      const from = `${m.name}@${m.version}`;
      for (const [name, spec] of edgesOf(m, from)) next.push(pick(from, name, spec));
    }
    level = (await Promise.all(next)).filter((p) => p.fresh).map((p) => p.manifest);
  }
  return { top, packages, unpackedBytes };
}

/** The edges npm installs (dependencies, optional ones, required peers); every declared spec is checked. */
function edgesOf(m: Manifest, from: string): [string, string][] {
  const optionalPeer = (name: string) => m.peerDependenciesMeta?.[name]?.optional === true;
  const edges = new Map<string, string>();
  for (const [name, spec] of Object.entries(m.peerDependencies ?? {})) {
    registrySpecOrFail(from, name, spec);
    if (!optionalPeer(name)) edges.set(name, spec);
  }
  for (const [name, spec] of Object.entries(m.optionalDependencies ?? {})) registrySpecOrFail(from, name, spec);
  for (const [name, spec] of Object.entries({ ...m.dependencies, ...m.optionalDependencies })) edges.set(name, spec);
  return [...edges];
}

/**
 * The registry package `spec` names: `name` itself for a registry version, range or dist-tag (what npm-package-arg
 * calls registry), or the target of an `npm:` alias whose own spec is one. Fails for anything else.
 */
export function registrySpecOrFail(from: string, name: string, spec: string): { name: string; spec: string } {
  let type: string;
  let target: { name: string; spec: string } | undefined;
  try {
    const parsed = npa.resolve(name, spec, '/');
    const real = parsed.type === 'alias' ? parsed.subSpec : parsed;
    type = real?.registry
      ? real.type
      : `${parsed.type === 'alias' ? `alias of a ${real?.type ?? 'bad'}` : parsed.type} spec`;
    if (real?.name) target = { name: real.name, spec: real.rawSpec === '' ? 'latest' : real.rawSpec };
  } catch {
    type = 'unsupported spec';
  }
  if (!target || !['version', 'range', 'tag'].includes(type)) {
    throw new BuildFailure(
      'dependency_not_from_registry',
      `${from} depends on ${name}@"${spec}" (${type}): only packages from the configured registry can be installed.`,
    );
  }
  return target;
}

async function fetchPackument(registry: string, name: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const url = `${registry}${name.replace('/', '%2f')}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: PACKUMENT_ACCEPT }, redirect: 'error', signal });
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw new BuildFailure(
      'dependency_install_failed',
      `The registry could not be reached for ${name}: ${(e as Error).message}.`,
    );
  }
  if (response.status === 404)
    throw new BuildFailure('dependency_install_failed', `${name} is not in the registry (404 Not Found).`);
  if (!response.ok)
    throw new BuildFailure('dependency_install_failed', `The registry answered ${response.status} for ${name}.`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > PACKUMENT_MAX_BYTES)
    throw new BuildFailure(
      'dependencies_too_large',
      `The registry document of ${name} is larger than ${PACKUMENT_MAX_BYTES} bytes.`,
    );
  const body = await response.text();
  if (body.length > PACKUMENT_MAX_BYTES)
    throw new BuildFailure(
      'dependencies_too_large',
      `The registry document of ${name} is larger than ${PACKUMENT_MAX_BYTES} bytes.`,
    );
  return JSON.parse(body) as Record<string, unknown>;
}
