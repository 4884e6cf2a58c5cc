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
Object.defineProperty(exports, "__esModule", { value: true });
exports.Metrics = void 0;
/**
 * Prometheus metrics (GET /metrics): HTTP requests and latencies, executions, cache hits/misses, projection lag.
 * One registry per process; other modules record through the Metrics service.
 */
const common_1 = require("@nestjs/common");
const prom_client_1 = require("prom-client");
let Metrics = class Metrics {
    registry = new prom_client_1.Registry();
    httpRequests = new prom_client_1.Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
    httpDuration = new prom_client_1.Histogram({
        name: 'http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry],
    });
    executions = new prom_client_1.Counter({ name: 'action_executions_total', help: 'Trigger executions', labelNames: ['trigger', 'status'], registers: [this.registry] });
    cacheLookups = new prom_client_1.Counter({ name: 'action_cache_lookups_total', help: 'api.cache.get calls', labelNames: ['result'], registers: [this.registry] });
    projectionLag = new prom_client_1.Gauge({ name: 'projection_lag_events', help: 'Events between the head of the log and a projection checkpoint', labelNames: ['projection'], registers: [this.registry] });
    projectionParked = new prom_client_1.Gauge({ name: 'projection_parked', help: '1 when a projection is parked on a failing event', labelNames: ['projection'], registers: [this.registry] });
    buildsQueued = new prom_client_1.Gauge({ name: 'builds_queued', help: 'Pending drafts waiting for a build slot', registers: [this.registry] });
    buildsRunning = new prom_client_1.Gauge({ name: 'builds_running', help: 'Draft builds running now', registers: [this.registry] });
    buildDuration = new prom_client_1.Histogram({
        name: 'build_duration_seconds', help: 'Draft build time (install, bundle, load check), by outcome', labelNames: ['status'],
        buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers: [this.registry],
    });
    buildErrors = new prom_client_1.Counter({ name: 'build_reactor_errors_total', help: 'Builds whose outcome could not be recorded (retried)', registers: [this.registry] });
    constructor() {
        (0, prom_client_1.collectDefaultMetrics)({ register: this.registry });
    }
};
exports.Metrics = Metrics;
exports.Metrics = Metrics = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [])
], Metrics);
//# sourceMappingURL=metrics.js.map