/**
 * Triggers and their bindings: the PATCH that replaces a trigger's bindings, the unbinding step of an action's delete,
 * the bindings read side, and what a trigger runs now (BOUND_VERSIONS_SOURCE, the runtime's port onto the read side).
 */
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ActionsModule } from '../actions/actions.module';
import { ActionsQueries } from '../actions/actions.queries';
import { AuditModule } from '../audit/audit.module';
import { ProjectionRunner } from '../projections/projection-runner';
import { ProjectionsModule } from '../projections/projections.module';
import { BOUND_VERSIONS_SOURCE } from '../runtime/runtime.ports';
import { SECRET_BOX, SecretBox } from '../secrets/secret-box';
import { CommandPipelineModule } from '../shared/command-pipeline.module';
import { BindingsQueries } from './bindings.queries';
import { ReadModelBoundVersions } from './bound-versions.source';
import { UnbindActionHandler } from './commands/unbind-action.handler';
import { UpdateBindingsHandler } from './commands/update-bindings.handler';
import { TriggersController } from './http/triggers.controller';

@Module({
  imports: [CqrsModule, CommandPipelineModule, ProjectionsModule, ActionsModule, AuditModule],
  controllers: [TriggersController],
  providers: [
    BindingsQueries,
    UpdateBindingsHandler,
    UnbindActionHandler,
    {
      provide: ReadModelBoundVersions,
      // The in-memory view forgets a tenant's triggers whenever the projections apply an event of that tenant.
      useFactory: (bindings: BindingsQueries, actions: ActionsQueries, box: SecretBox, runner: ProjectionRunner) => {
        const source = new ReadModelBoundVersions(bindings, actions, box);
        runner.onBatchApplied((events) => source.invalidate(events));
        return source;
      },
      inject: [BindingsQueries, ActionsQueries, SECRET_BOX, ProjectionRunner],
    },
    { provide: BOUND_VERSIONS_SOURCE, useExisting: ReadModelBoundVersions },
  ],
  exports: [BindingsQueries, BOUND_VERSIONS_SOURCE],
})
export class BindingsModule {}
