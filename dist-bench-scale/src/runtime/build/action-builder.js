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
exports.EsbuildActionBuilder = void 0;
exports.actionBuilderFor = actionBuilderFor;
/**
 * The build step (management-api.md §3.2, decision 5): the code must compile (CommonJS), load without throwing,
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
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const trigger_catalogue_1 = require("../../triggers/trigger-catalogue");
const lru_map_1 = require("../lru-map");
const module_check_1 = require("../sandbox/module-check");
const artifact_store_1 = require("./artifact-store");
const build_failure_1 = require("./build-failure");
const build_queue_1 = require("./build-queue");
const contained_bundler_1 = require("./contained-bundler");
const install_folders_1 = require("./install-folders");
const npm_installer_1 = require("./npm-installer");
const MEMO_CAPACITY = 512;
class EsbuildActionBuilder {
    o;
    store;
    bySource = new lru_map_1.LruMap(MEMO_CAPACITY);
    byVersion = new lru_map_1.LruMap(MEMO_CAPACITY);
    inFlight = new Map();
    checker;
    constructor(o) {
        this.o = o;
        // Install folders of the builds before BUILD_DIR lived in DATA_DIR/npm-cache: nothing reads them any more.
        fs.rmSync(path.join(o.dataDir, 'npm-cache'), { recursive: true, force: true });
        this.store = new artifact_store_1.ArtifactStore(path.join(o.dataDir, 'artifacts'));
        this.checker = new module_check_1.ModuleChecker(o.memoryLimitMb);
    }
    /** How busy the build step is (npm installs and bundles, running and waiting) and the install folders' disk use. */
    status() {
        const folders = this.o.folders.list();
        return {
            installs: this.o.installQueue.status(),
            bundles: this.o.bundleQueue.status(),
            installFolders: { count: folders.length, bytes: folders.reduce((sum, f) => sum + f.bytes, 0), budgetBytes: this.o.folders.diskBudgetBytes },
        };
    }
    /** Frees the isolates kept warm for load checks. */
    dispose() {
        this.checker.dispose();
    }
    async build(request) {
        const handler = (0, trigger_catalogue_1.handlerFor)(request.triggerId);
        if (!handler)
            return failed('unknown_trigger', `Unknown trigger "${request.triggerId}".`);
        let made;
        try {
            made = await this.make(request.code, request.dependencies);
        }
        catch (e) {
            const failure = asFailure(e, this.o.folders.root);
            return failed(failure.id, failure.message);
        }
        const problem = await this.checker.check(request.tenantId, made.code, handler);
        if (problem)
            return failed('compilation_failed', problem);
        const source = (0, artifact_store_1.sourceKey)(request.code, made.resolved);
        const artifact = this.store.put(made.code, source);
        this.bySource.set(source, artifact);
        return { status: 'built', artifactSha256: artifact.sha256, resolvedDependencies: made.resolved };
    }
    /** The artifact a deployed version runs (versions are immutable, so it is remembered by version id). */
    async artifactForVersion(version) {
        const known = this.byVersion.get(version.versionId);
        if (known)
            return known;
        const artifact = await this.artifactFor(version.code, version.dependencies);
        this.byVersion.set(version.versionId, artifact);
        return artifact;
    }
    /** The artifact of this code and these exact dependencies: from memory, from disk, else rebuilt. */
    async artifactFor(code, dependencies) {
        const source = (0, artifact_store_1.sourceKey)(code, dependencies);
        const known = this.bySource.get(source) ?? this.store.lookup(source);
        if (known) {
            this.bySource.set(source, known);
            return known;
        }
        const running = this.inFlight.get(source);
        if (running)
            return running;
        const job = this.rebuild(code, dependencies, source).finally(() => this.inFlight.delete(source));
        this.inFlight.set(source, job);
        return job;
    }
    async rebuild(code, dependencies, source) {
        let made;
        try {
            made = await this.make(code, dependencies);
        }
        catch (e) {
            throw new Error(asFailure(e, this.o.folders.root).message);
        }
        const artifact = this.store.put(made.code, source);
        this.bySource.set(source, artifact);
        return artifact;
    }
    /** Installs the dependencies (if any) and bundles the code with them, each in its queue. */
    async make(code, dependencies) {
        let installed;
        try {
            installed = dependencies.length > 0 ? await this.o.npm.install(dependencies) : undefined;
        }
        catch (e) {
            const failure = asFailure(e, this.o.folders.root);
            throw new build_failure_1.BuildFailure(failure.id, failure.id === 'build_timeout' ? failure.message : `Installing dependencies failed: ${failure.message}`);
        }
        try {
            const bundled = await this.o.bundleQueue.run(() => (0, contained_bundler_1.bundleContained)(code, {
                installDir: installed?.dir, emptyDir: this.o.folders.empty, timeoutMs: this.o.bundleTimeoutMs, maxArtifactBytes: this.o.maxArtifactBytes,
            }));
            // Without dependencies the bundle is only the check: every import was a built-in or refused, so the code runs
            // as written and its errors keep the tenant's own line numbers (what is left, run-time require() and import(),
            // the sandbox answers without any file; docs/security.md).
            return { code: installed ? bundled : code, resolved: installed?.resolved ?? [] };
        }
        finally {
            installed?.release();
        }
    }
}
exports.EsbuildActionBuilder = EsbuildActionBuilder;
/** The build step as the configuration describes it (BUILD_* variables; docs/security.md). */
function actionBuilderFor(config) {
    const b = config.build;
    const folders = new install_folders_1.InstallFolders(b.dir, b.diskBudgetMb * 1024 * 1024);
    const installQueue = new build_queue_1.BuildQueue(b.concurrency);
    const npm = new npm_installer_1.NpmInstaller({ registry: config.runtime.npmRegistry, folders, queue: installQueue, maxInstallBytes: b.maxInstallMb * 1024 * 1024, timeoutMs: b.installTimeoutMs });
    return new EsbuildActionBuilder({
        dataDir: config.dataDir, memoryLimitMb: config.runtime.memoryLimitMb, npm, folders, installQueue,
        bundleQueue: new build_queue_1.BuildQueue(b.concurrency), bundleTimeoutMs: b.bundleTimeoutMs, maxArtifactBytes: b.maxArtifactKb * 1024,
    });
}
function failed(id, msg) {
    return { status: 'failed', errors: [{ id, msg }] };
}
/** A failure the tenant may read: BuildFailures as they are, anything else without a path of this machine. */
function asFailure(e, buildDir) {
    if (e instanceof build_failure_1.BuildFailure)
        return e;
    return new build_failure_1.BuildFailure('platform_error', `The build could not run: ${(0, npm_installer_1.npmError)(String(e?.message ?? e), [buildDir])}`);
}
//# sourceMappingURL=action-builder.js.map