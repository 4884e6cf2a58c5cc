/**
 * The build step (management-api.md §3.2, decision 5): the code must compile (CommonJS), load without throwing,
 * and export the trigger's handler. npm dependencies are installed from the registry into a content-addressed
 * cache under DATA_DIR/npm-cache and bundled with the code by esbuild into ONE artifact, stored as
 * DATA_DIR/artifacts/<sha256>.js. Building the same request again yields the same artifact (esbuild runs relative
 * to the install directory, so no absolute path of this machine ends up in it). A version runs exactly its
 * artifact: `artifactForVersion` finds it in memory or on disk, and rebuilds it from the version's code and exact
 * dependencies when this replica does not have it.
 */
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { handlerFor } from '../../triggers/trigger-catalogue';
import { LruMap } from '../lru-map';
import type { ActionBuilder, BuildRequest, BuildResult, Dependency, RunnableVersion } from '../runtime.ports';
import type { Artifact } from '../sandbox/isolate-pool';
import { ModuleChecker } from '../sandbox/module-check';
import { ArtifactStore, sourceKey } from './artifact-store';
import { NpmInstaller } from './npm-installer';
import { optionalRequiresPlugin } from './optional-requires.plugin';

const MEMO_CAPACITY = 512;

export class EsbuildActionBuilder implements ActionBuilder {
  readonly store: ArtifactStore;
  private readonly bySource = new LruMap<string, Artifact>(MEMO_CAPACITY);
  private readonly byVersion = new LruMap<string, Artifact>(MEMO_CAPACITY);
  private readonly inFlight = new Map<string, Promise<Artifact>>();
  private readonly checker: ModuleChecker;

  constructor(dataDir: string, private readonly npm: NpmInstaller, memoryLimitMb: number) {
    this.store = new ArtifactStore(path.join(dataDir, 'artifacts'));
    this.checker = new ModuleChecker(memoryLimitMb);
  }

  /** Frees the isolates kept warm for load checks. */
  dispose(): void {
    this.checker.dispose();
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
    let code: string;
    try {
      code = installed ? await bundle(request.code, installed.dir) : request.code;
    } catch (e) {
      return failed('compilation_failed', `Compilation failed: ${esbuildMessage(e)}`);
    }
    const problem = await this.checker.check(request.tenantId, code, handler);
    if (problem) return failed('compilation_failed', problem);
    const resolved = installed?.resolved ?? [];
    const source = sourceKey(request.code, resolved);
    const artifact = this.store.put(code, source);
    this.bySource.set(source, artifact);
    return { status: 'built', artifactSha256: artifact.sha256, resolvedDependencies: resolved };
  }

  /** The artifact a deployed version runs (versions are immutable, so it is remembered by version id). */
  async artifactForVersion(version: RunnableVersion): Promise<Artifact> {
    const known = this.byVersion.get(version.versionId);
    if (known) return known;
    const artifact = await this.artifactFor(version.code, version.dependencies);
    this.byVersion.set(version.versionId, artifact);
    return artifact;
  }

  /** The artifact of this code and these exact dependencies: from memory, from disk, else rebuilt. */
  async artifactFor(code: string, dependencies: Dependency[]): Promise<Artifact> {
    const source = sourceKey(code, dependencies);
    const known = this.bySource.get(source) ?? this.store.lookup(source);
    if (known) {
      this.bySource.set(source, known);
      return known;
    }
    const running = this.inFlight.get(source);
    if (running) return running;
    const job = this.rebuild(code, dependencies, source).finally(() => this.inFlight.delete(source));
    this.inFlight.set(source, job);
    return job;
  }

  private async rebuild(code: string, dependencies: Dependency[], source: string): Promise<Artifact> {
    const bundled = dependencies.length > 0 ? await bundle(code, (await this.npm.install(dependencies)).dir) : code;
    const artifact = this.store.put(bundled, source);
    this.bySource.set(source, artifact);
    return artifact;
  }
}

function failed(id: string, msg: string): BuildResult {
  return { status: 'failed', errors: [{ id, msg }] };
}

function esbuildMessage(e: unknown): string {
  const errors = (e as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors;
  if (!errors?.length) return (e as Error).message;
  return errors.slice(0, 3).map((x) => (x.location ? `${x.text} (action.js:${x.location.line}:${x.location.column})` : x.text)).join('; ');
}

/** One CommonJS file holding the code and every module it requires from the install directory. */
async function bundle(code: string, installDir: string): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: installDir, loader: 'js', sourcefile: 'action.js' },
    absWorkingDir: installDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    plugins: [optionalRequiresPlugin()],
  });
  return result.outputFiles[0].text;
}
