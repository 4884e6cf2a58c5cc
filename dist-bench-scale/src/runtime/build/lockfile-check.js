"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.verifyLockfile = verifyLockfile;
/**
 * Checks the lockfile npm wrote in a `--package-lock-only` pass before anything is downloaded (docs/security.md,
 * "Build containment"): every installed entry lies under `node_modules`, is no link and no alias, comes from a
 * tarball under the configured registry with an integrity, and is one of the package versions the registry walk
 * checked (bundled dependencies come inside such a tarball). Its key names the resolved tree, so any request that
 * resolves to the same packages shares one install folder.
 */
const node_crypto_1 = require("node:crypto");
const build_failure_1 = require("./build-failure");
function verifyLockfile(raw, registry, checked, wanted) {
    const prefix = registry.endsWith('/') ? registry : `${registry}/`;
    let lock;
    try {
        lock = JSON.parse(raw);
    }
    catch {
        throw new build_failure_1.BuildFailure('dependency_install_failed', 'npm wrote an unreadable lockfile.');
    }
    const entries = Object.entries(lock.packages ?? {}).filter(([key]) => key !== '').sort(([a], [b]) => (a < b ? -1 : 1));
    const rows = [];
    for (const [key, entry] of entries) {
        const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
        const label = `${name}@${entry.version ?? '?'}`;
        const refuse = (why) => new build_failure_1.BuildFailure('dependency_not_from_registry', `${label} ${why}: only packages from the configured registry can be installed.`);
        if (!key.startsWith('node_modules/') || key.split('/').some((part) => part === '..' || part === '.'))
            throw refuse('would be installed outside node_modules');
        if (entry.link)
            throw refuse('is a link to a folder');
        if (entry.name !== undefined && entry.name !== name)
            throw refuse(`is an alias of ${entry.name}`);
        if (typeof entry.version !== 'string')
            throw refuse('has no version');
        if (entry.inBundle) {
            rows.push([key, entry.version, 'bundled', '']);
            continue;
        }
        if (typeof entry.resolved !== 'string' || !entry.resolved.startsWith(prefix))
            throw refuse(`resolves to ${entry.resolved ?? 'nothing'}`);
        if (typeof entry.integrity !== 'string')
            throw refuse('has no integrity');
        if (!checked.has(`${name}@${entry.version}`))
            throw refuse('was not among the versions checked in the registry');
        rows.push([key, entry.version, entry.resolved.slice(prefix.length), entry.integrity]);
    }
    const top = wanted.map((d) => {
        const version = lock.packages?.[`node_modules/${d.name}`]?.version;
        if (!version)
            throw new build_failure_1.BuildFailure('dependency_install_failed', `npm did not resolve ${d.name}@${d.version}.`);
        return { name: d.name, version };
    });
    return { key: (0, node_crypto_1.createHash)('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 32), top };
}
//# sourceMappingURL=lockfile-check.js.map