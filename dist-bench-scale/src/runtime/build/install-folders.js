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
exports.InstallFolders = void 0;
exports.folderBytes = folderBytes;
exports.privateDir = privateDir;
/**
 * The build folder (BUILD_DIR, outside DATA_DIR; docs/security.md, "Build containment"): install folders keyed by the
 * verified lockfile's packages under `installs/<key>`, each made in `staging/<random>` and renamed into place once
 * complete (a build killed half-way leaves only a staging folder, swept at start; two processes installing the same
 * tree both finish and the first rename wins). `home/` is npm's HOME with empty user and global configs, `npm-cache/` its
 * cache, `empty/` the working directory of bundles without dependencies. Install folders are evicted least recently
 * used first once they take more than the disk budget.
 */
const node_crypto_1 = require("node:crypto");
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const STALE_STAGING_MS = 60 * 60 * 1000;
const MARKER = '.installed.json';
class InstallFolders {
    root;
    diskBudgetBytes;
    installs;
    staging;
    home;
    npmCache;
    empty;
    userConfig;
    globalConfig;
    inUse = new Map();
    constructor(root, diskBudgetBytes) {
        this.root = root;
        this.diskBudgetBytes = diskBudgetBytes;
        privateDir(root);
        this.installs = privateDir(path.join(root, 'installs'));
        this.staging = privateDir(path.join(root, 'staging'));
        this.home = privateDir(path.join(root, 'home'));
        this.npmCache = privateDir(path.join(root, 'npm-cache'));
        this.empty = privateDir(path.join(root, 'empty'));
        this.userConfig = path.join(this.home, '.npmrc');
        this.globalConfig = path.join(this.home, 'global.npmrc');
        fs.writeFileSync(this.userConfig, '', { mode: 0o600 });
        fs.writeFileSync(this.globalConfig, '', { mode: 0o600 });
        this.sweepStaging(STALE_STAGING_MS);
    }
    /** A fresh, private staging folder for one install. */
    newStaging() {
        return privateDir(path.join(this.staging, (0, node_crypto_1.randomBytes)(8).toString('hex')));
    }
    /** The complete install folder of this tree, if there is one (marked as used now). */
    find(key) {
        const dir = path.join(this.installs, key);
        try {
            const info = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
            const now = new Date();
            fs.utimesSync(path.join(dir, MARKER), now, now);
            return { dir, info };
        }
        catch {
            return undefined;
        }
    }
    /** Moves a complete staging folder into place under `key` (or drops it when another build got there first). */
    commit(staging, key, info) {
        fs.writeFileSync(path.join(staging, MARKER), JSON.stringify(info), { mode: 0o600 });
        const dir = path.join(this.installs, key);
        try {
            fs.renameSync(staging, dir);
        }
        catch {
            fs.rmSync(staging, { recursive: true, force: true });
        }
        return dir;
    }
    /** Keeps `dir` from eviction until the returned function is called. */
    hold(dir) {
        this.inUse.set(dir, (this.inUse.get(dir) ?? 0) + 1);
        return () => {
            const n = (this.inUse.get(dir) ?? 1) - 1;
            if (n <= 0)
                this.inUse.delete(dir);
            else
                this.inUse.set(dir, n);
        };
    }
    /** Removes least recently used install folders until the rest fit the disk budget. */
    evict() {
        const folders = this.list();
        let total = folders.reduce((sum, f) => sum + f.bytes, 0);
        let removed = 0;
        for (const f of folders.sort((a, b) => a.usedAt - b.usedAt)) {
            if (total <= this.diskBudgetBytes)
                break;
            if (this.inUse.has(f.dir))
                continue;
            const trash = path.join(this.staging, `evicted-${(0, node_crypto_1.randomBytes)(6).toString('hex')}`);
            try {
                fs.renameSync(f.dir, trash);
                fs.rmSync(trash, { recursive: true, force: true });
                total -= f.bytes;
                removed++;
            }
            catch {
                // Another process evicted it first.
            }
        }
        return { removed, bytes: total };
    }
    /** Install folders with their size (from their marker) and when they were last used. */
    list() {
        const out = [];
        for (const name of fs.readdirSync(this.installs)) {
            const dir = path.join(this.installs, name);
            try {
                const marker = path.join(dir, MARKER);
                const { bytes } = JSON.parse(fs.readFileSync(marker, 'utf8'));
                out.push({ dir, bytes: Number(bytes) || 0, usedAt: fs.statSync(marker).mtimeMs });
            }
            catch {
                // Not an install folder (or being evicted).
            }
        }
        return out;
    }
    sweepStaging(olderThanMs) {
        for (const name of fs.readdirSync(this.staging)) {
            const dir = path.join(this.staging, name);
            try {
                if (Date.now() - fs.statSync(dir).mtimeMs > olderThanMs)
                    fs.rmSync(dir, { recursive: true, force: true });
            }
            catch {
                // Swept by another process.
            }
        }
    }
}
exports.InstallFolders = InstallFolders;
/** Size of a folder in bytes, walked asynchronously (the event loop keeps serving executions meanwhile). */
async function folderBytes(dir, stopAbove = Number.POSITIVE_INFINITY) {
    let total = 0;
    const pending = [dir];
    while (pending.length > 0 && total <= stopAbove) {
        const current = pending.pop();
        const entries = await fs.promises.readdir(current, { withFileTypes: true }).catch(() => []); // npm may move it meanwhile
        for (const entry of entries) {
            const full = path.join(current, entry.name);
            if (entry.isDirectory())
                pending.push(full);
            else
                total += (await fs.promises.lstat(full).catch(() => ({ size: 0 }))).size;
        }
    }
    return total;
}
/** Creates (or takes over) a folder only this user can enter; refuses one owned by someone else or a symlink. */
function privateDir(dir) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory() || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) {
        throw new Error(`The build folder ${dir} is not a directory owned by this user.`);
    }
    if ((stat.mode & 0o777) !== 0o700)
        fs.chmodSync(dir, 0o700);
    return dir;
}
//# sourceMappingURL=install-folders.js.map