/**
 * What an action's `dependencies` may name: a registry package (optionally scoped) and a version, range or dist-tag.
 * URLs, paths, git, `file:`, `npm:` aliases and other protocols are refused, so an install can only ever fetch
 * packages from the configured registry.
 */
export const NPM_PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
export const NPM_VERSION_RANGE = /^[\w.^~<>=|*x -]+$/i;
export const NPM_VERSION_MAX_LENGTH = 64;

/**
 * Whether a dependency's `registry_url` names the registry the service installs from (NPM_REGISTRY). Anything else
 * is refused at the edge: storing a registry that is then ignored would tell the caller a lie, and honouring it would
 * let a tenant point the build at any host (docs/security.md, "HTTP and authentication").
 */
export function isConfiguredRegistry(registryUrl: string, configured: string): boolean {
  const canonical = (u: string) => {
    const parsed = new URL(u);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`.toLowerCase();
  };
  try {
    return (
      canonical(registryUrl) === canonical(configured) &&
      new URL(registryUrl).search === '' &&
      new URL(registryUrl).username === ''
    );
  } catch {
    return false;
  }
}
