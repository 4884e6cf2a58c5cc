"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.BuildsModule = void 0;
/**
 * Wires the build reactor (build-reactor.ts) into Nest: it starts with the app, wakes after every projection batch,
 * reports its queue to /metrics, and stops before the projections and the event store close.
 */
const common_1 = require("@nestjs/common");
const config_1 = require("../config/config");
const metrics_1 = require("../operations/metrics");
const projection_runner_1 = require("../projections/projection-runner");
const runtime_module_1 = require("../runtime/runtime.module");
const runtime_ports_1 = require("../runtime/runtime.ports");
const clock_1 = require("../shared/clock");
const command_pipeline_1 = require("../shared/command-pipeline");
const logging_1 = require("../shared/logging");
const read_models_1 = require("../shared/read-models");
const build_reactor_1 = require("./build-reactor");
class BuildReactorLifecycle {
    reactor;
    runner;
    constructor(reactor, runner) {
        this.reactor = reactor;
        this.runner = runner;
    }
    onApplicationBootstrap() {
        this.runner.onBatchApplied(() => this.reactor.notify());
        this.reactor.start();
    }
    async onApplicationShutdown() {
        await this.reactor.stop();
    }
}
let BuildsModule = class BuildsModule {
};
exports.BuildsModule = BuildsModule;
exports.BuildsModule = BuildsModule = __decorate([
    (0, common_1.Module)({
        imports: [runtime_module_1.RuntimeModule],
        providers: [
            {
                provide: build_reactor_1.BuildReactor,
                useFactory: (config, readModels, pipeline, builder, clock, ids, metrics, logger) => new build_reactor_1.BuildReactor({
                    config, readModels, pipeline, builder, clock, ids,
                    hooks: {
                        onQueue: (queued, running) => {
                            metrics.buildsQueued.set(queued);
                            metrics.buildsRunning.set(running);
                        },
                        onBuildFinished: (status, seconds) => metrics.buildDuration.observe({ status }, seconds),
                        onError: (error, actionId) => {
                            metrics.buildErrors.inc();
                            logger.warn({ err: error.message, actionId }, 'a build outcome could not be recorded; retrying');
                        },
                    },
                }),
                inject: [config_1.APP_CONFIG, read_models_1.READ_MODELS, command_pipeline_1.CommandPipeline, runtime_ports_1.ACTION_BUILDER, clock_1.CLOCK, clock_1.ID_GENERATOR, metrics_1.Metrics, logging_1.LOGGER],
            },
            { provide: BuildReactorLifecycle, useFactory: (r, p) => new BuildReactorLifecycle(r, p), inject: [build_reactor_1.BuildReactor, projection_runner_1.ProjectionRunner] },
        ],
        exports: [build_reactor_1.BuildReactor],
    })
], BuildsModule);
//# sourceMappingURL=builds.module.js.map