/**
 * Security issue 9, critical item: the build must not read host files. An action (with or without dependencies) and
 * every package of its tree resolve only inside the action's own code and the install folder's node_modules:
 * absolute paths, climbs out of the folder, import attributes, non-JS/JSON files and symlinks leaving the folder
 * are refused, and the error names only the action's own files (docs/security.md, "Build containment").
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { actionBuilderFor } from '../../src/runtime/build/action-builder';
import { bundleContained } from '../../src/runtime/build/contained-bundler';
import { handler, runtimeFixture } from '../runtime/runtime-fixture';
import { BuildFixture, buildFixture, handlerCode } from './support/build-fixture';
import { FakeRegistry } from './support/fake-registry';
import { benignPackages, fileReadingPackages, SECRET } from './support/hostile-packages';

describe('build containment: nothing of the host gets into an artifact', () => {
  let registry: FakeRegistry;
  let f: BuildFixture;

  beforeAll(async () => {
    registry = await FakeRegistry.start(benignPackages());
    f = buildFixture(registry.url);
    await registry.add(...fileReadingPackages(f.secretFile));
  });
  afterAll(async () => {
    f.close();
    await registry.close();
  });

  const expectRefused = (result: Awaited<ReturnType<BuildFixture['build']>>, file: RegExp) => {
    expect(result).toMatchObject({
      status: 'failed',
      errors: [{ id: 'compilation_failed', msg: expect.stringMatching(file) }],
    });
    if (result.status === 'failed') expect(f.namesNoHostPath(result.errors[0].msg)).toBe(true);
    expect(f.artifacts().some((a) => a.includes(SECRET))).toBe(false);
  };

  describe.each([
    ['with a dependency', [{ name: 'tiny', version: '1.0.0' }]],
    ['without dependencies', []],
  ])('the action itself, %s', (_label, dependencies) => {
    it.each([
      ['a climb with a text attribute', "import k from '../../secret.txt' with { type: 'text' };\nexports.k = k;"],
      ['/proc/self/environ as text', "import env from '/proc/self/environ' with { type: 'text' };\nexports.env = env;"],
      ['a JSON import attribute', "import p from 'tiny/package.json' with { type: 'json' };\nexports.p = p;"],
      ['an absolute require of DATA_DIR', () => `const s = require(${JSON.stringify(f.secretFile)});\nexports.s = s;`],
      ['a relative require', "exports.s = require('../../secret.json');"],
      ['a relative require into node_modules', "exports.s = require('./node_modules/tiny/index.js');"],
      ['a climb through a package name', "exports.s = require('tiny/../../../secret.json');"],
      ['a glob import climbing out', 'exports.s = (n) => require(`../../${n}.json`);'],
      ['a file: URL', "exports.s = require('file:///etc/passwd');"],
    ])('refuses %s', async (_what, code) => {
      const source = typeof code === 'function' ? code() : code;
      expectRefused(await f.build(`${source}\n${handlerCode()}`, dependencies), /\(action\.js:\d+:\d+\)/);
    });
  });

  it("refuses another tenant's artifact by its path under DATA_DIR/artifacts", async () => {
    const victim = await f.build(handlerCode("api.idToken.setCustomClaim('k', 'VICTIM-ONLY-9d2');"), [], 'victim');
    if (victim.status !== 'built') throw new Error('the victim should build');
    const file = path.join(f.dataDir, 'artifacts', `${victim.artifactSha256}.js`);
    const attack = await f.build(`exports.v = require(${JSON.stringify(file)});\n${handlerCode()}`, [
      { name: 'tiny', version: '1.0.0' },
    ]);
    expect(attack.status).toBe('failed');
    expect(f.artifacts().filter((a) => a.includes('VICTIM-ONLY-9d2'))).toHaveLength(1);
  });

  it('never serves an artifact indexed by the builder before containment; its old install folders are removed', async () => {
    const code = handlerCode("api.idToken.setCustomClaim('k', 'fresh');");
    const poisoned = `${code}\nexports.leak = ${JSON.stringify(SECRET)};`;
    const sha = createHash('sha256').update(poisoned).digest('hex');
    const oldKey = createHash('sha256')
      .update(JSON.stringify([code, []]))
      .digest('hex');
    fs.writeFileSync(path.join(f.dataDir, 'artifacts', `${sha}.js`), poisoned);
    fs.writeFileSync(path.join(f.dataDir, 'artifacts', 'by-source', oldKey), sha);
    fs.mkdirSync(path.join(f.dataDir, 'npm-cache', 'abc', 'node_modules'), { recursive: true });
    const restarted = actionBuilderFor(f.config);
    try {
      const artifact = await restarted.artifactFor(code, []);
      expect(artifact.sha256).not.toBe(sha);
      expect(artifact.code).not.toContain(SECRET);
      expect(fs.existsSync(path.join(f.dataDir, 'npm-cache'))).toBe(false);
    } finally {
      restarted.dispose();
      fs.rmSync(path.join(f.dataDir, 'artifacts', `${sha}.js`));
    }
  });

  it.each([
    ['climbs', 'a relative climb'],
    ['climbs-far', 'a climb to the root then down to DATA_DIR'],
    ['absolute', 'an absolute path'],
    ['environ', '/proc/self/environ with a text attribute'],
    ['text-loader', 'a .txt file'],
  ])(
    'refuses a dependency (%s) reaching for %s, naming only node_modules/<pkg>/<file>',
    async (name) => {
      // All of them installed once, in one folder; the action requires one.
      const all = ['climbs', 'climbs-far', 'absolute', 'environ', 'text-loader', 'symlink-out'].map((n) => ({
        name: n,
        version: '1.0.0',
      }));
      const result = await f.build(`require('${name}');\n${handlerCode()}`, all);
      expectRefused(result, new RegExp(`node_modules/${name}/index\\.js:\\d+:\\d+`));
    },
    30_000,
  );

  it('a symlink in a tarball is not installed by npm: the require stays a run-time one, which finds no file', async () => {
    const all = ['climbs', 'climbs-far', 'absolute', 'environ', 'text-loader', 'symlink-out'].map((n) => ({
      name: n,
      version: '1.0.0',
    }));
    const result = await f.build(`require('symlink-out');\n${handlerCode()}`, all);
    expect(result).toMatchObject({ status: 'failed', errors: [{ msg: "Error: Cannot find module './leak.json'" }] });
    expect(f.artifacts().some((a) => a.includes(SECRET))).toBe(false);
  }, 30_000);

  it('keeps Node built-ins and optional requires of packages not installed external, bundles JSON and nested packages', async () => {
    // Required inside the handler: the sandbox provides built-ins at run time, not in the build's load check.
    const code = `const optional = require('optional-require');\n${handlerCode("const c = require('node:crypto'); api.idToken.setCustomClaim('x', [require('with-builtins'), require('with-json'), require('uses-tiny')('y'), typeof c, optional]);")}`;
    const deps = ['with-builtins', 'with-json', 'uses-tiny', 'optional-require'].map((name) => ({
      name,
      version: name === 'uses-tiny' ? '^2.0.0' : '1.0.0',
    }));
    const result = await f.build(code, deps);
    expect(result).toMatchObject({
      status: 'built',
      resolvedDependencies: [
        { name: 'optional-require', version: '1.0.0' },
        { name: 'uses-tiny', version: '2.0.0' },
        { name: 'with-builtins', version: '1.0.0' },
        { name: 'with-json', version: '1.0.0' },
      ],
    });
    if (result.status !== 'built') return;
    const artifact = fs.readFileSync(path.join(f.dataDir, 'artifacts', `${result.artifactSha256}.js`), 'utf8');
    expect(artifact).toMatch(/require\("crypto"\)/);
    expect(artifact).toMatch(/require\("node:buffer"\)/);
    expect(artifact).toMatch(/"?v"?: 42/);
    expect(artifact).toContain('tiny 1.1:');
    expect(artifact).toMatch(/require\("supports-color-not-installed"\)/); // an optional require, left to run time as Node would
  }, 30_000);

  it('code without dependencies passes the same bundler check and is stored as written (its own line numbers)', async () => {
    const code = handlerCode("api.idToken.setCustomClaim('h', typeof require('crypto'));");
    const built = await f.build(code);
    expect(built.status).toBe('built');
    if (built.status === 'built')
      expect(fs.readFileSync(path.join(f.dataDir, 'artifacts', `${built.artifactSha256}.js`), 'utf8')).toBe(code);
    const syntax = await f.build('exports.onExecutePostLogin = (');
    expect(syntax).toMatchObject({
      status: 'failed',
      errors: [{ id: 'compilation_failed', msg: expect.stringMatching(/SyntaxError: .*\(action\.js:1:\d+\)/) }],
    });
    const named = await f.build(`require('tiny');\n${handlerCode()}`);
    expect(named).toMatchObject({ status: 'failed', errors: [{ msg: "Error: Cannot find module 'tiny'" }] }); // left to run time, as Node would
  });

  it('what the check cannot see, run-time require() and import() of a computed path, reads no file in the sandbox', async () => {
    const r = runtimeFixture();
    try {
      r.bind('t', 'post-login', [
        {
          name: 'computed',
          code: handler(
            [
              "const p = ['', 'proc', 'self', 'environ'].join('/'); const out = [];",
              "try { out.push(String(require(p))); } catch (e) { out.push('require: ' + e.message); }",
              "try { out.push(String(await import(p))); } catch (e) { out.push('import: ' + e.message); }",
              "api.idToken.setCustomClaim('x', out);",
            ].join('\n'),
          ),
        },
      ]);
      const record = await r.executor.execute('t', 'post-login', {});
      expect(record.commands).toEqual([
        {
          action_name: 'computed',
          name: 'idToken.setCustomClaim',
          args: ['x', [expect.stringMatching(/^require: /), expect.stringMatching(/^import: /)]],
        },
      ]);
      expect(JSON.stringify(record)).not.toContain('PATH=');
    } finally {
      await r.close();
    }
  });
});

describe('contained bundler on an install folder with symlinks (realpath checks)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-links-'));
  const install = path.join(root, 'install');
  const outside = path.join(root, 'outside');
  const empty = path.join(root, 'empty');
  beforeAll(() => {
    for (const d of [path.join(install, 'node_modules', 'pkg'), path.join(outside, 'linked-pkg'), empty])
      fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(outside, 'secret.json'), JSON.stringify({ s: SECRET }));
    fs.writeFileSync(path.join(outside, 'linked-pkg', 'index.js'), `module.exports = ${JSON.stringify(SECRET)};`);
    fs.writeFileSync(path.join(install, 'node_modules', 'pkg', 'index.js'), "module.exports = require('./leak.json');");
    fs.symlinkSync(path.join(outside, 'secret.json'), path.join(install, 'node_modules', 'pkg', 'leak.json'));
    fs.symlinkSync(path.join(outside, 'linked-pkg'), path.join(install, 'node_modules', 'linked-pkg'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const bundle = (code: string) =>
    bundleContained(code, { installDir: install, emptyDir: empty, timeoutMs: 10_000, maxArtifactBytes: 1e6 });

  it('refuses a file symlinked out of the folder', async () => {
    await expect(bundle("require('pkg');")).rejects.toThrow(
      /outside the installed dependencies.*\(node_modules\/pkg\/index\.js:1:\d+\)/,
    );
  });

  it('refuses a package folder symlinked out of node_modules', async () => {
    await expect(bundle("require('linked-pkg');")).rejects.toThrow(
      /Cannot import "linked-pkg": it resolves outside the installed dependencies \(action\.js:1:8\)/,
    );
  });

  it('cancels a bundle past its time limit', async () => {
    await expect(
      bundleContained("require('crypto');", { emptyDir: empty, timeoutMs: 0, maxArtifactBytes: 1e6 }),
    ).rejects.toMatchObject({ id: 'build_timeout' });
  });
});
