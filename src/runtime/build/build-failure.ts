/**
 * A build that failed for a reason the tenant should read: `id` is the BuildError id the API reports
 * (`dependency_not_from_registry`, `build_timeout`, …), the message names only the action's own files and packages,
 * never a path of this machine (docs/security.md, "Build containment").
 */
export class BuildFailure extends Error {
  override readonly name = 'BuildFailure';
  constructor(
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}
