"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuthGuard = exports.TOKEN_VERIFIER = void 0;
/**
 * Global guard: every route under /api/v2 and /runtime needs a valid bearer token (401 otherwise) and one of the
 * scopes its handler declares with @RequireScopes (403 otherwise). Health, metrics and docs are public.
 */
const common_1 = require("@nestjs/common");
const core_1 = require("@nestjs/core");
const error_filter_1 = require("../shared/http/error-filter");
const auth_decorators_1 = require("./auth.decorators");
const token_verifier_1 = require("./token-verifier");
exports.TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
let AuthGuard = class AuthGuard {
    reflector;
    verifier;
    constructor(reflector, verifier) {
        this.reflector = reflector;
        this.verifier = verifier;
    }
    /** What the decorators of a handler say, read once per handler (metadata does not change at run time). */
    routes = new WeakMap();
    async canActivate(context) {
        const handler = context.getHandler();
        let route = this.routes.get(handler);
        if (!route) {
            const targets = [handler, context.getClass()];
            route = {
                isPublic: !!this.reflector.getAllAndOverride(auth_decorators_1.PUBLIC_ROUTE, targets),
                scopes: this.reflector.getAllAndOverride(auth_decorators_1.REQUIRED_SCOPES, targets),
            };
            this.routes.set(handler, route);
        }
        if (route.isPublic)
            return true;
        const request = context.switchToHttp().getRequest();
        const path = request.url.split('?')[0];
        const scopes = route.scopes;
        if (!scopes && !path.startsWith('/api/v2') && !path.startsWith('/runtime'))
            return true;
        const header = request.headers.authorization;
        const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
        if (!match)
            this.unauthorized(context, header === undefined ? 'Missing authentication' : 'Bad HTTP authentication header format');
        try {
            request.principal = await this.verifier.verify(match[1]);
        }
        catch (e) {
            if (e instanceof token_verifier_1.InvalidTokenError)
                this.unauthorized(context, e.message);
            throw e;
        }
        if (scopes && !scopes.some((s) => request.principal.scopes.has(s))) {
            throw new error_filter_1.ApiError(403, `Insufficient scope, expected any of: ${scopes.join(',')}`, 'insufficient_scope');
        }
        return true;
    }
    unauthorized(context, message) {
        context.switchToHttp().getResponse().header('www-authenticate', 'Bearer realm="actions"');
        throw new error_filter_1.ApiError(401, message);
    }
};
exports.AuthGuard = AuthGuard;
exports.AuthGuard = AuthGuard = __decorate([
    (0, common_1.Injectable)(),
    __param(1, (0, common_1.Inject)(exports.TOKEN_VERIFIER)),
    __metadata("design:paramtypes", [core_1.Reflector,
        token_verifier_1.TokenVerifier])
], AuthGuard);
//# sourceMappingURL=auth.guard.js.map