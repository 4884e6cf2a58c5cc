/**
 * The application module: every feature module, the operations endpoints, and the two app-wide providers (the auth
 * guard every route passes, and the error filter that answers in Auth0's error body). `forRoot` takes the options
 * the foundation is built from (configuration, logger, and in tests their own clock, ids or event store).
 * The module graph is drawn in docs/architecture.md, "Modules".
 */
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ActionsModule } from './actions/actions.module';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { BindingsModule } from './bindings/bindings.module';
import { BuildsModule } from './builds/builds.module';
import { DraftTestsModule } from './draft-tests/draft-tests.module';
import { FoundationModule, FoundationOptions } from './foundation.module';
import { HealthController } from './operations/health.controller';
import { ProjectionsModule } from './projections/projections.module';
import { RuntimeModule } from './runtime/runtime.module';
import { AuthZeroErrorFilter } from './shared/http/error-filter';

export type AppOptions = FoundationOptions;

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        FoundationModule.forRoot(options),
        ProjectionsModule,
        ActionsModule,
        BindingsModule,
        AuditModule,
        DraftTestsModule,
        RuntimeModule,
        BuildsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AuthZeroErrorFilter },
      ],
    };
  }
}
