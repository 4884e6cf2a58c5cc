/**
 * Global guard: every route under /api/v2 and /runtime needs a valid bearer token (401 otherwise) and one of the
 * scopes its handler declares with @RequireScopes (403 otherwise). Health, metrics and docs are public.
 */
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../shared/http/error-filter';
import { Principal, PUBLIC_ROUTE, REQUIRED_SCOPES } from './auth.decorators';
import { InvalidTokenError, TOKEN_VERIFIER, TokenVerifier } from './token-verifier';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  /** What the decorators of a handler say, read once per handler (metadata does not change at run time). */
  private readonly routes = new WeakMap<object, { isPublic: boolean; scopes?: string[] }>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const handler = context.getHandler();
    let route = this.routes.get(handler);
    if (!route) {
      const targets = [handler, context.getClass()];
      route = {
        isPublic: !!this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets),
        scopes: this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_SCOPES, targets),
      };
      this.routes.set(handler, route);
    }
    if (route.isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const path = request.url.split('?')[0];
    const scopes = route.scopes;
    if (!scopes && !path.startsWith('/api/v2') && !path.startsWith('/runtime')) return true;

    request.principal = await authenticate(
      this.verifier,
      request.headers.authorization,
      scopes,
      context.switchToHttp().getResponse<FastifyReply>(),
    );
    return true;
  }
}

/**
 * The principal of a request's `Authorization` header: 401 (with WWW-Authenticate) without a valid bearer token, 403
 * without one of `scopes`. The guard's check, shared with routes served on Fastify directly (runtime/http).
 */
export async function authenticate(
  verifier: TokenVerifier,
  header: string | undefined,
  scopes: readonly string[] | undefined,
  reply: { header(name: string, value: string): unknown },
): Promise<Principal> {
  const unauthorized = (message: string): never => {
    reply.header('www-authenticate', 'Bearer realm="actions"');
    throw new ApiError(401, message);
  };
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) unauthorized(header === undefined ? 'Missing authentication' : 'Bad HTTP authentication header format');
  let principal: Principal;
  try {
    principal = await verifier.verify(match![1]);
  } catch (e) {
    if (e instanceof InvalidTokenError) unauthorized(e.message);
    throw e;
  }
  if (scopes && !scopes.some((s) => principal.scopes.has(s))) {
    throw new ApiError(403, `Insufficient scope, expected any of: ${scopes.join(',')}`, 'insufficient_scope');
  }
  return principal;
}
