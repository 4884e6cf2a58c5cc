/**
 * How controllers declare what they need. The global AuthGuard (auth.guard.ts) verifies the bearer token on every
 * route under /api/v2 and /runtime, checks the scopes declared here, and attaches the Principal to the request.
 */
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export interface Principal {
  tenantId: string;
  /** `sub` of the token (used as the event actor). */
  subject: string;
  scopes: ReadonlySet<string>;
}

export const REQUIRED_SCOPES = 'auth:requiredScopes';
export const PUBLIC_ROUTE = 'auth:public';

/** The caller needs at least one of these scopes (Auth0: "Insufficient scope, expected any of: …"). */
export const RequireScopes = (...scopes: string[]) => SetMetadata(REQUIRED_SCOPES, scopes);

/** No token needed (health, metrics, docs). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

/** Injects the authenticated Principal. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!req.principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return req.principal;
});
