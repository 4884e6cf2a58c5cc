"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.diffVersions = diffVersions;
/**
 * The difference between two versions of an action: a unified diff of the code (the `diff` package), and the
 * dependency, resolved dependency, runtime, trigger and secret-name changes (fingerprints only, never values).
 */
const diff_1 = require("diff");
const action_code_1 = require("../actions/action-code");
const content_changes_1 = require("./content-changes");
const ref = (v) => ({ id: v.versionId, number: v.number, created_at: v.createdAt, code_sha256: (0, action_code_1.codeSha256)(v.content.code) });
function diffVersions(actionId, a, b) {
    const from = a.content;
    const to = b.content;
    const triggers = (c) => c.supportedTriggers.map((t) => ({ id: t.id, version: t.version }));
    const resolved = (0, content_changes_1.dependencyChanges)(a.resolvedDependencies, b.resolvedDependencies);
    const unified = from.code === to.code
        ? ''
        : (0, diff_1.createTwoFilesPatch)(`version-${a.number}/index.js`, `version-${b.number}/index.js`, from.code, to.code, a.versionId, b.versionId, { context: 3 });
    return {
        action_id: actionId,
        from: ref(a),
        to: ref(b),
        code: { changed: from.code !== to.code, unified_diff: unified },
        dependencies: (0, content_changes_1.dependencyChanges)(from.dependencies, to.dependencies),
        resolved_dependencies: resolved,
        runtime: { changed: from.runtime !== to.runtime, from: from.runtime, to: to.runtime },
        supported_triggers: { changed: JSON.stringify(triggers(from)) !== JSON.stringify(triggers(to)), from: triggers(from), to: triggers(to) },
        secrets: (0, content_changes_1.secretChanges)(from.secrets, to.secrets),
        summary: [
            ...(0, content_changes_1.describeContentChanges)(from, to),
            ...(0, content_changes_1.describeDependencies)(resolved).map((s) => s.replace(/^dependency /, 'resolved dependency ')),
        ],
    };
}
//# sourceMappingURL=version-diff.js.map