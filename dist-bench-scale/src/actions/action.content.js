"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MissingSecretValue = void 0;
exports.draftKeyOf = draftKeyOf;
exports.mergeSecrets = mergeSecrets;
exports.applyPatch = applyPatch;
/**
 * Pure helpers over action content: the draft key that identifies a buildable draft, and the PATCH merge
 * (fields left out stay as they are; arrays replace the whole array; a secret sent without a value keeps its
 * stored value).
 */
const node_crypto_1 = require("node:crypto");
/** Identifies the buildable part of a draft: two drafts with the same key produce the same artifact. */
function draftKeyOf(content) {
    const buildable = {
        code: content.code,
        dependencies: content.dependencies.map((d) => [d.name, d.version, d.registry_url ?? null]),
        runtime: content.runtime,
        trigger: content.supportedTriggers.map((t) => [t.id, t.version]),
    };
    return (0, node_crypto_1.createHash)('sha256').update(JSON.stringify(buildable)).digest('hex');
}
class MissingSecretValue extends Error {
    secretName;
    constructor(secretName) {
        super(`Secret "${secretName}" has no value and no stored value to keep.`);
        this.secretName = secretName;
    }
}
exports.MissingSecretValue = MissingSecretValue;
/** Secrets after a write: the array replaces the stored set; every secret sent gets `now` as updated_at. */
function mergeSecrets(stored, sent, now) {
    return sent.map((s) => {
        if (s.ciphertext !== undefined && s.fingerprint !== undefined) {
            return { name: s.name, updatedAt: now, fingerprint: s.fingerprint, ciphertext: s.ciphertext };
        }
        const kept = stored.find((x) => x.name === s.name);
        if (!kept)
            throw new MissingSecretValue(s.name);
        return { ...kept, updatedAt: now };
    });
}
function applyPatch(draft, patch, now) {
    return {
        name: patch.name ?? draft.name,
        supportedTriggers: patch.supportedTriggers ?? draft.supportedTriggers,
        code: patch.code ?? draft.code,
        dependencies: patch.dependencies ?? draft.dependencies,
        runtime: patch.runtime ?? draft.runtime,
        secrets: patch.secrets ? mergeSecrets(draft.secrets, patch.secrets, now) : draft.secrets,
    };
}
//# sourceMappingURL=action.content.js.map