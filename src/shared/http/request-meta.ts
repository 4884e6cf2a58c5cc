/** Builds the RequestMeta a command needs from the request: principal, correlation id, and the If-Match revision. */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/auth.decorators';
import type { CommandContext, StreamRevision } from '../command-pipeline';
import { ApiError } from './error-filter';

/**
 * The ETag of a resource whose stream does not exist yet (a trigger never bound). Sent back in If-Match, it expects
 * the stream still not to exist: every ETag the service gives is accepted back.
 */
const NO_STREAM_ETAG = '-1';
const ETAG = /^(?:W\/)?(?:"(-1|\d{1,18})"|(-1|\d{1,18}))$/;

export function parseIfMatch(header: string | string[] | undefined): StreamRevision | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header[0] : header).trim();
  if (value === '*') return undefined;
  const m = ETAG.exec(value);
  if (!m)
    throw new ApiError(
      400,
      `Invalid If-Match header "${value.slice(0, 64)}": expected an ETag such as "3".`,
      'invalid_headers',
    );
  const revision = m[1] ?? m[2];
  return revision === NO_STREAM_ETAG ? 'no_stream' : BigInt(revision);
}

/** What a command handler knows of the request that sent it. */
export interface RequestMeta {
  principal: Principal;
  correlationId: string;
  /** Revision pinned by If-Match ('no_stream': the ETag of a resource not written yet). */
  ifMatch?: StreamRevision;
}

/** The metadata every event of the command carries: tenant, actor, and the request as correlation and cause. */
export function commandContext(meta: RequestMeta): CommandContext {
  return {
    tenantId: meta.principal.tenantId,
    actor: meta.principal.subject,
    correlationId: meta.correlationId,
    causationId: meta.correlationId,
  };
}

export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest & { principal: Principal }>();
  return { principal: req.principal, correlationId: String(req.id), ifMatch: parseIfMatch(req.headers['if-match']) };
});

/** Sets the ETag of a resource: the revision of its stream, or NO_STREAM_ETAG before the stream exists. */
export function setEtag(reply: FastifyReply, revision: number | bigint | 'no_stream' | undefined): void {
  if (revision !== undefined) reply.header('etag', `"${revision === 'no_stream' ? NO_STREAM_ETAG : revision}"`);
}
