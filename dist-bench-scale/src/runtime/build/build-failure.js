"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BuildFailure = void 0;
/**
 * A build that failed for a reason the tenant should read: `id` is the BuildError id the API reports
 * (`dependency_not_from_registry`, `build_timeout`, …), the message names only the action's own files and packages,
 * never a path of this machine (docs/security.md, "Build containment").
 */
class BuildFailure extends Error {
    id;
    name = 'BuildFailure';
    constructor(id, message) {
        super(message);
        this.id = id;
    }
}
exports.BuildFailure = BuildFailure;
//# sourceMappingURL=build-failure.js.map