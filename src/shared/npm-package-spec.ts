/**
 * What an action's `dependencies` may name: a registry package (optionally scoped) and a version, range or dist-tag.
 * URLs, paths, git, `file:`, `npm:` aliases and other protocols are refused, so an install can only ever fetch
 * packages from the configured registry.
 */
export const NPM_PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
export const NPM_VERSION_RANGE = /^[\w.^~<>=|*x -]+$/i;
export const NPM_VERSION_MAX_LENGTH = 64;
