/**
 * Bundles an action with esbuild so that nothing but the action's own code and its installed dependency tree can
 * end up in the artifact (docs/security.md, "Build containment"). A plugin answers every resolution and every load
 * itself:
 * - Node built-in modules (`crypto`, `node:buffer`, …) stay external: the sandbox provides them at run time;
 * - a package name resolves only to a file under the install folder's `node_modules`, checked on its real path
 *   (a symlink leaving the folder is refused); a relative path only from a dependency's file, to a file that is
 *   still under that `node_modules`; the action itself is one file and imports packages by name only;
 * - what is not installed is left as a run-time `require()` (as Node would: packages often require optional
 *   modules in a try block), which the sandbox answers without any file;
 * - absolute paths, import attributes (`with { type: … }`) and every file that is not JavaScript or JSON are refused.
 * Code without dependencies goes through the same plugin, with no `node_modules` at all. Errors name only
 * `action.js:line:col` or `node_modules/<pkg>/<file>`, never a path of this machine.
 */
import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { settleWithin } from '../../shared/settle-within';
import { BuildFailure } from './build-failure';

export interface BundleOptions {
  /** The dependency install folder (it holds `node_modules`), or undefined for code without dependencies. */
  installDir?: string;
  /** An empty folder esbuild may use as its working directory when there is no install folder. */
  emptyDir: string;
  timeoutMs: number;
  maxArtifactBytes: number;
}

const LOADERS: Record<string, esbuild.Loader> = { '.js': 'js', '.cjs': 'js', '.mjs': 'js', '.json': 'json' };
const ALLOWED_KINDS = new Set<esbuild.ImportKind>(['import-statement', 'require-call', 'dynamic-import']);
const PLUGIN = 'containment';
const INNER = Symbol('containment.inner');

/** One CommonJS file holding the action and what it imports, built within the time and size limits. */
export async function bundleContained(code: string, options: BundleOptions): Promise<string> {
  const workDir = options.installDir ?? options.emptyDir;
  const context = await esbuild.context({
    stdin: { contents: code, resolveDir: workDir, loader: 'js', sourcefile: 'action.js' },
    absWorkingDir: workDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    tsconfigRaw: {},
    loader: LOADERS,
    resolveExtensions: ['.js', '.cjs', '.mjs', '.json'],
    preserveSymlinks: true, // the plugin sees the link and checks where it really leads
    plugins: [containment(options.installDir)],
  });
  const late = () => new BuildFailure('build_timeout', `Bundling did not finish within ${options.timeoutMs} ms.`);
  try {
    const started = performance.now();
    const result = await settleWithin(context.rebuild(), options.timeoutMs, () => {
      void context.cancel();
      throw late();
    });
    // esbuild's answer can come in before the timer that was already due: the limit is the limit
    if (performance.now() - started >= options.timeoutMs) throw late();
    const output = result.outputFiles?.[0];
    if (!output) throw new BuildFailure('compilation_failed', 'Compilation failed: esbuild produced no output.');
    if (output.contents.byteLength > options.maxArtifactBytes) {
      throw new BuildFailure(
        'artifact_too_large',
        `The bundled action is ${output.contents.byteLength} bytes, more than the limit of ${options.maxArtifactBytes}.`,
      );
    }
    return output.text;
  } catch (e) {
    if (e instanceof BuildFailure) throw e;
    throw new BuildFailure('compilation_failed', `Compilation failed: ${describeErrors(e)}`);
  } finally {
    await context.dispose();
  }
}

function containment(installDir: string | undefined): esbuild.Plugin {
  const modulesDir = installDir ? realModulesDir(installDir) : undefined;
  const inside = (file: string) => modulesDir !== undefined && file.startsWith(modulesDir + path.sep);
  return {
    name: PLUGIN,
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if ((args.pluginData as { [INNER]?: boolean } | undefined)?.[INNER]) return undefined; // esbuild's own resolver, checked below
        const refuse = (why: string) => ({ errors: [{ text: `Cannot import ${shown(args.path)}: ${why}` }] });
        if (Object.keys(args.with ?? {}).length > 0) return refuse('import attributes (with { … }) are not allowed');
        if (!ALLOWED_KINDS.has(args.kind)) return refuse(`${args.kind} is not allowed`);
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        if (path.isAbsolute(args.path) || path.win32.isAbsolute(args.path) || /^[a-z][a-z0-9+.-]*:/i.test(args.path)) {
          return refuse('only package names and relative paths inside a package can be imported');
        }
        const relative = args.path === '.' || args.path === '..' || /^\.\.?[\\/]/.test(args.path);
        if (!relative && args.path.split(/[\\/]/).includes('..'))
          return refuse('a package path cannot climb out of its package');
        const fromAction = !inside(args.importer);
        if (relative && fromAction) return refuse('an action is one file: import packages by name');
        // What is not installed stays a run-time require(), as Node leaves it (optional requires in try blocks);
        // the sandbox answers it without any file.
        const runTime = { path: args.path, external: true };
        if (!modulesDir) return runTime;
        if (relative && !inside(path.resolve(args.resolveDir, args.path)))
          return refuse('it leaves the package folder');
        const result = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { [INNER]: true },
        });
        if (result.errors.length > 0 || result.external || result.namespace !== 'file' || !result.path) return runTime;
        if (!inside(result.path)) return runTime; // found only in a node_modules above the install folder: not installed
        const real = realPath(result.path);
        if (!real || !inside(real)) return refuse('it resolves outside the installed dependencies');
        if (!LOADERS[path.extname(real)]) return refuse('only JavaScript and JSON files can be imported');
        return { path: real, namespace: 'file' };
      });
      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const real = realPath(args.path);
        const loader = real ? LOADERS[path.extname(real)] : undefined;
        if (!real || !inside(real) || !loader)
          return { errors: [{ text: 'Refused to load a file outside the installed dependencies.' }] };
        return { contents: fs.readFileSync(real), loader, resolveDir: path.dirname(real) };
      });
    },
  };
}

/** The import as the error shows it: package names and paths inside a package, never a path that leaves it. */
function shown(specifier: string): string {
  if (path.isAbsolute(specifier) || path.win32.isAbsolute(specifier)) return 'an absolute path';
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return 'a URL';
  if (specifier.split(/[\\/]/).includes('..')) return 'a path climbing out of its folder';
  return `"${specifier.slice(0, 100)}"`;
}

function realModulesDir(installDir: string): string {
  return path.join(fs.realpathSync(installDir), 'node_modules');
}

function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

/** esbuild's errors as `text (file:line:col)`, where file is `action.js` or `node_modules/<pkg>/<file>` only. */
function describeErrors(e: unknown): string {
  const errors = (e as { errors?: esbuild.Message[] }).errors;
  if (!errors?.length) return 'the bundler failed.';
  return errors
    .slice(0, 3)
    .map((x) => {
      const kind = x.pluginName ? '' : 'SyntaxError: ';
      return `${kind}${x.text}${x.location ? ` (${safeFile(x.location.file)}:${x.location.line}:${x.location.column})` : ''}`;
    })
    .join('; ');
}

function safeFile(file: string): string {
  if (file === 'action.js' || file === '<stdin>') return 'action.js';
  const at = file.replace(/\\/g, '/').lastIndexOf('node_modules/');
  return at >= 0 && !file.includes('..', at) ? file.replace(/\\/g, '/').slice(at) : 'a dependency';
}
