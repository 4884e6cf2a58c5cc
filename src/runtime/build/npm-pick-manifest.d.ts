/** The part of npm-pick-manifest (no published types) that the build step uses: npm's own choice of a version. */
declare module 'npm-pick-manifest' {
  function pickManifest(
    packument: Record<string, unknown>,
    wanted: string,
    options?: { defaultTag?: string; nodeVersion?: string },
  ): Record<string, unknown>;
  export = pickManifest;
}
