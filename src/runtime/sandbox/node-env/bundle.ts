/**
 * The in-isolate Node environment (./isolate/*.js plus the npm polyfills it uses: buffer, events, util,
 * readable-stream, string_decoder, path-browserify, querystring-es3, assert, url, browserify-zlib, @noble/hashes)
 * bundled by esbuild into one script, once per process on first use. The script evaluates to the environment's
 * factory (see isolate/entry.js). Node built-in names required inside the polyfills resolve to the isolate's own
 * modules, never to the host's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

/**
 * Built-in names the polyfills require that have no npm package of that name here, and the isolate module that
 * serves each. (Names that do have one — buffer, util, url, assert, events, string_decoder, punycode — resolve to
 * that package, the same one the isolate's own module wraps; an alias would also capture its subpaths.)
 */
const BUILTIN_ALIASES: Record<string, string> = {
  stream: './stream.js',
  crypto: './crypto.js',
  process: './process.js',
  zlib: './zlib.js',
  timers: './timers.js',
  path: './path.js',
  querystring: 'querystring-es3',
};

let cached: string | undefined;

/**
 * The isolate sources: next to this file (src/, or dist/ where tsc copies them with allowJs), else the package's
 * src/ tree found upwards from this file, from the working directory, or from the installed packages (a build or
 * a test bundle that did not copy them).
 */
function isolateDir(): string {
  const here = path.join(__dirname, 'isolate');
  if (fs.existsSync(path.join(here, 'entry.js'))) return here;
  const starts = [__dirname, process.cwd()];
  try {
    starts.push(path.dirname(require.resolve('esbuild/package.json')));
  } catch {
    // not resolvable from here: the other starting points remain
  }
  for (const start of starts) {
    for (let dir = start; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'src', 'runtime', 'sandbox', 'node-env', 'isolate');
      if (fs.existsSync(path.join(candidate, 'entry.js'))) return candidate;
    }
  }
  throw new Error(
    `the sandbox's Node environment sources are missing (looked for isolate/entry.js from ${starts.join(', ')})`,
  );
}

export function nodeEnvSource(): string {
  if (cached !== undefined) return cached;
  const dir = isolateDir();
  const result = esbuild.buildSync({
    entryPoints: [path.join(dir, 'entry.js')],
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    minify: true,
    keepNames: true,
    define: { 'process.env.NODE_DEBUG': 'undefined', 'process.env.READABLE_STREAM': 'undefined' },
    absWorkingDir: dir,
    alias: Object.fromEntries(
      Object.entries(BUILTIN_ALIASES).flatMap(([name, target]) => [
        [name, target],
        [`node:${name}`, target],
      ]),
    ),
  });
  cached = `(function () { const module = { exports: {} }; const exports = module.exports;\n${result.outputFiles[0].text}\nreturn module.exports; })()`;
  return cached;
}
