"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.nodeEnvSource = nodeEnvSource;
/**
 * The in-isolate Node environment (./isolate/*.js plus the npm polyfills it uses: buffer, events, util,
 * readable-stream, string_decoder, path-browserify, querystring-es3, assert, url, browserify-zlib, @noble/hashes)
 * bundled by esbuild into one script, once per process on first use. The script evaluates to the environment's
 * factory (see isolate/entry.js). Node built-in names required inside the polyfills resolve to the isolate's own
 * modules, never to the host's.
 */
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const esbuild = __importStar(require("esbuild"));
/**
 * Built-in names the polyfills require that have no npm package of that name here, and the isolate module that
 * serves each. (Names that do have one — buffer, util, url, assert, events, string_decoder, punycode — resolve to
 * that package, the same one the isolate's own module wraps; an alias would also capture its subpaths.)
 */
const BUILTIN_ALIASES = {
    stream: './stream.js', crypto: './crypto.js', process: './process.js', zlib: './zlib.js', timers: './timers.js', path: './path.js', querystring: 'querystring-es3',
};
let cached;
/**
 * The isolate sources: next to this file (src/, or dist/ where tsc copies them with allowJs), else the package's
 * src/ tree found upwards from this file, from the working directory, or from the installed packages (a build or
 * a test bundle that did not copy them).
 */
function isolateDir() {
    const here = path.join(__dirname, 'isolate');
    if (fs.existsSync(path.join(here, 'entry.js')))
        return here;
    const starts = [__dirname, process.cwd()];
    try {
        starts.push(path.dirname(require.resolve('esbuild/package.json')));
    }
    catch {
        // not resolvable from here: the other starting points remain
    }
    for (const start of starts) {
        for (let dir = start; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
            const candidate = path.join(dir, 'src', 'runtime', 'sandbox', 'node-env', 'isolate');
            if (fs.existsSync(path.join(candidate, 'entry.js')))
                return candidate;
        }
    }
    throw new Error(`the sandbox's Node environment sources are missing (looked for isolate/entry.js from ${starts.join(', ')})`);
}
function nodeEnvSource() {
    if (cached !== undefined)
        return cached;
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
        alias: Object.fromEntries(Object.entries(BUILTIN_ALIASES).flatMap(([name, target]) => [[name, target], [`node:${name}`, target]])),
    });
    cached = `(function () { const module = { exports: {} }; const exports = module.exports;\n${result.outputFiles[0].text}\nreturn module.exports; })()`;
    return cached;
}
//# sourceMappingURL=bundle.js.map