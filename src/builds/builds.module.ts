/**
 * Wires the build reactor (build-reactor.ts) into Nest: it starts with the app, wakes after every projection batch,
 * reports its queue to /metrics, and stops before the projections and the event store close.
 */
import { Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Metrics } from '../operations/metrics';
import { ProjectionRunner } from '../projections/projection-runner';
import { ProjectionsModule } from '../projections/projections.module';
import { RuntimeModule } from '../runtime/runtime.module';
import { ACTION_BUILDER, ActionBuilder } from '../runtime/runtime.ports';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../shared/clock';
import { CommandPipeline } from '../shared/command-pipeline';
import { CommandPipelineModule } from '../shared/command-pipeline.module';
import { LOGGER, PinoLogger } from '../shared/logging';
import { READ_MODELS, ReadModels } from '../shared/read-models';
import { BuildReactor } from './build-reactor';

class BuildReactorLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly reactor: BuildReactor,
    private readonly runner: ProjectionRunner,
  ) {}
  onApplicationBootstrap(): void {
    this.runner.onBatchApplied(() => this.reactor.notify());
    this.reactor.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.reactor.stop();
  }
}

@Module({
  imports: [RuntimeModule, ProjectionsModule, CommandPipelineModule],
  providers: [
    {
      provide: BuildReactor,
      useFactory: (
        config: AppConfig,
        readModels: ReadModels,
        pipeline: CommandPipeline,
        builder: ActionBuilder,
        clock: Clock,
        ids: IdGenerator,
        metrics: Metrics,
        logger: PinoLogger,
      ) =>
        new BuildReactor({
          config,
          readModels,
          pipeline,
          builder,
          clock,
          ids,
          hooks: {
            onQueue: (queued, running) => {
              metrics.buildsQueued.set(queued);
              metrics.buildsRunning.set(running);
            },
            onBuildFinished: (status, seconds) => metrics.buildDuration.observe({ status }, seconds),
            onError: (error, actionId) => {
              metrics.buildErrors.inc();
              logger.warn(
                { err: error.message, actionId },
                'build reactor: a build or its outcome could not be handled; retrying',
              );
            },
          },
        }),
      inject: [APP_CONFIG, READ_MODELS, CommandPipeline, ACTION_BUILDER, CLOCK, ID_GENERATOR, Metrics, LOGGER],
    },
    {
      provide: BuildReactorLifecycle,
      useFactory: (r: BuildReactor, p: ProjectionRunner) => new BuildReactorLifecycle(r, p),
      inject: [BuildReactor, ProjectionRunner],
    },
  ],
  exports: [BuildReactor],
})
export class BuildsModule {}
