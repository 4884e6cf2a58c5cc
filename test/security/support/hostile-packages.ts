/**
 * The packages of security issue 9 for the fake registry: well-behaved ones, registry packages whose own
 * dependencies point elsewhere (`file:`, a URL on an internal server, `git+file:`, an `npm:` alias, a GitHub
 * shorthand, `link:`, in dependencies, optional and peer dependencies), packages whose code reaches for host files
 * (relative climbs, absolute paths, import attributes, a symlink leaving the package), and oversized ones.
 */
import type { FakePackage } from './fake-registry';

export const SECRET = 'S3CRET-8e1f0c-never-in-an-artifact';

const js = (source: string) => ({ 'index.js': source });

/** Packages that install and bundle fine. */
export function benignPackages(): FakePackage[] {
  return [
    { name: 'tiny', version: '1.0.0', files: js("module.exports = (x) => 'tiny:' + x;") },
    { name: 'tiny', version: '1.1.0', files: js("module.exports = (x) => 'tiny 1.1:' + x;") },
    {
      name: 'uses-tiny',
      version: '2.0.0',
      dependencies: { tiny: '^1.0.0' },
      files: js("const t = require('tiny'); module.exports = (x) => t(x) + '!';"),
    },
    { name: 'shared', version: '1.0.0', files: js("module.exports = 'shared';") },
    {
      name: 'with-builtins',
      version: '1.0.0',
      files: js(
        "const c = require('crypto'); const { Buffer: B } = require('node:buffer'); module.exports = typeof c + typeof B;",
      ),
    },
    {
      name: 'with-json',
      version: '1.0.0',
      files: { 'index.js': "module.exports = require('./data.json').v;", 'data.json': '{"v":42}' },
    },
    {
      name: 'peer-host',
      version: '1.0.0',
      peerDependencies: { tiny: '^1.0.0' },
      files: js("module.exports = require('tiny')('peer');"),
    },
    { name: 'slow', version: '1.0.0', files: js("module.exports = 'slow';") },
    {
      name: 'optional-require',
      version: '1.0.0',
      files: js(
        "let color = 'none'; try { color = require('supports-color-not-installed'); } catch {} module.exports = color;",
      ),
    },
  ];
}

/** Registry packages whose dependency tree reaches outside the registry; `internalUrl` is a recording server. */
export function outsideRegistryPackages(internalUrl: string): FakePackage[] {
  const plain = js('module.exports = 1;');
  return [
    { name: 'dep-file', version: '1.0.0', dependencies: { local: 'file:/etc' }, files: plain },
    { name: 'dep-url', version: '1.0.0', dependencies: { x: `${internalUrl}/x.tgz` }, files: plain },
    { name: 'dep-git', version: '1.0.0', dependencies: { y: 'git+file:///tmp/some-repo' }, files: plain },
    { name: 'dep-alias', version: '1.0.0', dependencies: { z: `npm:tiny@${internalUrl}/alias.tgz` }, files: plain },
    // An alias of a registry package (auth0 v7 has one): installed, from the registry, under the alias's folder.
    {
      name: 'dep-registry-alias',
      version: '1.0.0',
      dependencies: { z: 'npm:tiny@1.0.0' },
      files: js("module.exports = require('z');"),
    },
    { name: 'dep-github', version: '1.0.0', dependencies: { w: 'someone/some-repo' }, files: plain },
    { name: 'dep-link', version: '1.0.0', dependencies: { v: 'link:../elsewhere' }, files: plain },
    {
      name: 'optional-url',
      version: '1.0.0',
      optionalDependencies: { x: `${internalUrl}/optional.tgz` },
      files: plain,
    },
    { name: 'peer-url', version: '1.0.0', peerDependencies: { x: `${internalUrl}/peer.tgz` }, files: plain },
    // Two levels down: a clean package whose dependency depends on a URL.
    { name: 'middle', version: '1.0.0', dependencies: { 'dep-url': '^1.0.0' }, files: plain },
    // A packument whose tarball lives elsewhere than the registry.
    { name: 'tarball-elsewhere', version: '1.0.0', tarballUrl: `${internalUrl}/tarball-elsewhere.tgz`, files: plain },
  ];
}

/** Packages whose code reaches for files of the host; `secretFile` is an absolute path holding SECRET. */
export function fileReadingPackages(secretFile: string): FakePackage[] {
  return [
    { name: 'climbs', version: '1.0.0', files: js("module.exports = require('../../../../secret.json');") },
    {
      name: 'climbs-far',
      version: '1.0.0',
      files: js(
        "module.exports = require('../../../../../../../../../../../../../..' + " + JSON.stringify(secretFile) + ');',
      ),
    },
    { name: 'absolute', version: '1.0.0', files: js(`module.exports = require(${JSON.stringify(secretFile)});`) },
    {
      name: 'environ',
      version: '1.0.0',
      files: js("import env from '/proc/self/environ' with { type: 'text' };\nexport default env;"),
    },
    {
      name: 'text-loader',
      version: '1.0.0',
      files: { 'index.js': "module.exports = require('./notes.txt');", 'notes.txt': 'not code' },
    },
    {
      name: 'symlink-out',
      version: '1.0.0',
      files: js("module.exports = require('./leak.json');"),
      symlinks: { 'leak.json': secretFile },
    },
  ];
}

/** Size bounds: one that says it is huge, one that lies about it, and one that bundles to a big artifact. */
export function oversizedPackages(): FakePackage[] {
  return [
    { name: 'claims-huge', version: '1.0.0', claimedUnpackedSize: 900 * 1024 * 1024, files: js('module.exports = 1;') },
    {
      name: 'unpacks-big',
      version: '1.0.0',
      claimedUnpackedSize: 1000,
      files: { 'index.js': 'module.exports = 1;', 'zeros.bin': Buffer.alloc(3 * 1024 * 1024) },
    },
    { name: 'big-code', version: '1.0.0', files: js(`module.exports = ${JSON.stringify('x'.repeat(300 * 1024))};`) },
  ];
}
