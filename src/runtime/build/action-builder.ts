/**
 * The build step (docs/api.md, "Rules": builds): the code must compile (CommonJS), load without throwing,
 * and export the trigger's handler. npm dependencies are installed from the configured registry only, into an
 * install folder under BUILD_DIR keyed by the verified tree (npm-installer.ts), and bundled with the code by esbuild
 * into ONE artifact, stored as DATA_DIR/artifacts/<sha256>.js. Every build, with or without dependencies, goes
 * through the contained bundler (contained-bundler.ts): nothing but the action's code and its installed packages can
 * end up in an artifact (docs/security.md, "Build containment"); code without dependencies passes the same check and
 * is stored as written. Installs and bundles each wait for a slot of a
 * bounded queue (BUILD_CONCURRENCY). Building the same request again yields the same artifact (esbuild runs relative
 * to the install folder, so no absolute path of this machine ends up in it). A version runs exactly its artifact:
 * `artifactForVersion` finds it in memory or on disk, and rebuilds it from the version's code and exact
 * dependencies when this replica does not have it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '../../config/config';
import { handlerFor } from '../../triggers/trigger-catalogue';
import {
  ActionBuilder,
  BuildRequest,
  BuildResult,
  BuildStoppedError,
  Dependency,
  RunnableVersion,
} from '../runtime.ports';
import type { Artifact } from '../sandbox/context-boot';
import { ModuleChecker } from '../sandbox/module-check';
import { ArtifactStore, sourceKey } from './artifact-store';
import { BuildFailure } from './build-failure';
import { BuildQueue, QueueStatus } from './build-queue';
import { bundleContained } from './contained-bundler';
import { InstallFolders } from './install-folders';
import { npmError, NpmInstaller } from './npm-installer';

/** Artifacts kept in memory per memo, by count and by the size of their code (one may be up to BUILD_MAX_ARTIFACT_KB). */
const MEMO_CAPACITY = 512;
const MEMO_CODE_CHARS = 64 * 1024 * 1024;
const memo = () =>
  new LRUCache<string, Artifact>({
    max: MEMO_CAPACITY,
    maxSize: MEMO_CODE_CHARS,
    sizeCalculation: (artifact) => Math.max(1, artifact.code.length),
  });

export class EsbuildActionBuilder implements ActionBuilder {
  readonly store: ArtifactStore;
  private readonly bySource = memo();
  private readonly byVersion = memo();
  private readonly inFlight = new Map<string, Promise<Artifact>>();
  private readonly checker: ModuleChecker;

  constructor(private readonly o: BuilderOptions) {
    // Install folders of the builds before BUILD_DIR lived in DATA_DIR/npm-cache: nothing reads them any more.
    fs.rmSync(path.join(o.dataDir, 'npm-cache'), { recursive: true, force: true });
    this.store = new ArtifactStore(path.join(o.dataDir, 'artifacts'));
    this.checker = new ModuleChecker(o.memoryLimitMb);
  }

  /** How busy the build step is (npm installs and bundles, running and waiting) and the install folders' disk use. */
  status(): {
    installs: QueueStatus;
    bundles: QueueStatus;
    installFolders: { count: number; bytes: number; budgetBytes: number };
  } {
    const folders = this.o.folders.list();
    return {
      installs: this.o.installQueue.status(),
      bundles: this.o.bundleQueue.status(),
      installFolders: {
        count: folders.length,
        bytes: folders.reduce((sum, f) => sum + f.bytes, 0),
        budgetBytes: this.o.folders.diskBudgetBytes,
      },
    };
  }

  /** Kills the npm installs still running (a build in flight then throws BuildStoppedError, it has no outcome) and
   *  frees the isolates kept warm for load checks. */
  dispose(): void {
    this.o.npm.close();
    this.checker.dispose();
  }

