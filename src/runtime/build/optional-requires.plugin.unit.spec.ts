import * as esbuild from 'esbuild';
import { optionalRequiresPlugin } from './optional-requires.plugin';

async function bundle(code: string): Promise<string> {
  const r = await esbuild.build({ stdin: { contents: code, resolveDir: __dirname, loader: 'js' }, bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'silent', plugins: [optionalRequiresPlugin()] });
  return r.outputFiles[0].text;
}

function run(code: string): unknown {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports;
}

describe('optional requires plugin', () => {
  it('an unresolvable require inside try/catch bundles and throws Cannot find module only when reached', async () => {
    const out = await bundle(`
      let proxy; try { proxy = require('superagent-proxy'); } catch (e) { proxy = e.code + ': ' + e.message; }
      exports.proxy = proxy;
      exports.later = () => require('edge');
      exports.builtin = typeof require('node:crypto').createHash;`);
    const x = run(out) as { proxy: string; later: () => unknown; builtin: string };
    expect(x.proxy).toBe("MODULE_NOT_FOUND: Cannot find module 'superagent-proxy'");
    expect(() => x.later()).toThrow("Cannot find module 'edge'");
    expect(x.builtin).toBe('function');
  });

  it('resolvable requires are bundled as before, and a static import that cannot resolve still fails the build', async () => {
    const out = await bundle(`exports.v = require('./optional-requires.plugin').optionalRequiresPlugin.name;`);
    expect((run(out) as { v: string }).v).toBe('optionalRequiresPlugin');
    await expect(bundle(`import x from 'no-such-package-here'; export default x;`)).rejects.toThrow(/Could not resolve "no-such-package-here"/);
  });
});
