"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.BODY_LIMIT_BYTES = void 0;
exports.createApp = createApp;
/**
 * Builds the service: Fastify + Nest, the global auth guard and error filter, JSON body parsing that accepts an
 * empty body (SDKs POST deploy/rollback with none), request metrics, and the OpenAPI page at /api/docs.
 * main.ts and the end-to-end tests both start the service through createApp.
 */
require("reflect-metadata");
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const core_1 = require("@nestjs/core");
const platform_fastify_1 = require("@nestjs/platform-fastify");
const swagger_1 = require("@nestjs/swagger");
const foundation_module_1 = require("./foundation.module");
const projections_module_1 = require("./projections/projections.module");
const read_side_module_1 = require("./read-side.module");
const actions_module_1 = require("./actions/actions.module");
const builds_module_1 = require("./builds/builds.module");
const runtime_module_1 = require("./runtime/runtime.module");
const auth_guard_1 = require("./auth/auth.guard");
const error_filter_1 = require("./shared/http/error-filter");
const logging_1 = require("./shared/logging");
const health_controller_1 = require("./operations/health.controller");
const metrics_1 = require("./operations/metrics");
exports.BODY_LIMIT_BYTES = 1024 * 1024;
function appModule(options) {
    let AppModule = class AppModule {
    };
    AppModule = __decorate([
        (0, common_1.Module)({
            imports: [foundation_module_1.FoundationModule.forRoot(options), projections_module_1.ProjectionsModule, read_side_module_1.ReadSideModule, runtime_module_1.RuntimeModule, actions_module_1.ActionsModule, builds_module_1.BuildsModule],
            controllers: [health_controller_1.HealthController],
            providers: [
                { provide: core_1.APP_GUARD, useClass: auth_guard_1.AuthGuard },
                { provide: core_1.APP_FILTER, useClass: error_filter_1.AuthZeroErrorFilter },
            ],
        })
    ], AppModule);
    return AppModule;
}
function installJsonParser(fastify) {
    const strict = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeContentTypeParser(['application/json', 'text/plain']);
    fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: exports.BODY_LIMIT_BYTES }, (req, body, done) => {
        if (typeof body === 'string' && body.trim() === '')
            return done(null, undefined);
        strict(req, body, (error, parsed) => {
            if (error)
                return done(error, undefined);
            if (nestingDepth(parsed) > MAX_JSON_DEPTH) {
                return done(Object.assign(new Error(`the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 }), undefined);
            }
            done(null, parsed);
        });
    });
}
/** No request of this API nests beyond a few levels; deeper bodies are refused before validation recurses into them. */
const MAX_JSON_DEPTH = 32;
/** Depth of a parsed JSON value (iterative, so a hostile body cannot overflow the stack here either). */
function nestingDepth(value) {
    let deepest = 0;
    const stack = [[value, 0]];
    while (stack.length > 0) {
        const [v, depth] = stack.pop();
        if (typeof v !== 'object' || v === null)
            continue;
        deepest = Math.max(deepest, depth + 1);
        if (deepest > MAX_JSON_DEPTH)
            return deepest;
        for (const child of Object.values(v))
            stack.push([child, depth + 1]);
    }
    return deepest;
}
function installRequestMetrics(fastify, metrics) {
    const children = new Map();
    fastify.addHook('onResponse', (request, reply, done) => {
        const route = request.routeOptions.url ?? 'unmatched';
        const status = String(reply.statusCode);
        const key = `${request.method} ${status} ${route}`;
        let child = children.get(key);
        if (!child) {
            child = { count: metrics.httpRequests.labels(request.method, route, status), duration: metrics.httpDuration.labels(request.method, route) };
            if (children.size < 10_000)
                children.set(key, child);
        }
        child.count.inc();
        child.duration.observe(reply.elapsedTime / 1000);
        done();
    });
}
function installDocs(app, config) {
    const document = swagger_1.SwaggerModule.createDocument(app, new swagger_1.DocumentBuilder()
        .setTitle('Open Actions — Auth0 Actions Management API')
        .setDescription('Wire-compatible with Auth0 Management API v2 (actions, versions, triggers, bindings, executions) plus the runtime API.')
        .setVersion('1')
        .addBearerAuth()
        .addServer(`http://${config.host}:${config.port}`)
        .build());
    swagger_1.SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
async function createApp(options) {
    const adapter = new platform_fastify_1.FastifyAdapter({
        bodyLimit: exports.BODY_LIMIT_BYTES,
        // Errors raised by the router itself (a malformed %-escape, an over-long path parameter) in Auth0's body too.
        frameworkErrors: (error, _request, reply) => {
            const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
            const detail = error.message.length > 200 ? `${error.message.slice(0, 200)}…` : error.message;
            void reply.status(status).send((0, error_filter_1.errorBody)(status, `Path validation error: ${detail}`, 'invalid_uri'));
        },
        genReqId: (req) => {
            const given = req.headers['x-request-id'];
            return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : (0, node_crypto_1.randomUUID)();
        },
    });
    const app = await core_1.NestFactory.create(appModule(options), adapter, {
        logger: new logging_1.NestPinoLogger(options.logger),
        bufferLogs: false,
        bodyParser: false,
    });
    const fastify = app.getHttpAdapter().getInstance();
    installJsonParser(fastify);
    installRequestMetrics(fastify, app.get(metrics_1.Metrics));
    installDocs(app, options.config);
    return app;
}
//# sourceMappingURL=app.factory.js.map