  async build(request: BuildRequest): Promise<BuildResult> {
    const handler = handlerFor(request.triggerId);
    if (!handler) return failed('unknown_trigger', `Unknown trigger "${request.triggerId}".`);
    let made: { code: string; resolved: Dependency[] };
    try {
      made = await this.make(request.code, request.dependencies);
    } catch (e) {
      if (e instanceof BuildStoppedError) throw e;
      const failure = asFailure(e, this.o.folders.root);
      return failed(failure.id, failure.message);
    }
    const problem = await this.checker.check(request.tenantId, made.code, handler);
    if (problem) return failed('compilation_failed', problem);
    const source = sourceKey(request.code, made.resolved);
    const artifact = this.store.put(made.code, source);
    this.bySource.set(source, artifact);
    return { status: 'built', artifactSha256: artifact.sha256, resolvedDependencies: made.resolved };
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
    let made: { code: string };
    try {
      made = await this.make(code, dependencies);
    } catch (e) {
      throw new Error(asFailure(e, this.o.folders.root).message);
    }
    const artifact = this.store.put(made.code, source);
    this.bySource.set(source, artifact);
    return artifact;
  }

  /** Installs the dependencies (if any) and bundles the code with them, each in its queue. */
  private async make(code: string, dependencies: Dependency[]): Promise<{ code: string; resolved: Dependency[] }> {
    let installed;
    try {
      installed = dependencies.length > 0 ? await this.o.npm.install(dependencies) : undefined;
    } catch (e) {
      if (e instanceof BuildStoppedError) throw e;
      const failure = asFailure(e, this.o.folders.root);
      throw new BuildFailure(
        failure.id,
        failure.id === 'build_timeout' ? failure.message : `Installing dependencies failed: ${failure.message}`,
      );
    }
    try {
      const bundled = await this.o.bundleQueue.run(() =>
        bundleContained(code, {
          installDir: installed?.dir,
          emptyDir: this.o.folders.empty,
          timeoutMs: this.o.bundleTimeoutMs,
          maxArtifactBytes: this.o.maxArtifactBytes,
        }),
      );
      // Without dependencies the bundle is only the check: every import was a built-in or refused, so the code runs
      // as written and its errors keep the tenant's own line numbers (what is left, run-time require() and import(),
      // the sandbox answers without any file; docs/security.md).
      return { code: installed ? bundled : code, resolved: installed?.resolved ?? [] };
    } finally {
      installed?.release();
    }
  }
}

export interface BuilderOptions {
  dataDir: string;
  memoryLimitMb: number;
  npm: NpmInstaller;
  folders: InstallFolders;
  installQueue: BuildQueue;
  bundleQueue: BuildQueue;
  bundleTimeoutMs: number;
  maxArtifactBytes: number;
}

/** The build step as the configuration describes it (BUILD_* variables; docs/security.md). */
export function actionBuilderFor(config: AppConfig): EsbuildActionBuilder {
  const b = config.build;
  const folders = new InstallFolders(b.dir, b.diskBudgetMb * 1024 * 1024);
  const installQueue = new BuildQueue(b.concurrency);
  const npm = new NpmInstaller({
    registry: config.runtime.npmRegistry,
    folders,
    queue: installQueue,
    maxInstallBytes: b.maxInstallMb * 1024 * 1024,
    timeoutMs: b.installTimeoutMs,
  });
  return new EsbuildActionBuilder({
    dataDir: config.dataDir,
    memoryLimitMb: config.runtime.memoryLimitMb,
    npm,
    folders,
    installQueue,
    bundleQueue: new BuildQueue(b.concurrency),
    bundleTimeoutMs: b.bundleTimeoutMs,
    maxArtifactBytes: b.maxArtifactKb * 1024,
  });
}

function failed(id: string, msg: string): BuildResult {
  return { status: 'failed', errors: [{ id, msg }] };
}

/** A failure the tenant may read: BuildFailures as they are, anything else without a path of this machine. */
function asFailure(e: unknown, buildDir: string): BuildFailure {
  if (e instanceof BuildFailure) return e;
  return new BuildFailure(
    'platform_error',
    `The build could not run: ${npmError(String((e as Error)?.message ?? e), [buildDir])}`,
  );
}
