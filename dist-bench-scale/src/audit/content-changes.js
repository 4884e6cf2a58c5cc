"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dependencyChanges = dependencyChanges;
exports.secretChanges = secretChanges;
exports.lineCounts = lineCounts;
exports.describeCode = describeCode;
exports.describeDependencies = describeDependencies;
exports.describeSecrets = describeSecrets;
exports.describeContentChanges = describeContentChanges;
exports.describeNewContent = describeNewContent;
/**
 * What changed between two contents of an action, in words and as structured lists, for history summaries and
 * version diffs. Secrets are named with their fingerprints only: values and ciphertexts never leave this module.
 */
const diff_1 = require("diff");
const action_code_1 = require("../actions/action-code");
const short = (sha) => sha.slice(0, 12);
function depLabel(d) {
    return d.registry_url ? `${d.version} (${d.registry_url})` : d.version;
}
function dependencyChanges(from, to) {
    const before = new Map(from.map((d) => [d.name, d]));
    const after = new Map(to.map((d) => [d.name, d]));
    const pick = (d) => ({ name: d.name, version: d.version, ...(d.registry_url ? { registry_url: d.registry_url } : {}) });
    return {
        added: to.filter((d) => !before.has(d.name)).map(pick),
        removed: from.filter((d) => !after.has(d.name)).map(pick),
        changed: to.flatMap((d) => {
            const old = before.get(d.name);
            return old && depLabel(old) !== depLabel(d) ? [{ name: d.name, from: depLabel(old), to: depLabel(d) }] : [];
        }),
    };
}
function secretChanges(from, to) {
    const before = new Map(from.map((s) => [s.name, s]));
    const after = new Map(to.map((s) => [s.name, s]));
    return {
        added: to.filter((s) => !before.has(s.name)).map((s) => ({ name: s.name, fingerprint: s.fingerprint })),
        removed: from.filter((s) => !after.has(s.name)).map((s) => ({ name: s.name, fingerprint: s.fingerprint })),
        changed: to.flatMap((s) => {
            const old = before.get(s.name);
            return old && old.fingerprint !== s.fingerprint ? [{ name: s.name, from_fingerprint: old.fingerprint, to_fingerprint: s.fingerprint }] : [];
        }),
    };
}
/** Lines added and removed between two code texts. */
function lineCounts(from, to) {
    let added = 0;
    let removed = 0;
    for (const part of (0, diff_1.diffLines)(from, to)) {
        if (part.added)
            added += part.count ?? 0;
        else if (part.removed)
            removed += part.count ?? 0;
    }
    return { added, removed };
}
const lines = (code) => (code === '' ? 0 : code.split('\n').length);
function describeCode(code) {
    return `code set (${lines(code)} line${lines(code) === 1 ? '' : 's'}, sha256 ${short((0, action_code_1.codeSha256)(code))})`;
}
function describeDependencies(c) {
    return [
        ...c.added.map((d) => `dependency ${d.name}@${depLabel(d)} added`),
        ...c.removed.map((d) => `dependency ${d.name}@${depLabel(d)} removed`),
        ...c.changed.map((d) => `dependency ${d.name} changed from ${d.from} to ${d.to}`),
    ];
}
function describeSecrets(c) {
    return [
        ...c.added.map((s) => `secret ${s.name} set (fingerprint ${s.fingerprint})`),
        ...c.changed.map((s) => `secret ${s.name} set (fingerprint ${s.from_fingerprint} → ${s.to_fingerprint})`),
        ...c.removed.map((s) => `secret ${s.name} removed`),
    ];
}
const triggerLabel = (c) => c.supportedTriggers.map((t) => `${t.id} ${t.version}`).join(', ');
/** Every difference between two contents, in words, in a fixed order. */
function describeContentChanges(from, to) {
    const out = [];
    if (from.name !== to.name)
        out.push(`name changed from "${from.name}" to "${to.name}"`);
    if (triggerLabel(from) !== triggerLabel(to))
        out.push(`trigger changed from ${triggerLabel(from)} to ${triggerLabel(to)}`);
    if (from.code !== to.code) {
        const n = lineCounts(from.code, to.code);
        out.push(`code changed (+${n.added} −${n.removed} lines, sha256 ${short((0, action_code_1.codeSha256)(from.code))} → ${short((0, action_code_1.codeSha256)(to.code))})`);
    }
    out.push(...describeDependencies(dependencyChanges(from.dependencies, to.dependencies)));
    if (from.runtime !== to.runtime)
        out.push(`runtime changed from ${from.runtime} to ${to.runtime}`);
    out.push(...describeSecrets(secretChanges(from.secrets, to.secrets)));
    return out;
}
/** What a newly created content holds, in words. */
function describeNewContent(c) {
    const none = { ...c, code: '', dependencies: [], secrets: [] };
    return [
        `trigger ${triggerLabel(c)}`,
        `runtime ${c.runtime}`,
        describeCode(c.code),
        ...describeDependencies(dependencyChanges(none.dependencies, c.dependencies)),
        ...describeSecrets(secretChanges(none.secrets, c.secrets)),
    ];
}
//# sourceMappingURL=content-changes.js.map