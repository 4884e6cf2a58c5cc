"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CurrentPrincipal = exports.PublicRoute = exports.RequireScopes = exports.PUBLIC_ROUTE = exports.REQUIRED_SCOPES = void 0;
/**
 * How controllers declare what they need. The global AuthGuard (auth.guard.ts) verifies the bearer token on every
 * route under /api/v2 and /runtime, checks the scopes declared here, and attaches the Principal to the request.
 */
const common_1 = require("@nestjs/common");
exports.REQUIRED_SCOPES = 'auth:requiredScopes';
exports.PUBLIC_ROUTE = 'auth:public';
/** The caller needs at least one of these scopes (Auth0: "Insufficient scope, expected any of: …"). */
const RequireScopes = (...scopes) => (0, common_1.SetMetadata)(exports.REQUIRED_SCOPES, scopes);
exports.RequireScopes = RequireScopes;
/** No token needed (health, metrics, docs). */
const PublicRoute = () => (0, common_1.SetMetadata)(exports.PUBLIC_ROUTE, true);
exports.PublicRoute = PublicRoute;
/** Injects the authenticated Principal. */
exports.CurrentPrincipal = (0, common_1.createParamDecorator)((_, ctx) => {
    const req = ctx.switchToHttp().getRequest();
    if (!req.principal)
        throw new Error('CurrentPrincipal used on a route without authentication');
    return req.principal;
});
//# sourceMappingURL=auth.decorators.js.map