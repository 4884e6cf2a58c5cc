/**
 * Runs a TypeScript entry file in a separate Node process, for tests that need a real second process: a child that
 * gets SIGKILLed mid-write, a second service replica, a CLI next to a running service.
 *
 *   const child = await spawnTs('test/event-store/fixtures/crash-appender.ts', { args: [file] });
 *   await child.waitForLine((line) => line.startsWith('{'));
 *   await child.kill('SIGKILL');
 *
 * The entry is bundled once per test file with esbuild: only the project's own files go into the bundle, every npm
 * package stays external (native modules, gRPC, and Nest's optional peer packages that a bundler cannot resolve).
 * TypeScript is compiled by SWC inside the bundle so decorator metadata is emitted exactly as under Jest, which
 * Nest's dependency injection needs. Source maps are inline and the child runs with --enable-source-maps.
 */
import { transform as swcTransform } from '@swc/core';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { trackChild } from './child-registry';

const LINE_DEADLINE_MS = 20_000;
/** The bundle lives in a temp dir, so the external packages are found through NODE_PATH. */
const PROJECT_NODE_MODULES = path.resolve(__dirname, '..', '..', 'node_modules');

export interface SpawnTsOptions {
  /** Arguments after the script (process.argv.slice(2) in the child). */
  args?: readonly string[];
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** Extra node flags, e.g. ['--expose-gc']. */
  nodeArgs?: readonly string[];
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TsProcess {
  readonly child: ChildProcess;
  /** Every complete line printed on stdout so far. */
  readonly lines: readonly string[];
  /** Everything printed on stderr so far. */
  stderr(): string;
  /** Calls `listener` for each new complete stdout line; returns an unsubscribe function. */
  onLine(listener: (line: string) => void): () => void;
  /** The first stdout line (already printed or still to come) matching `predicate`; rejects if the child exits first. */
  waitForLine(predicate: (line: string) => boolean, deadlineMs?: number): Promise<string>;
  /** Settles when the child has exited and its output has been read. */
  readonly exited: Promise<ProcessExit>;
  /** Sends `signal` (default SIGTERM) unless the child already exited, and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
}

const bundles = new Map<string, Promise<string>>();
let bundleDir: string | undefined;
let bundleCount = 0;

/** Bundles `entry` (relative to the project root or absolute) into a temporary CommonJS file; cached per entry. */
export function bundleTs(entry: string): Promise<string> {
  const absolute = path.resolve(entry);
  let bundle = bundles.get(absolute);
  if (!bundle) {
    bundle = buildBundle(absolute);
    bundles.set(absolute, bundle);
  }
  return bundle;
}

/** Deletes the bundles written so far (also done when the process exits). */
export function removeBundles(): void {
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
  bundleDir = undefined;
  bundles.clear();
}

export async function spawnTs(entry: string, options: SpawnTsOptions = {}): Promise<TsProcess> {
  const outfile = await bundleTs(entry);
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', '--enable-source-maps', ...(options.nodeArgs ?? []), outfile, ...(options.args ?? [])],
    { cwd: options.cwd, env: childEnvironment(options.env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  trackChild(child);
  return watchProcess(child);
}

function childEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const nodePath = [PROJECT_NODE_MODULES, process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
  return { ...process.env, NODE_PATH: nodePath, ...extra };
}

function watchProcess(child: ChildProcess): TsProcess {
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let partial = '';
  let stderr = '';
  let exit: ProcessExit | undefined;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const listener of [...listeners]) listener(line);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('close', (code, signal) => {
      // after 'exit' and after stdout/stderr are drained
      exit = { code, signal };
      resolve(exit);
    });
  });
  const onLine = (listener: (line: string) => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  return {
    child,
    lines,
    stderr: () => stderr,
    onLine,
    exited,
    waitForLine: (predicate, deadlineMs = LINE_DEADLINE_MS) => {
      const already = lines.find(predicate);
      if (already !== undefined) return Promise.resolve(already);
      return new Promise<string>((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          unsubscribe();
          settle();
        };
        const unsubscribe = onLine((line) => {
          if (predicate(line)) finish(() => resolve(line));
        });
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(new Error(`no matching line from pid ${child.pid} within ${deadlineMs} ms; stderr:\n${stderr}`)),
            ),
          deadlineMs,
        );
        void exited.then((e) =>
          finish(() =>
            reject(
              new Error(
                `pid ${child.pid} exited (code ${e.code}, signal ${e.signal}) before printing a matching line; stderr:\n${stderr}`,
              ),
            ),
          ),
        );
      });
    },
    kill: async (signal = 'SIGTERM') => {
      if (!exit) child.kill(signal);
      return exited;
    },
  };
}

async function buildBundle(entry: string): Promise<string> {
  if (!bundleDir) {
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spawn-ts-'));
    process.once('exit', removeBundles);
  }
  const outfile = path.join(bundleDir, `${path.basename(entry, '.ts')}-${++bundleCount}.js`);
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external', // every npm package, native or not, loads from node_modules as usual
    sourcemap: 'inline',
    outfile,
    logLevel: 'silent',
    plugins: [swcTypeScript],
  });
  return outfile;
}

/** Compiles project .ts files with SWC (legacy decorators + metadata, like .swcrc) before esbuild bundles them. */
const swcTypeScript: esbuild.Plugin = {
  name: 'swc-typescript',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`) || args.path.endsWith('.d.ts')) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      const output = await swcTransform(source, {
        filename: args.path,
        swcrc: false,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' }, // a type-only import kept by decorator metadata is then just undefined at run time
        sourceMaps: 'inline',
      });
      return { contents: output.code, loader: 'js' };
    });
  },
};
