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
/**
 * The build step (management-api.md §3.2, decision 5): the code must compile (CommonJS), load without throwing,
 * and export the trigger's handler. npm dependencies are installed from the registry into a content-addressed
 * cache under DATA_DIR/npm-cache and bundled with the code by esbuild into ONE artifact, stored as
 * DATA_DIR/artifacts/<sha256>.js. Building the same request again yields the same artifact (esbuild runs relative
 * to the install directory, so no absolute path of this machine ends up in it). A version runs exactly its
 * artifact: `artifactForVersion` finds it in memory or on disk, and rebuilds it from the version's code and exact
 * dependencies when this replica does not have it.
 */
const path = __importStar(require("node:path"));
const esbuild = __importStar(require("esbuild"));
const trigger_catalogue_1 = require("../../triggers/trigger-catalogue");
const lru_map_1 = require("../lru-map");
const module_check_1 = require("../sandbox/module-check");
const artifact_store_1 = require("./artifact-store");
const MEMO_CAPACITY = 512;
class EsbuildActionBuilder {
    npm;
    store;
    bySource = new lru_map_1.LruMap(MEMO_CAPACITY);
    byVersion = new lru_map_1.LruMap(MEMO_CAPACITY);
    inFlight = new Map();
    checker;
    constructor(dataDir, npm, memoryLimitMb) {
        this.npm = npm;
        this.store = new artifact_store_1.ArtifactStore(path.join(dataDir, 'artifacts'));
        this.checker = new module_check_1.ModuleChecker(memoryLimitMb);
    }
    /** Frees the isolates kept warm for load checks. */
    dispose() {
        this.checker.dispose();
    }
    async build(request) {
        const handler = (0, trigger_catalogue_1.handlerFor)(request.triggerId);
        if (!handler)
            return failed('unknown_trigger', `Unknown trigger "${request.triggerId}".`);
        let installed;
        if (request.dependencies.length > 0) {
            try {
                installed = await this.npm.install(request.dependencies);
            }
            catch (e) {
                return failed('dependency_install_failed', `Installing dependencies failed: ${e.message}`);
            }
        }
        let code;
        try {
            code = installed ? await bundle(request.code, installed.dir) : request.code;
        }
        catch (e) {
            return failed('compilation_failed', `Compilation failed: ${esbuildMessage(e)}`);
        }
        const problem = await this.checker.check(request.tenantId, code, handler);
        if (problem)
            return failed('compilation_failed', problem);
        const resolved = installed?.resolved ?? [];
        const source = (0, artifact_store_1.sourceKey)(request.code, resolved);
        const artifact = this.store.put(code, source);
        this.bySource.set(source, artifact);
        return { status: 'built', artifactSha256: artifact.sha256, resolvedDependencies: resolved };
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
        const bundled = dependencies.length > 0 ? await bundle(code, (await this.npm.install(dependencies)).dir) : code;
        const artifact = this.store.put(bundled, source);
        this.bySource.set(source, artifact);
        return artifact;
    }
}
exports.EsbuildActionBuilder = EsbuildActionBuilder;
function failed(id, msg) {
    return { status: 'failed', errors: [{ id, msg }] };
}
function esbuildMessage(e) {
    const errors = e.errors;
    if (!errors?.length)
        return e.message;
    return errors.slice(0, 3).map((x) => (x.location ? `${x.text} (action.js:${x.location.line}:${x.location.column})` : x.text)).join('; ');
}
/** One CommonJS file holding the code and every module it requires from the install directory. */
async function bundle(code, installDir) {
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
    });
    return result.outputFiles[0].text;
}
//# sourceMappingURL=action-builder.js.map