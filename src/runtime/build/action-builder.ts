/**
 * The build step (management-api.md §3.2, decision 5): the code must compile and export the trigger's handler.
 * npm dependencies are installed from the registry into a content-addressed cache under DATA_DIR/npm-cache and
 * bundled with the code by esbuild into ONE artifact, stored as DATA_DIR/artifacts/<sha256>.js. A version runs
 * exactly its artifact; a replica that lacks the file rebuilds it from the same inputs (resolved exact versions).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import ivm from 'isolated-vm';
import { handlerFor } from '../../triggers/trigger-catalogue';
import type { ActionBuilder, BuildRequest, BuildResult, Dependency } from '../runtime.ports';
import { wrapModule } from '../sandbox/bootstrap';
import { NpmInstaller } from './npm-installer';

const EXPORT_CHECK_TIMEOUT_MS = 2000;

export class EsbuildActionBuilder implements ActionBuilder {
  private readonly artifactsDir: string;
  private readonly memo = new Map<string, string>();

  constructor(dataDir: string, private readonly npm: NpmInstaller, private readonly memoryLimitMb: number) {
    this.artifactsDir = path.join(dataDir, 'artifacts');
    fs.mkdirSync(this.artifactsDir, { recursive: true });
  }

  async build(request: BuildRequest): Promise<BuildResult> {
    const handler = handlerFor(request.triggerId);
    if (!handler) return failed('unknown_trigger', `Unknown trigger "${request.triggerId}".`);
    let installed: { dir: string; resolved: Dependency[] } | undefined;
    if (request.dependencies.length > 0) {
      try {
        installed = await this.npm.install(request.dependencies);
      } catch (e) {
        return failed('dependency_install_failed', `Installing dependencies failed: ${(e as Error).message}`);
      }
    }
    let artifact: string;
    try {
      artifact = installed ? await bundle(request.code, installed.dir) : request.code;
    } catch (e) {
      return failed('compilation_failed', `Compilation failed: ${(e as Error).message}`);
    }
    const problem = await this.checkModule(artifact, handler);
    if (problem) return failed('compilation_failed', problem);
    const sha = createHash('sha256').update(artifact).digest('hex');
    this.store(sha, artifact);
    this.memo.set(requestKey(request.code, installed?.resolved ?? []), artifact);
    return { status: 'built', artifactSha256: sha, resolvedDependencies: installed?.resolved ?? [] };
  }

  /** The artifact a version runs: from memory, else rebuilt from its code and exact dependencies. */
  async artifactFor(code: string, dependencies: Dependency[]): Promise<string> {
    if (dependencies.length === 0) return code;
    const key = requestKey(code, dependencies);
    const known = this.memo.get(key);
    if (known) return known;
    const installed = await this.npm.install(dependencies);
    const artifact = await bundle(code, installed.dir);
    this.memo.set(key, artifact);
    return artifact;
  }

  /** Runs the module's top level in a throwaway isolate: it must compile, not throw, and export `handler`. */
  private async checkModule(code: string, handler: string): Promise<string | undefined> {
    const isolate = new ivm.Isolate({ memoryLimit: this.memoryLimitMb });
    try {
      const context = await isolate.createContext();
      const script = await isolate.compileScript(
        `globalThis.__module = { exports: {} }; globalThis.require = (n) => { throw new Error("Cannot find module '" + n + "'"); };
         globalThis.console = { log() {}, info() {}, warn() {}, error() {}, debug() {} };\n${wrapModule(code)}\n typeof globalThis.__module.exports[${JSON.stringify(handler)}]`,
        { filename: 'action.js' },
      );
      const kind = await script.run(context, { timeout: EXPORT_CHECK_TIMEOUT_MS });
      if (kind !== 'function') return `The code must export the handler "${handler}" (exports.${handler} = async (event, api) => { … }).`;
      return undefined;
    } catch (e) {
      const error = e as Error;
      return `${error.name === 'Error' && /timed out/.test(error.message) ? 'Module evaluation timed out' : `${error.name}: ${error.message}`}`;
    } finally {
      isolate.dispose();
    }
  }

  private store(sha: string, artifact: string): void {
    const file = path.join(this.artifactsDir, `${sha}.js`);
    if (fs.existsSync(file)) return;
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, artifact);
    fs.renameSync(tmp, file);
  }
}

function failed(id: string, msg: string): BuildResult {
  return { status: 'failed', errors: [{ id, msg }] };
}

function requestKey(code: string, deps: Dependency[]): string {
  const sorted = [...deps].sort((a, b) => a.name.localeCompare(b.name)).map((d) => `${d.name}@${d.version}`);
  return createHash('sha256').update(JSON.stringify([code, sorted])).digest('hex');
}

async function bundle(code: string, resolveDir: string): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir, loader: 'js', sourcefile: 'action.js' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    nodePaths: [path.join(resolveDir, 'node_modules')],
  });
  return result.outputFiles[0].text;
}
