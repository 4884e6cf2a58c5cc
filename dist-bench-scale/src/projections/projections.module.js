"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ProjectionsModule = exports.ALL_PROJECTIONS = void 0;
/**
 * Wires the read store and the projection runner into Nest: the runner starts once the app is up and stops after
 * the HTTP server has closed (in-flight writes still wait for their projections), then the read store closes.
 */
const common_1 = require("@nestjs/common");
const config_1 = require("../config/config");
const port_1 = require("../event-store/port");
const actions_projection_1 = require("../actions/projections/actions.projection");
const bindings_projection_1 = require("../bindings/projections/bindings.projection");
const pending_builds_projection_1 = require("../builds/pending-builds.projection");
const health_controller_1 = require("../operations/health.controller");
const metrics_1 = require("../operations/metrics");
const command_pipeline_1 = require("../shared/command-pipeline");
const logging_1 = require("../shared/logging");
const read_models_1 = require("../shared/read-models");
const projection_runner_1 = require("./projection-runner");
const read_store_1 = require("./read-store");
/** Every projection of the service. */
exports.ALL_PROJECTIONS = [actions_projection_1.actionsProjection, bindings_projection_1.bindingsProjection, pending_builds_projection_1.pendingBuildsProjection];
class ProjectionsLifecycle {
    runner;
    readStore;
    constructor(runner, readStore) {
        this.runner = runner;
        this.readStore = readStore;
    }
    onApplicationBootstrap() {
        this.runner.start();
    }
    async onApplicationShutdown() {
        await this.runner.stop();
        this.readStore.close();
    }
}
function probe(runner, metrics) {
    return {
        readiness() {
            const s = runner.status();
            for (const p of s.projections) {
                metrics.projectionParked.set({ projection: p.name }, p.parked ? 1 : 0);
                metrics.projectionLag.set({ projection: p.name }, p.lag);
            }
            const parked = s.projections.filter((p) => p.parked);
            return { ok: s.caughtUpAtStart && parked.length === 0 && !s.failure, ...s };
        },
    };
}
let ProjectionsModule = class ProjectionsModule {
};
exports.ProjectionsModule = ProjectionsModule;
exports.ProjectionsModule = ProjectionsModule = __decorate([
    (0, common_1.Global)(),
    (0, common_1.Module)({
        providers: [
            { provide: read_store_1.ReadStore, useFactory: (config) => read_store_1.ReadStore.inDataDir(config.dataDir), inject: [config_1.APP_CONFIG] },
            { provide: read_models_1.READ_MODELS, useExisting: read_store_1.ReadStore },
            {
                provide: projection_runner_1.ProjectionRunner,
                useFactory: (store, readStore, logger) => new projection_runner_1.ProjectionRunner(store, readStore, exports.ALL_PROJECTIONS, { logger: logger.child({ component: 'projections' }) }),
                inject: [port_1.EVENT_STORE, read_store_1.ReadStore, logging_1.LOGGER],
            },
            { provide: command_pipeline_1.PROJECTION_PROGRESS, useExisting: projection_runner_1.ProjectionRunner },
            { provide: health_controller_1.PROJECTIONS_PROBE, useFactory: probe, inject: [projection_runner_1.ProjectionRunner, metrics_1.Metrics] },
            { provide: ProjectionsLifecycle, useFactory: (r, s) => new ProjectionsLifecycle(r, s), inject: [projection_runner_1.ProjectionRunner, read_store_1.ReadStore] },
        ],
        exports: [read_store_1.ReadStore, read_models_1.READ_MODELS, projection_runner_1.ProjectionRunner, command_pipeline_1.PROJECTION_PROGRESS, health_controller_1.PROJECTIONS_PROBE],
    })
], ProjectionsModule);
//# sourceMappingURL=projections.module.js.map