/**
 * The runtime's view of the rest of the service. The runtime never reads events or read-model tables itself:
 * it gets what to run through these ports (implemented on the read models in src/actions and src/bindings).
 */

export interface Dependency {
  name: string;
  version: string;
}

/** A deployed version bound to a trigger, ready to run. Immutable for a given versionId. */
export interface RunnableVersion {
  tenantId: string;
  triggerId: string;
  bindingId: string;
  actionId: string;
  actionName: string;
  versionId: string;
  versionNumber: number;
  code: string;
  /** Exact versions, as resolved by the build that produced the version. */
  dependencies: Dependency[];
  runtime: string;
  /** Decrypted secrets of this version: { NAME: value }. Never log them. */
  secrets: Record<string, string>;
}

export interface BoundVersionsSource {
  /** The trigger's bindings in execution order, each with the action's currently deployed version. */
  boundVersions(tenantId: string, triggerId: string): Promise<RunnableVersion[]>;
}
export const BOUND_VERSIONS_SOURCE = Symbol('BOUND_VERSIONS_SOURCE');

export interface BuildRequest {
  /** Whose code this is: its load check runs in an isolate of that tenant's own. */
  tenantId: string;
  triggerId: string;
  code: string;
  dependencies: Dependency[];
}

export interface BuildError {
  id: string;
  msg: string;
  url?: string;
}

export type BuildResult =
  | { status: 'built'; resolvedDependencies: Dependency[]; artifactSha256: string }
  | { status: 'failed'; errors: BuildError[] };

/**
 * Compiles code (+ npm dependencies) into one immutable artifact; deterministic for the same request. `build` throws
 * BuildStoppedError when the builder was closed (the service is stopping) while it ran.
 */
export interface ActionBuilder {
  build(request: BuildRequest): Promise<BuildResult>;
}

/** The build step was closed while this build ran: the build has no outcome (not even a failure) and runs again later. */
export class BuildStoppedError extends Error {
  override readonly name = 'BuildStoppedError';
  constructor() {
    super('The build step was closed while this build ran.');
  }
}
export const ACTION_BUILDER = Symbol('ACTION_BUILDER');

/** An action's saved draft, ready for one test run (POST /actions/{id}/test). */
export interface DraftToRun {
  actionId: string;
  actionName: string;
  triggerId: string;
  code: string;
  dependencies: { name: string; version: string }[];
  secrets: Record<string, string>;
  /** Set when the draft's build failed: the test answers them instead of running anything. */
  buildErrors?: { id: string; msg: string }[];
}

/** Runs a draft once in the sandbox (implemented by the runtime's DraftTester). */
export interface DraftRunner {
  test(
    tenantId: string,
    draft: DraftToRun,
    payload: Record<string, unknown>,
  ): Promise<{ payload: Record<string, unknown> }>;
}
export const DRAFT_RUNNER = Symbol('DRAFT_RUNNER');
