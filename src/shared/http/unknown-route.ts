/**
 * Requests no route matched, answered in Auth0's error body (the router's own 404 would be Nest's default body):
 * a path that some route has under other methods is a 405 with `Allow`; any other path is a 404.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody, errorBody } from './error-filter';

const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

/** True when the request reached the not-found handler rather than a route. */
export function isUnmatchedRoute(request: FastifyRequest | undefined): request is FastifyRequest {
  return request !== undefined && request.routeOptions?.url === undefined;
}

/** The Auth0 body for an unmatched request; sets `Allow` on the reply for a 405. */
export function unmatchedRouteBody(request: FastifyRequest, reply: FastifyReply): ErrorBody {
  const path = request.url.split('?')[0];
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  const allowed = METHODS.filter((method) => method !== request.method && routeExists(request, method, path));
  if (allowed.length > 0) {
    void reply.header('allow', allowed.join(', '));
    return errorBody(
      405,
      `Method ${request.method} is not allowed on ${shown}; allowed: ${allowed.join(', ')}.`,
      'method_not_allowed',
    );
  }
  return errorBody(404, `Route ${request.method} ${shown} does not exist.`, 'route_not_found');
}

function routeExists(request: FastifyRequest, method: string, path: string): boolean {
  try {
    return request.server.findRoute({ method: method as 'GET', url: path }) !== null;
  } catch {
    return false;
  }
}
