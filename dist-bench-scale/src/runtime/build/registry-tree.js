"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.resolveRegistryTree = resolveRegistryTree;
exports.registrySpecOrFail = registrySpecOrFail;
/**
 * Resolves an action's whole dependency tree against the configured registry before npm runs at all
 * (docs/security.md, "Build containment"): every packument is fetched from NPM_REGISTRY, each edge is classified with
 * npm-package-arg and picked with npm-pick-manifest (npm's own choice of version), and the walk refuses any
 * dependency, optional dependency or peer dependency whose spec is not a registry version, range or tag (`file:`,
 * `link:`, URLs and tarballs, git, GitHub shorthands, `npm:` aliases), any tarball outside the registry and any
 * package that ships an npm-shrinkwrap.json. The sum of the picked versions' `dist.unpackedSize` must fit the install
 * size limit: nothing is downloaded past the packuments when it does not.
 */
const npm_package_arg_1 = __importDefault(require("npm-package-arg"));
const npm_pick_manifest_1 = __importDefault(require("npm-pick-manifest"));
const build_failure_1 = require("./build-failure");
const build_queue_1 = require("./build-queue");
const PACKUMENT_ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8';
const PACKUMENT_MAX_BYTES = 64 * 1024 * 1024;
/** Packuments fetched at once for one tree (npm itself keeps a similar number of sockets). */
const PACKUMENT_FETCHES = 16;
async function resolveRegistryTree(deps, limits) {
    const registry = limits.registry.endsWith('/') ? limits.registry : `${limits.registry}/`;
    const packuments = new Map();
    const fetches = new build_queue_1.BuildQueue(PACKUMENT_FETCHES);
    const packument = (name) => {
        let p = packuments.get(name);
        if (!p)
            packuments.set(name, (p = fetches.run(() => fetchPackument(registry, name, limits.signal))));
        return p;
    };
    const packages = new Set();
    let unpackedBytes = 0;
    const pick = async (from, name, spec) => {
        registrySpecOrFail(from, name, spec);
        let manifest;
        try {
            manifest = (0, npm_pick_manifest_1.default)(await packument(name), spec, { defaultTag: 'latest', nodeVersion: process.version });
        }
        catch (e) {
            if (e instanceof build_failure_1.BuildFailure || limits.signal?.aborted)
                throw e;
            throw new build_failure_1.BuildFailure('dependency_install_failed', `No version of ${name} matches "${spec}" (required by ${from}).`);
        }
        const id = `${name}@${manifest.version}`;
        if (packages.has(id))
            return { manifest, fresh: false };
        packages.add(id);
        if (packages.size > limits.maxPackages) {
            throw new build_failure_1.BuildFailure('dependencies_too_large', `The dependency tree holds more than ${limits.maxPackages} packages.`);
        }
        const tarball = manifest.dist?.tarball ?? '';
        if (!tarball.startsWith(registry)) {
            throw new build_failure_1.BuildFailure('dependency_not_from_registry', `${id} (required by ${from}) has its tarball outside the configured registry: ${tarball || 'none'}.`);
        }
        if (manifest._hasShrinkwrap) {
            throw new build_failure_1.BuildFailure('dependency_not_from_registry', `${id} (required by ${from}) ships an npm-shrinkwrap.json, which could pin packages outside the registry.`);
        }
        unpackedBytes += Number(manifest.dist?.unpackedSize) || 0;
        if (unpackedBytes > limits.maxUnpackedBytes) {
            throw new build_failure_1.BuildFailure('dependencies_too_large', `The dependencies unpack to more than ${Math.round(limits.maxUnpackedBytes / 1048576)} MB (with ${id}: ${unpackedBytes} bytes).`);
        }
        return { manifest, fresh: true };
    };
    const picked = await Promise.all(deps.map((d) => pick('the action', d.name, d.version)));
    const top = deps.map((d, i) => ({ name: d.name, version: picked[i].manifest.version }));
    let level = picked.filter((p) => p.fresh).map((p) => p.manifest);
    while (level.length > 0) {
        const next = [];
        for (const m of level) {
            const from = `${m.name}@${m.version}`;
            for (const [name, spec] of edgesOf(m, from))
                next.push(pick(from, name, spec));
        }
        level = (await Promise.all(next)).filter((p) => p.fresh).map((p) => p.manifest);
    }
    return { top, packages, unpackedBytes };
}
/** The edges npm installs (dependencies, optional ones, required peers); every declared spec is checked. */
function edgesOf(m, from) {
    const optionalPeer = (name) => m.peerDependenciesMeta?.[name]?.optional === true;
    const edges = new Map();
    for (const [name, spec] of Object.entries(m.peerDependencies ?? {})) {
        registrySpecOrFail(from, name, spec);
        if (!optionalPeer(name))
            edges.set(name, spec);
    }
    for (const [name, spec] of Object.entries(m.optionalDependencies ?? {}))
        registrySpecOrFail(from, name, spec);
    for (const [name, spec] of Object.entries({ ...m.dependencies, ...m.optionalDependencies }))
        edges.set(name, spec);
    return [...edges];
}
/** Fails unless `spec` is a registry version, range or dist-tag of `name` (what npm-package-arg calls registry). */
function registrySpecOrFail(from, name, spec) {
    let type;
    try {
        const parsed = npm_package_arg_1.default.resolve(name, spec, '/');
        type = parsed.registry && parsed.type !== 'alias' ? parsed.type : `${parsed.type} spec`;
    }
    catch {
        type = 'unsupported spec';
    }
    if (!['version', 'range', 'tag'].includes(type)) {
        throw new build_failure_1.BuildFailure('dependency_not_from_registry', `${from} depends on ${name}@"${spec}" (${type}): only packages from the configured registry can be installed.`);
    }
}
async function fetchPackument(registry, name, signal) {
    const url = `${registry}${name.replace('/', '%2f')}`;
    let response;
    try {
        response = await fetch(url, { headers: { accept: PACKUMENT_ACCEPT }, redirect: 'error', signal });
    }
    catch (e) {
        if (signal?.aborted)
            throw signal.reason;
        throw new build_failure_1.BuildFailure('dependency_install_failed', `The registry could not be reached for ${name}: ${e.message}.`);
    }
    if (response.status === 404)
        throw new build_failure_1.BuildFailure('dependency_install_failed', `${name} is not in the registry (404 Not Found).`);
    if (!response.ok)
        throw new build_failure_1.BuildFailure('dependency_install_failed', `The registry answered ${response.status} for ${name}.`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > PACKUMENT_MAX_BYTES)
        throw new build_failure_1.BuildFailure('dependencies_too_large', `The registry document of ${name} is larger than ${PACKUMENT_MAX_BYTES} bytes.`);
    const body = await response.text();
    if (body.length > PACKUMENT_MAX_BYTES)
        throw new build_failure_1.BuildFailure('dependencies_too_large', `The registry document of ${name} is larger than ${PACKUMENT_MAX_BYTES} bytes.`);
    return JSON.parse(body);
}
//# sourceMappingURL=registry-tree.js.map