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
exports.HealthController = exports.REDIS_PROBE = exports.PROJECTIONS_PROBE = void 0;
/**
 * /health/live: 200 while the process runs. /health/ready: 200 only when the event store answers, Redis answers
 * (when configured), and the projections have caught up with the head of the log seen at start and none is parked;
 * otherwise 503 with a body naming each part that is not ready. /metrics: Prometheus text. No token needed.
 */
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const auth_decorators_1 = require("../auth/auth.decorators");
const port_1 = require("../event-store/port");
const metrics_1 = require("./metrics");
exports.PROJECTIONS_PROBE = Symbol('PROJECTIONS_PROBE');
exports.REDIS_PROBE = Symbol('REDIS_PROBE');
const PROBE_TIMEOUT_MS = 2000;
async function withTimeout(check) {
    let timer;
    const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${PROBE_TIMEOUT_MS} ms` }), PROBE_TIMEOUT_MS);
    });
    try {
        return await Promise.race([check().catch((e) => ({ ok: false, error: e.message })), timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
let HealthController = class HealthController {
    store;
    projections;
    metrics;
    redis;
    constructor(store, projections, metrics, redis) {
        this.store = store;
        this.projections = projections;
        this.metrics = metrics;
        this.redis = redis;
    }
    live() {
        return { status: 'ok' };
    }
    async ready(reply) {
        const [eventStore, redis] = await Promise.all([
            withTimeout(async () => {
                await this.store.ping();
                return { ok: true, kind: this.store.kind };
            }),
            this.redis ? withTimeout(() => this.redis.readiness()) : Promise.resolve(undefined),
        ]);
        const projections = this.projections.readiness();
        const checks = { eventStore, projections, ...(redis ? { redis } : {}) };
        const ok = Object.values(checks).every((c) => c.ok);
        void reply.status(ok ? 200 : 503);
        return { status: ok ? 'ready' : 'not_ready', checks };
    }
    async prometheus() {
        this.projections.readiness(); // refreshes the projection gauges (lag, parked) to this moment
        return this.metrics.registry.metrics();
    }
};
exports.HealthController = HealthController;
__decorate([
    (0, common_1.Get)('health/live'),
    (0, auth_decorators_1.PublicRoute)(),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], HealthController.prototype, "live", null);
__decorate([
    (0, common_1.Get)('health/ready'),
    (0, auth_decorators_1.PublicRoute)(),
    __param(0, (0, common_1.Res)({ passthrough: true })),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Promise)
], HealthController.prototype, "ready", null);
__decorate([
    (0, common_1.Get)('metrics'),
    (0, auth_decorators_1.PublicRoute)(),
    (0, common_1.Header)('content-type', 'text/plain; version=0.0.4; charset=utf-8'),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Promise)
], HealthController.prototype, "prometheus", null);
exports.HealthController = HealthController = __decorate([
    (0, swagger_1.ApiExcludeController)(),
    (0, common_1.Controller)(),
    __param(0, (0, common_1.Inject)(port_1.EVENT_STORE)),
    __param(1, (0, common_1.Inject)(exports.PROJECTIONS_PROBE)),
    __param(3, (0, common_1.Optional)()),
    __param(3, (0, common_1.Inject)(exports.REDIS_PROBE)),
    __metadata("design:paramtypes", [Object, Object, metrics_1.Metrics, Object])
], HealthController);
//# sourceMappingURL=health.controller.js.map