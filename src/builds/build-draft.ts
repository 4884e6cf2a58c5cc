/** The build step as a domain outcome: what the build reactor records for a draft. */
import type { ActionContent, BuildOutcome } from '../actions/actions.events';
import { ActionBuilder, BuildStoppedError } from '../runtime/runtime.ports';

/**
 * Builds a draft; anything the builder throws becomes a failed build rather than a failed request, except a build
 * stopped by the service stopping, which has no outcome (the draft stays pending).
 */
export async function buildDraft(
  builder: ActionBuilder,
  tenantId: string,
  content: ActionContent,
  now: () => string,
): Promise<BuildOutcome> {
  try {
    const result = await builder.build({
      tenantId,
      triggerId: content.supportedTriggers[0].id,
      code: content.code,
      dependencies: content.dependencies.map((d) => ({ name: d.name, version: d.version })),
    });
    if (result.status === 'built') {
      return {
        status: 'built',
        builtAt: now(),
        artifactSha256: result.artifactSha256,
        resolvedDependencies: result.resolvedDependencies,
      };
    }
    return { status: 'failed', failedAt: now(), errors: result.errors };
  } catch (error) {
    if (error instanceof BuildStoppedError) throw error;
    return {
      status: 'failed',
      failedAt: now(),
      errors: [{ id: 'platform_error', msg: `The build could not run: ${(error as Error).message}` }],
    };
  }
}
