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
exports.AuthZeroErrorFilter = exports.ApiError = void 0;
exports.errorBody = errorBody;
/**
 * Every error leaves the service in Auth0's body: {statusCode, error, message, errorCode?} (management-api.md §6).
 * Domain errors map by kind; Nest and Fastify errors (bad JSON, wrong media type, body too large) keep their 4xx
 * status; anything else is a 500 with a generic message, and is logged (never its request body).
 */
const common_1 = require("@nestjs/common");
const node_http_1 = require("node:http");
const domain_errors_1 = require("../domain-errors");
const logging_1 = require("../logging");
const STATUS_BY_KIND = {
    not_found: 404,
    conflict: 409,
    invalid: 400,
    precondition: 412,
    limit: 409,
};
function errorBody(statusCode, message, errorCode) {
    return { statusCode, error: node_http_1.STATUS_CODES[statusCode] ?? 'Error', message, ...(errorCode ? { errorCode } : {}) };
}
/** An HttpException whose response is already an Auth0 error body. */
class ApiError extends common_1.HttpException {
    constructor(statusCode, message, errorCode) {
        super(errorBody(statusCode, message, errorCode), statusCode);
    }
}
exports.ApiError = ApiError;
let AuthZeroErrorFilter = class AuthZeroErrorFilter {
    logger;
    constructor(logger) {
        this.logger = logger;
    }
    catch(exception, host) {
        const reply = host.switchToHttp().getResponse();
        const request = host.switchToHttp().getRequest();
        const body = this.toBody(exception, request);
        if (body.statusCode >= 500) {
            this.logger.error({ err: exception, method: request?.method, url: request?.url }, 'request failed');
        }
        if (body.statusCode === 412)
            reply.header('content-type', 'application/json');
        void reply.status(body.statusCode).send(body);
    }
    toBody(exception, request) {
        if (exception instanceof domain_errors_1.DomainError) {
            const status = STATUS_BY_KIND[exception.kind];
            const code = exception.errorCode ?? (exception.kind === 'precondition' ? 'precondition_failed' : undefined);
            return errorBody(status, exception.message, status === 404 ? undefined : code);
        }
        if (exception instanceof common_1.HttpException) {
            const status = exception.getStatus();
            const response = exception.getResponse();
            if (typeof response === 'object' && response !== null && 'statusCode' in response && 'error' in response && 'message' in response) {
                const r = response;
                if (typeof r.message === 'string')
                    return r;
            }
            if (status === 404)
                return errorBody(404, `Route ${request?.method ?? ''} ${request?.url?.split('?')[0] ?? ''} does not exist.`.replace('  ', ' '));
            return errorBody(status, exception.message, status === 400 ? 'invalid_body' : undefined);
        }
        const fastifyError = exception;
        if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
            const status = fastifyError.statusCode;
            return errorBody(status, `Invalid request: ${fastifyError.message ?? 'bad request'}`, status === 400 ? 'invalid_body' : undefined);
        }
        return errorBody(500, 'An internal error occurred; it has been logged.');
    }
};
exports.AuthZeroErrorFilter = AuthZeroErrorFilter;
exports.AuthZeroErrorFilter = AuthZeroErrorFilter = __decorate([
    (0, common_1.Catch)(),
    __param(0, (0, common_1.Inject)(logging_1.LOGGER)),
    __metadata("design:paramtypes", [Object])
], AuthZeroErrorFilter);
//# sourceMappingURL=error-filter.js.map