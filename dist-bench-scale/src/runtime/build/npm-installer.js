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
exports.NpmInstaller = void 0;
/**
 * Installs an action's npm dependencies into DATA_DIR/npm-cache/<sha256 of the dependency list>, once: later builds
 * with the same list reuse the directory. Install scripts never run (--ignore-scripts). Ranges and `latest` resolve
 * to exact versions, which the build records so that the version can be rebuilt identically.
 */
const node_child_process_1 = require("node:child_process");
const node_crypto_1 = require("node:crypto");
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const npm_package_spec_1 = require("../../shared/npm-package-spec");
const INSTALL_TIMEOUT_MS = 120_000;
class NpmInstaller {
    cacheDir;
    registry;
    inFlight = new Map();
    constructor(cacheDir, registry) {
        this.cacheDir = cacheDir;
        this.registry = registry;
    }
    install(deps) {
        for (const d of deps) {
            if (!npm_package_spec_1.NPM_PACKAGE_NAME.test(d.name))
                throw new Error(`"${d.name}" is not a valid npm package name`);
            if (!npm_package_spec_1.NPM_VERSION_RANGE.test(d.version) || d.version.length > npm_package_spec_1.NPM_VERSION_MAX_LENGTH)
                throw new Error(`"${d.version}" is not a valid version or range for ${d.name}`);
        }
        const sorted = [...deps].sort((a, b) => a.name.localeCompare(b.name));
        const key = (0, node_crypto_1.createHash)('sha256').update(JSON.stringify(sorted.map((d) => [d.name, d.version]))).digest('hex');
        const running = this.inFlight.get(key);
        if (running)
            return running;
        const job = this.installInto(path.join(this.cacheDir, key), sorted).finally(() => this.inFlight.delete(key));
        this.inFlight.set(key, job);
        return job;
    }
    async installInto(dir, deps) {
        const done = path.join(dir, '.installed.json');
        if (fs.existsSync(done))
            return { dir, resolved: JSON.parse(fs.readFileSync(done, 'utf8')) };
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        const manifest = { name: 'action-deps', private: true, dependencies: Object.fromEntries(deps.map((d) => [d.name, d.version])) };
        fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
        await new Promise((resolve, reject) => {
            (0, node_child_process_1.execFile)('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', '--no-package-lock', '--registry', this.registry], { cwd: dir, timeout: INSTALL_TIMEOUT_MS, env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' } }, (error, _stdout, stderr) => {
                if (!error)
                    return resolve();
                const lines = String(stderr).split('\n').filter((l) => /ERR!|error/i.test(l)).slice(0, 4).join(' ').replace(/\s+/g, ' ');
                reject(new Error(lines || error.message));
            });
        });
        const resolved = deps.map((d) => {
            const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', d.name, 'package.json'), 'utf8'));
            return { name: d.name, version: pkg.version };
        });
        fs.writeFileSync(done, JSON.stringify(resolved));
        return { dir, resolved };
    }
}
exports.NpmInstaller = NpmInstaller;
//# sourceMappingURL=npm-installer.js.map