/**
 * Global guard: every route under /api/v2 and /runtime needs a valid bearer token (401 otherwise) and one of the
 * scopes its handler declares with @RequireScopes (403 otherwise). Health, metrics and docs are public.
 */
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../shared/http/error-filter';
import { Principal, PUBLIC_ROUTE, REQUIRED_SCOPES } from './auth.decorators';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const path = request.url.split('?')[0];
    const scopes = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_SCOPES, targets);
    if (!scopes && !path.startsWith('/api/v2') && !path.startsWith('/runtime')) return true;

    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) this.unauthorized(context, header === undefined ? 'Missing authentication' : 'Bad HTTP authentication header format');
    try {
      request.principal = await this.verifier.verify(match![1]);
    } catch (e) {
      if (e instanceof InvalidTokenError) this.unauthorized(context, e.message);
      throw e;
    }
    if (scopes && !scopes.some((s) => request.principal!.scopes.has(s))) {
      throw new ApiError(403, `Insufficient scope, expected any of: ${scopes.join(',')}`, 'insufficient_scope');
    }
    return true;
  }

  private unauthorized(context: ExecutionContext, message: string): never {
    context.switchToHttp().getResponse<FastifyReply>().header('www-authenticate', 'Bearer realm="actions"');
    throw new ApiError(401, message);
  }
}
