/**
 * esbuild plugin: a `require('x')` that cannot be resolved does not fail the bundle; it becomes a module that
 * throws Node's own error (`Cannot find module 'x'`, code MODULE_NOT_FOUND) when — and only if — it is reached.
 * That is how Node treats it: packages such as superagent (superagent-proxy) or auth0-extension-tools (edge) keep
 * such requires inside try/catch for optional features. Static `import`s that cannot be resolved still fail the
 * build, as they would fail Node at load.
 */
import type { Plugin } from 'esbuild';

const NAMESPACE = 'optional-require-missing';
const SKIP = Symbol.for('open-actions.optional-requires.resolving');

export function optionalRequiresPlugin(): Plugin {
  return {
    name: 'optional-requires',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'require-call' || (args.pluginData as { [SKIP]?: boolean } | undefined)?.[SKIP]) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { [SKIP]: true } });
        if (resolved.errors.length === 0) return { ...resolved, errors: undefined, warnings: resolved.warnings };
        return { path: args.path, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: `var e = new Error(${JSON.stringify(`Cannot find module '${args.path}'`)}); e.code = 'MODULE_NOT_FOUND'; throw e;`,
        loader: 'js',
      }));
    },
  };
}
