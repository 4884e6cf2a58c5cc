"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NPM_VERSION_MAX_LENGTH = exports.NPM_VERSION_RANGE = exports.NPM_PACKAGE_NAME = void 0;
/**
 * What an action's `dependencies` may name: a registry package (optionally scoped) and a version, range or dist-tag.
 * URLs, paths, git, `file:`, `npm:` aliases and other protocols are refused, so an install can only ever fetch
 * packages from the configured registry.
 */
exports.NPM_PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
exports.NPM_VERSION_RANGE = /^[\w.^~<>=|*x -]+$/i;
exports.NPM_VERSION_MAX_LENGTH = 64;
//# sourceMappingURL=npm-package-spec.js.map