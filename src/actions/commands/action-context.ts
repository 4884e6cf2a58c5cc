/** What every action command handler shares: where commands come from, and the build step as a domain outcome. */
import type { Principal } from '../../auth/auth.decorators';
import type { CommandContext, StreamRevision } from '../../shared/command-pipeline';
import { ActionBuilder, BuildStoppedError } from '../../runtime/runtime.ports';
import type { ActionContent, BuildOutcome } from '../action.events';

export interface RequestMeta {
  principal: Principal;
  correlationId: string;
  /** Revision pinned by If-Match ('no_stream': the ETag of a resource not written yet). */
  ifMatch?: StreamRevision;
}

export function commandContext(meta: RequestMeta): CommandContext {
  return {
    tenantId: meta.principal.tenantId,
    actor: meta.principal.subject,
    correlationId: meta.correlationId,
    causationId: meta.correlationId,
  };
}

/** Builds a draft; anything the builder throws becomes a failed build rather than a failed request, except a build
 *  stopped by the service stopping, which has no outcome. */
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
