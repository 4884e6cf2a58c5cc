/** Builds the RequestMeta a command needs from the request: principal, correlation id, and the If-Match revision. */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/auth.decorators';
import type { RequestMeta } from '../../actions/commands/action-context';
import { ApiError } from './error-filter';

export function parseIfMatch(header: string | string[] | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header[0] : header).trim();
  if (value === '*') return undefined;
  const m = /^(?:W\/)?"?(\d{1,18})"?$/.exec(value);
  if (!m) throw new ApiError(400, `Invalid If-Match header "${value}": expected an ETag such as "3".`, 'invalid_headers');
  return BigInt(m[1]);
}

export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest & { principal: Principal }>();
  return { principal: req.principal, correlationId: String(req.id), ifMatch: parseIfMatch(req.headers['if-match']) };
});

/** Sets the ETag of a resource: the revision of its stream. */
export function setEtag(reply: FastifyReply, revision: number | bigint | undefined): void {
  if (revision !== undefined) reply.header('etag', `"${revision}"`);
}
