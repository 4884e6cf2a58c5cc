/**
 * Wires the read store and the projection runner into Nest: the runner starts once the app is up and stops after
 * the HTTP server has closed (in-flight writes still wait for their projections), then the read store closes.
 */
import { Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { EVENT_STORE, EventStore } from '../event-store/port';
import { PROJECTIONS_PROBE, ProjectionsProbe } from '../operations/readiness-probes';
import { Metrics } from '../operations/metrics';
import { PROJECTION_PROGRESS } from '../shared/command-pipeline';
import { LOGGER, PinoLogger } from '../shared/logging';
import { READ_MODELS } from '../shared/read-models';
import { ALL_PROJECTIONS } from './all-projections';
import { ProjectionRunner } from './projection-runner';
import { ReadStore } from './read-store';

class ProjectionsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly readStore: ReadStore,
  ) {}
  onApplicationBootstrap(): void {
    this.runner.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    this.readStore.close();
  }
}

function probe(runner: ProjectionRunner, metrics: Metrics): ProjectionsProbe {
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

@Module({
  providers: [
    {
      provide: ReadStore,
      useFactory: (config: AppConfig) => ReadStore.inDataDir(config.dataDir),
      inject: [APP_CONFIG],
    },
    { provide: READ_MODELS, useExisting: ReadStore },
    {
      provide: ProjectionRunner,
      useFactory: (store: EventStore, readStore: ReadStore, logger: PinoLogger) =>
        new ProjectionRunner(store, readStore, ALL_PROJECTIONS, { logger: logger.child({ component: 'projections' }) }),
      inject: [EVENT_STORE, ReadStore, LOGGER],
    },
    { provide: PROJECTION_PROGRESS, useExisting: ProjectionRunner },
    { provide: PROJECTIONS_PROBE, useFactory: probe, inject: [ProjectionRunner, Metrics] },
    {
      provide: ProjectionsLifecycle,
      useFactory: (r: ProjectionRunner, s: ReadStore) => new ProjectionsLifecycle(r, s),
      inject: [ProjectionRunner, ReadStore],
    },
  ],
  exports: [ReadStore, READ_MODELS, ProjectionRunner, PROJECTION_PROGRESS, PROJECTIONS_PROBE],
})
export class ProjectionsModule {}
