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
exports.ArtifactStore = exports.sha256 = void 0;
exports.sourceKey = sourceKey;
/**
 * Immutable build artifacts on disk: DATA_DIR/artifacts/<sha256>.js, written once (temp file + rename) and never
 * changed, readable by the service's user only (files 0600, folders 0700; docs/security.md). An index
 * DATA_DIR/artifacts/by-source/<source key> maps what a version is made of (its code and exact dependencies) to its
 * artifact, so a process that built or loaded a version once finds it again without
 * reinstalling anything; a replica without the file rebuilds it from the same inputs.
 */
const node_crypto_1 = require("node:crypto");
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const sha256 = (text) => (0, node_crypto_1.createHash)('sha256').update(text).digest('hex');
exports.sha256 = sha256;
/**
 * Which builder made an artifact. Artifacts indexed under another format (made before the contained build,
 * docs/security.md) are never served again: their versions are rebuilt, and fail if they reach for host files.
 */
const BUILD_FORMAT = 'contained-1';
/** What a version is made of, as one key: the build format, its code and its dependencies sorted by name. */
function sourceKey(code, dependencies) {
    const sorted = [...dependencies].sort((a, b) => a.name.localeCompare(b.name)).map((d) => `${d.name}@${d.version}`);
    return (0, exports.sha256)(JSON.stringify([BUILD_FORMAT, code, sorted]));
}
class ArtifactStore {
    dir;
    indexDir;
    constructor(dir) {
        this.dir = dir;
        this.indexDir = path.join(dir, 'by-source');
        for (const d of [dir, this.indexDir]) {
            fs.mkdirSync(d, { recursive: true, mode: 0o700 });
            fs.chmodSync(d, 0o700);
        }
    }
    fileOf(sha) {
        return path.join(this.dir, `${sha}.js`);
    }
    /** Stores `code` under its sha256 (once) and remembers which source it was built from. */
    put(code, source) {
        const artifact = { code, sha256: (0, exports.sha256)(code) };
        const file = this.fileOf(artifact.sha256);
        if (!fs.existsSync(file))
            writeAtomically(file, code);
        if (source)
            writeAtomically(path.join(this.indexDir, source), artifact.sha256);
        return artifact;
    }
    /** The artifact built from this source, if this data directory has it (and its content still matches). */
    lookup(source) {
        try {
            const sha = fs.readFileSync(path.join(this.indexDir, source), 'utf8').trim();
            const code = fs.readFileSync(this.fileOf(sha), 'utf8');
            return (0, exports.sha256)(code) === sha ? { code, sha256: sha } : undefined;
        }
        catch {
            return undefined;
        }
    }
}
exports.ArtifactStore = ArtifactStore;
function writeAtomically(file, content) {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(tmp, content, { mode: 0o600 });
    fs.renameSync(tmp, file);
}
//# sourceMappingURL=artifact-store.js.map