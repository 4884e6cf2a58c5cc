/**
 * An npm registry served by the test itself (node:http on 127.0.0.1, a free port): packages described in code are
 * packed into real gzipped tarballs with `tar` when added, and served as packuments (`GET /<name>`, scoped names as
 * `/@scope%2fname` or `/@scope/name`) whose `dist.tarball` points back at this server with a correct
 * `dist.integrity` (sha512) and `dist.shasum` (sha1). `dist.unpackedSize` is the real size unless the package says
 * otherwise (a registry cannot be trusted to tell the truth).
 *
 * Reusable by any suite that needs packages without the public registry: set NPM_REGISTRY to `registry.url`.
 * Per tarball: an optional delay (`delayTarball`) and a hit counter (`tarballHits`); per packument: `packumentHits`.
 *
 *   const registry = await FakeRegistry.start([{ name: 'tiny', version: '1.0.0', files: { 'index.js': 'module.exports = 1;' } }]);
 *   ... loadConfig({ NPM_REGISTRY: registry.url }) ...
 *   await registry.close();
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as tar from 'tar';

export interface FakePackage {
  name: string;
  version: string;
  /** Files inside the package folder; `package.json` is written from the fields below unless given. */
  files?: Record<string, string | Buffer>;
  /** Symbolic links inside the package folder: path → target (kept as links in the tarball). */
  symlinks?: Record<string, string>;
  main?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  /** What the packument claims as dist.unpackedSize (default: the real size of the files). */
  claimedUnpackedSize?: number;
  /** Overrides dist.tarball in the packument (a tarball "elsewhere"). */
  tarballUrl?: string;
}

interface Stored {
  pkg: FakePackage;
  tarball: Buffer;
  tarballPath: string;
  unpackedSize: number;
  fileCount: number;
}

export class FakeRegistry {
  private readonly packages = new Map<string, Map<string, Stored>>();
  private readonly tarballs = new Map<string, Stored>();
  private readonly delays = new Map<string, number>();
  private readonly hits = new Map<string, number>();
  private readonly workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-registry-'));
  private server!: http.Server;
  /** Aborted by close(): a delayed tarball stops waiting, so no timer outlives the registry. */
  private readonly closing = new AbortController();
  /** Base URL with a trailing slash, as NPM_REGISTRY. */
  url = '';

  static async start(packages: FakePackage[] = []): Promise<FakeRegistry> {
    const registry = new FakeRegistry();
    registry.server = http.createServer((req, res) => void registry.serve(req, res));
    await new Promise<void>((resolve) => registry.server.listen(0, '127.0.0.1', resolve));
    registry.url = `http://127.0.0.1:${(registry.server.address() as AddressInfo).port}/`;
    await registry.add(...packages);
    return registry;
  }

  /** Packs and publishes packages (a later version of a name is added to its packument). */
  async add(...packages: FakePackage[]): Promise<void> {
    for (const pkg of packages) {
      const stored = await this.pack(pkg);
      if (!this.packages.has(pkg.name)) this.packages.set(pkg.name, new Map());
      this.packages.get(pkg.name)?.set(pkg.version, stored);
      this.tarballs.set(stored.tarballPath, stored);
    }
  }

  /** The URL path of a package version's tarball, as served here. */
  tarballPath(name: string, version: string): string {
    return `/${name}/-/${name.split('/').pop()}-${version}.tgz`;
  }

  /** Makes the server wait `ms` before answering this tarball. */
  delayTarball(name: string, version: string, ms: number): void {
    this.delays.set(this.tarballPath(name, version), ms);
  }

  tarballHits(name: string, version: string): number {
    return this.hits.get(this.tarballPath(name, version)) ?? 0;
  }

  packumentHits(name: string): number {
    return this.hits.get(`/${name}`) ?? 0;
  }

  /** Every tarball request so far, by path. */
  allTarballHits(): number {
    return [...this.hits].filter(([p]) => p.endsWith('.tgz')).reduce((sum, [, n]) => sum + n, 0);
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', this.url).pathname);
    this.hits.set(urlPath, (this.hits.get(urlPath) ?? 0) + 1);
    const tarball = this.tarballs.get(urlPath);
    if (tarball) {
      const delay = this.delays.get(urlPath) ?? 0;
      if (delay > 0) await sleep(delay, undefined, { signal: this.closing.signal }).catch(() => undefined);
      if (this.closing.signal.aborted) return void res.destroy();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.tarball.length });
      return void res.end(tarball.tarball);
    }
    const versions = this.packages.get(urlPath.slice(1));
    if (!versions) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end('{"error":"Not found"}');
    }
    const body = JSON.stringify(this.packument(urlPath.slice(1), versions));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  private packument(name: string, versions: Map<string, Stored>): Record<string, unknown> {
    const manifests: Record<string, unknown> = {};
    let latest = '0.0.0';
    for (const [version, s] of versions) {
      if (compareVersions(version, latest) > 0) latest = version;
      const { files: _f, symlinks: _s, claimedUnpackedSize: _c, tarballUrl, ...fields } = s.pkg;
      manifests[version] = {
        ...fields,
        dist: {
          tarball: tarballUrl ?? new URL(s.tarballPath.slice(1), this.url).toString(),
          integrity: `sha512-${createHash('sha512').update(s.tarball).digest('base64')}`,
          shasum: createHash('sha1').update(s.tarball).digest('hex'),
          unpackedSize: s.pkg.claimedUnpackedSize ?? s.unpackedSize,
          fileCount: s.fileCount,
        },
      };
    }
    return { name, 'dist-tags': { latest }, versions: manifests };
  }

  private async pack(pkg: FakePackage): Promise<Stored> {
    const root = fs.mkdtempSync(path.join(this.workDir, 'pack-'));
    const dir = path.join(root, 'package');
    const { files = {}, symlinks = {} } = pkg;
    const manifest = {
      name: pkg.name,
      version: pkg.version,
      main: pkg.main ?? 'index.js',
      dependencies: pkg.dependencies,
      optionalDependencies: pkg.optionalDependencies,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta,
    };
    const all: Record<string, string | Buffer> = { 'package.json': JSON.stringify(manifest, null, 2), ...files };
    let unpackedSize = 0;
    for (const [file, content] of Object.entries(all)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
      unpackedSize += Buffer.byteLength(content);
    }
    for (const [file, target] of Object.entries(symlinks)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.symlinkSync(target, path.join(dir, file));
    }
    const entries = [...Object.keys(all), ...Object.keys(symlinks)].map((f) => `package/${f}`);
    const tarball = await streamToBuffer(
      tar.create({ gzip: true, cwd: root, portable: true, mtime: new Date('2026-01-01T00:00:00Z') }, entries),
    );
    fs.rmSync(root, { recursive: true, force: true });
    return {
      pkg,
      tarball,
      tarballPath: this.tarballPath(pkg.name, pkg.version),
      unpackedSize,
      fileCount: entries.length,
    };
  }
}

/** A stand-in for an internal HTTP service: records every request, and answers as if it served a tarball. */
export async function startInternalServer(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end('internal data');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] || 0) - (pb[i] || 0);
  return 0;
}

async function streamToBuffer(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
