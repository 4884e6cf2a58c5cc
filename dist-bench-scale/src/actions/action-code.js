"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MissingCodeError = exports.codeSha256 = void 0;
exports.packContent = packContent;
exports.unpackContent = unpackContent;
/**
 * Code stored once per action stream, by content hash (docs/architecture.md, "Events"). Events that carry an
 * action's content name its code by `codeSha256`, and carry the code text itself only the first time the stream
 * holds that text: a redeploy, a rollback or a secrets-only update of unchanged code costs a hash, not the code.
 * Versions are never pruned, so the text is always found in the stream (and in the read model's code table).
 * Events written before this existed carry the text every time and no hash; reading them needs nothing.
 */
const node_crypto_1 = require("node:crypto");
const codeSha256 = (code) => (0, node_crypto_1.createHash)('sha256').update(code).digest('hex');
exports.codeSha256 = codeSha256;
/** Drops the text of code that the stream already holds (`known(sha)`), keeping its hash. */
function packContent(content, known) {
    const { code, ...rest } = content;
    const sha = (0, exports.codeSha256)(code);
    return known(sha) ? { ...rest, codeSha256: sha } : { ...rest, code, codeSha256: sha };
}
class MissingCodeError extends Error {
    constructor(sha) {
        super(`Event content names code ${sha}, which no earlier event of the stream holds.`);
    }
}
exports.MissingCodeError = MissingCodeError;
/** The content with its code text, from the event or from the code the stream held before (`lookup`). */
function unpackContent(packed, lookup) {
    const { codeSha256: sha, code, ...rest } = packed;
    if (code !== undefined)
        return { ...rest, code };
    const found = sha === undefined ? undefined : lookup(sha);
    if (found === undefined)
        throw new MissingCodeError(String(sha));
    return { ...rest, code: found };
}
//# sourceMappingURL=action-code.js.map